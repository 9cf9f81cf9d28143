using System.Globalization;
using System.Text.Json;
using Taxon.Tuning.Pruners;
using Taxon.Tuning.Samplers;

namespace Taxon.Tuning.Tests;

/// <summary>
/// TPE's densities l(x) and g(x) on fixed study histories against Optuna 3.1's, from fixtures/tpe_parity.json
/// (written by fixtures/make_tpe_fixtures.py). These pin everything in a suggestion but the random draws: the
/// ranking of complete and pruned trials, n_below = gamma(n), trials lacking a parameter, the weights ramp, the
/// prior, the neighbour sigmas (which follow NumPy's unstable argsort among tied values) and the magic clip, for
/// every kind of distribution and both directions.
/// </summary>
public class TpeParityTests
{
    private static readonly JsonElement Fixture = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "tpe_parity.json"))).RootElement;

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Fixture.GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DensitiesOnAFixedHistoryMatchOptuna31(string name)
    {
        var c = Fixture.GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);
        var distributions = new Dictionary<string, ParameterDistribution>();
        foreach (var d in c.GetProperty("distributions").EnumerateObject())
        {
            distributions[d.Name] = ReadDistribution(d.Value);
        }
        var study = BuildStudy(c, distributions);
        var sampler = new TpeSampler(new TpeSamplerOptions { Multivariate = c.GetProperty("multivariate").GetBoolean() });
        var current = study.Storage.GetTrial(study.Ask().TrialId);
        var points = c.GetProperty("points");
        foreach (var expected in c.GetProperty("expected").EnumerateArray())
        {
            var names = expected.GetProperty("params").EnumerateArray().Select(p => p.GetString()!).ToList();
            var space = names.Select(n => new KeyValuePair<string, ParameterDistribution>(n, distributions[n])).ToList();
            var (below, above) = sampler.BuildEstimators(study, current, space)
                ?? throw new InvalidOperationException("the history is past the startup trials");
            var at = names.Select(n => points.GetProperty(n).EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
            string what = $"{name} {string.Join(",", names)}";
            // Components: one per observation plus the prior.
            Assert.True(expected.GetProperty("n_below").GetInt32() + 1 == below.ComponentCount, $"{what}: below components {below.ComponentCount}");
            Assert.True(expected.GetProperty("n_above").GetInt32() + 1 == above.ComponentCount, $"{what}: above components {above.ComponentCount}");
            AssertClose(Doubles(expected.GetProperty("log_l")), below.LogPdf(at), what + " log l");
            AssertClose(Doubles(expected.GetProperty("log_g")), above.LogPdf(at), what + " log g");
        }
    }

    [Fact]
    public void ArgsortOrdersTiesAsNumPyDoes()
    {
        // Beyond 16 elements NumPy's default argsort is not stable; with a stable sort most of these would differ. The
        // last two are quicksort killers, which take the heapsort fallback.
        foreach (var c in Fixture.GetProperty("argsort").EnumerateArray())
        {
            var values = Doubles(c.GetProperty("values"));
            int[] expected = [.. c.GetProperty("order").EnumerateArray().Select(v => v.GetInt32())];
            Assert.Equal(expected, NumpyArgsort.Argsort(values));
        }
    }

    private static Study BuildStudy(JsonElement c, Dictionary<string, ParameterDistribution> distributions)
    {
        var direction = c.GetProperty("direction").GetString() == "maximize" ? StudyDirection.Maximize : StudyDirection.Minimize;
        // The history's parameters are enqueued, so the sampler that records it never draws.
        var study = Study.Create(new StudyOptions { Direction = direction, Sampler = new RandomSampler(0), Pruner = new NopPruner() });
        foreach (var t in c.GetProperty("trials").EnumerateArray())
        {
            var fixedParams = new Dictionary<string, object?>();
            foreach (var p in t.GetProperty("params").EnumerateObject())
            {
                fixedParams[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetDouble();
            }
            study.EnqueueTrial(fixedParams);
            var trial = study.Ask();
            foreach (var (n, d) in distributions)
            {
                if (fixedParams.ContainsKey(n))
                {
                    trial.Suggest(n, d);
                }
            }
            if (t.GetProperty("state").GetString() == "pruned")
            {
                foreach (var iv in t.GetProperty("intermediate").EnumerateObject())
                {
                    double v = iv.Value.ValueKind == JsonValueKind.String ? double.Parse(iv.Value.GetString()!, CultureInfo.InvariantCulture) : iv.Value.GetDouble();
                    trial.Report(v, int.Parse(iv.Name, CultureInfo.InvariantCulture));
                }
                study.Tell(trial, TrialState.Pruned);
            }
            else
            {
                study.Tell(trial, t.GetProperty("value").GetDouble());
            }
        }
        return study;
    }

    private static ParameterDistribution ReadDistribution(JsonElement d)
    {
        string type = d.GetProperty("type").GetString()!;
        if (type == "categorical")
        {
            return new CategoricalDistribution(d.GetProperty("choices").EnumerateArray().Select(x => (object?)x.GetString()).ToList());
        }
        bool log = d.GetProperty("log").GetBoolean();
        var step = d.GetProperty("step");
        return type == "int"
            ? new IntDistribution(d.GetProperty("low").GetInt64(), d.GetProperty("high").GetInt64(), log, step.GetInt64())
            : new FloatDistribution(d.GetProperty("low").GetDouble(), d.GetProperty("high").GetDouble(), log, step.ValueKind == JsonValueKind.Null ? null : step.GetDouble());
    }

    private static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetDouble())];

    private static void AssertClose(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-9 * Math.Max(1, Math.Abs(expected[i])),
                $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
