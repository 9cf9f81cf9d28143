using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Taxon.Kernels;

namespace Taxon.Cli;

/// <summary>
/// <c>taxon bench gemm</c>: GFLOP/s of square float32 C = A·B through <see cref="Gemm.Sgemm"/>, best of
/// repeated runs after warm-up; <c>bench/gemm/run.sh</c> compares it with NumPy.
/// </summary>
internal static class BenchGemm
{
    private const int Seed = 42;
    private const double WarmupSeconds = 0.1;

    /// <summary>Builds the <c>gemm</c> subcommand.</summary>
    public static Command CreateCommand()
    {
        var sizes = new Option<int[]>("--sizes")
        {
            Description = "Comma-separated square sizes n to time.",
            DefaultValueFactory = _ => [64, 128, 256, 512, 1024, 2048],
            CustomParser = ParseSizes,
        };
        var threads = new Option<int>("--threads")
        {
            Description = "Threads for the multiply (default: all processors).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
            CustomParser = result => ParsePositive<int>(result, "--threads", NumberStyles.Integer, int.TryParse),
        };
        var provider = new Option<string>("--provider")
        {
            Description = "GEMM implementation: managed (built-in) or openblas (needs libopenblas installed); "
                + "the default follows TAXON_BLAS.",
            DefaultValueFactory = _ => Gemm.Provider == GemmProvider.OpenBlas ? "openblas" : "managed",
        };
        provider.AcceptOnlyFromAmong("managed", "openblas");
        var minTime = new Option<double>("--min-time")
        {
            Description = "Seconds of timed repeats per size, after warm-up.",
            DefaultValueFactory = _ => 0.5,
            CustomParser = result => ParsePositive<double>(result, "--min-time", NumberStyles.Float, double.TryParse),
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON line instead of a table." };

        var command = new Command("gemm", "Time square float32 matrix multiply C = A·B (GFLOP/s, best of repeats).");
        command.Options.Add(sizes);
        command.Options.Add(threads);
        command.Options.Add(provider);
        command.Options.Add(minTime);
        command.Options.Add(json);
        command.SetAction(parseResult => Run(
            parseResult.GetValue(sizes)!,
            parseResult.GetValue(threads),
            parseResult.GetValue(provider)!,
            parseResult.GetValue(minTime),
            parseResult.GetValue(json)));
        return command;
    }

    private static int[] ParseSizes(ArgumentResult result)
    {
        var values = new List<int>();
        foreach (var token in result.Tokens)
        {
            foreach (string part in token.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || n > 16384)
                {
                    result.AddError($"--sizes: '{part}' is not a size between 1 and 16384.");
                    return [];
                }

                values.Add(n);
            }
        }

        if (values.Count == 0)
        {
            result.AddError("--sizes needs at least one size, e.g. --sizes 256,512.");
        }

        return [.. values];
    }

    private delegate bool TryParse<T>(string text, NumberStyles style, IFormatProvider provider, out T value);

    private static T ParsePositive<T>(ArgumentResult result, string name, NumberStyles style, TryParse<T> tryParse)
        where T : struct, INumber<T>
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (!tryParse(text, style, CultureInfo.InvariantCulture, out T value) || value <= T.Zero)
        {
            result.AddError($"{name} must be a positive number, got '{text}'.");
        }

        return value;
    }

    private static int Run(int[] sizes, int threads, string providerName, double minTime, bool json)
    {
        GemmProvider provider = providerName == "openblas" ? GemmProvider.OpenBlas : GemmProvider.Managed;
        try
        {
            Gemm.Provider = provider;
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"taxon bench gemm: {e.Message}");
            return 1;
        }

        var results = new List<(int N, double Seconds)>();
        if (!json)
        {
            Console.WriteLine($"GEMM float32 C = A·B, provider {providerName}, {threads} thread(s), best of repeats over {minTime:0.##} s");
            Console.WriteLine($"{"n",6} {"GFLOP/s",10} {"best ms",12} {"runs",7}");
        }

        foreach (int n in sizes)
        {
            (double seconds, int runs) = Time(n, threads, minTime);
            results.Add((n, seconds));
            if (!json)
            {
                Console.WriteLine($"{n,6} {GFlops(n, seconds),10:F1} {seconds * 1e3,12:F3} {runs,7}");
            }
        }

        if (json)
        {
            WriteJson(threads, providerName, results);
        }

        return 0;
    }

    private static (double Seconds, int Runs) Time(int n, int threads, double minTime)
    {
        var rng = new Random(Seed);
        float[] a = RandomMatrix(rng, n), b = RandomMatrix(rng, n), c = new float[n * n];

        // Warm-up: JIT tiers, helper threads and the packing-buffer pool all settle before timing.
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 2 || clock.Elapsed.TotalSeconds < WarmupSeconds; i++)
        {
            Gemm.Sgemm(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n, threads);
        }

        double best = double.MaxValue;
        int runs = 0;
        clock.Restart();
        while (runs < 3 || clock.Elapsed.TotalSeconds < minTime)
        {
            long start = Stopwatch.GetTimestamp();
            Gemm.Sgemm(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n, threads);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
            runs++;
        }

        return (best, runs);
    }

    private static float[] RandomMatrix(Random rng, int n)
    {
        var m = new float[n * n];
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return m;
    }

    private static double GFlops(int n, double seconds) => 2.0 * n * n * n / seconds / 1e9;

    private static void WriteJson(int threads, string provider, List<(int N, double Seconds)> results)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stdout))
        {
            writer.WriteStartObject();
            writer.WriteString("bench", "gemm");
            writer.WriteNumber("threads", threads);
            writer.WriteString("provider", provider);
            writer.WriteStartArray("results");
            foreach ((int n, double seconds) in results)
            {
                writer.WriteStartObject();
                writer.WriteNumber("n", n);
                writer.WriteNumber("gflops", Math.Round(GFlops(n, seconds), 2));
                writer.WriteNumber("seconds", seconds);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        stdout.WriteByte((byte)'\n');
    }
}
