using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Taxon.Tuning.Pruners;
using Taxon.Tuning.Samplers;

namespace Taxon.Tuning.Benchmarks;

/// <summary>
/// The TPE benchmark of the hyperparameter-search issue: minimise a test function with a seeded sampler over an
/// in-memory study and record the best value at checkpoints and the milliseconds per trial. bench/tpe/tpe_optuna.py
/// runs the same with Optuna's TPESampler.
/// </summary>
public static class TpeBenchmark
{
    /// <summary>Runs one study per seed.</summary>
    public static IReadOnlyList<TpeBenchmarkResult> Run(TpeBenchmarkOptions? options = null)
    {
        options ??= new TpeBenchmarkOptions();
        Func<double[], double> function = options.Function switch
        {
            "rosenbrock" => Rosenbrock,
            "sphere" => x => x.Sum(v => v * v),
            _ => throw new ArgumentException($"TpeBenchmark: unknown function '{options.Function}' (rosenbrock or sphere)."),
        };
        var results = new List<TpeBenchmarkResult>();
        foreach (long seed in options.Seeds)
        {
            ISampler sampler = options.Sampler switch
            {
                "tpe" => new TpeSampler(new TpeSamplerOptions { Seed = seed }),
                "tpe-multivariate" => new TpeSampler(new TpeSamplerOptions { Seed = seed, Multivariate = true }),
                "random" => new RandomSampler(seed),
                _ => throw new ArgumentException($"TpeBenchmark: unknown sampler '{options.Sampler}' (tpe, tpe-multivariate or random)."),
            };
            var study = Study.Create(new StudyOptions { Sampler = sampler, Pruner = new NopPruner() });
            var names = Enumerable.Range(0, options.Dimensions).Select(i => "x" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
            var watch = Stopwatch.StartNew();
            study.Optimize(t =>
            {
                var x = new double[names.Length];
                for (int i = 0; i < x.Length; i++)
                {
                    x[i] = t.SuggestFloat(names[i], -options.Bound, options.Bound);
                }
                return function(x);
            }, new OptimizeOptions { Trials = options.Trials });
            double ms = watch.Elapsed.TotalMilliseconds / options.Trials;
            var values = study.Trials.Select(t => t.Value!.Value).ToArray();
            var bestAt = new SortedDictionary<int, double>();
            foreach (int c in options.Checkpoints.Where(c => c <= values.Length))
            {
                bestAt[c] = values.Take(c).Min();
            }
            results.Add(new TpeBenchmarkResult(seed, bestAt, ms));
        }
        return results;
    }

    /// <summary>The JSON line: <c>{"results":[{"seed":0,"best_at":{"50":..},"ms_per_trial":..},..]}</c>, plus the medians.</summary>
    public static string ToJson(IReadOnlyList<TpeBenchmarkResult> results, TpeBenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(options);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("function", options.Function);
            w.WriteNumber("dim", options.Dimensions);
            w.WriteNumber("trials", options.Trials);
            w.WriteString("sampler", options.Sampler);
            w.WriteStartArray("results");
            foreach (var r in results)
            {
                w.WriteStartObject();
                w.WriteNumber("seed", r.Seed);
                w.WriteStartObject("best_at");
                foreach (var (c, v) in r.BestAt)
                {
                    w.WriteNumber(c.ToString(CultureInfo.InvariantCulture), v);
                }
                w.WriteEndObject();
                w.WriteNumber("ms_per_trial", Math.Round(r.MsPerTrial, 4));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("median_best_at");
            foreach (int c in results.SelectMany(r => r.BestAt.Keys).Distinct().Order())
            {
                w.WriteNumber(c.ToString(CultureInfo.InvariantCulture), Median(results.Where(r => r.BestAt.ContainsKey(c)).Select(r => r.BestAt[c])));
            }
            w.WriteEndObject();
            w.WriteNumber("median_ms_per_trial", Math.Round(Median(results.Select(r => r.MsPerTrial)), 4));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Σ 100 (x[i+1] − x[i]²)² + (1 − x[i])², minimum 0 at (1, …, 1).</summary>
    public static double Rosenbrock(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        double sum = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            sum += 100 * Math.Pow(x[i + 1] - x[i] * x[i], 2) + Math.Pow(1 - x[i], 2);
        }
        return sum;
    }

    private static double Median(IEnumerable<double> values)
    {
        var s = values.Order().ToArray();
        if (s.Length == 0)
        {
            return double.NaN;
        }
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }
}
