using System.Text.Json;

namespace Taxon.Classification.Tests.Metrics;

/// <summary>
/// The scikit-learn 1.2.1 reference cases in <c>fixtures/sklearn_metric_cases.json</c>, written by
/// <c>fixtures/make_sklearn_metric_cases.py</c> (its header documents the sections and how to regenerate them).
/// </summary>
public static class SklearnMetricCases
{
    private static readonly Lazy<JsonDocument> s_document = new(() =>
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn_metric_cases.json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                "Metric fixture file not found; regenerate it with /usr/bin/python3 tests/Taxon.Classification.Tests/fixtures/make_sklearn_metric_cases.py", path);
        }
        return JsonDocument.Parse(File.ReadAllBytes(path));
    });

    /// <summary>The case names of one section, for xunit MemberData.</summary>
    public static TheoryData<string> Names(string section)
    {
        var data = new TheoryData<string>();
        foreach (JsonElement c in s_document.Value.RootElement.GetProperty(section).EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }
        return data;
    }

    /// <summary>The case named <paramref name="name"/> in <paramref name="section"/>.</summary>
    public static JsonElement Case(string section, string name)
    {
        foreach (JsonElement c in s_document.Value.RootElement.GetProperty(section).EnumerateArray())
        {
            if (c.GetProperty("name").GetString() == name)
            {
                return c;
            }
        }
        throw new KeyNotFoundException($"No {section} fixture case named '{name}'.");
    }

    public static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];

    public static byte[] Bytes(JsonElement array) => [.. array.EnumerateArray().Select(e => (byte)e.GetInt32())];

    public static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    public static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())];

    /// <summary>A list of equal-length rows as a matrix.</summary>
    public static double[,] Matrix(JsonElement rows)
    {
        double[][] r = [.. rows.EnumerateArray().Select(Doubles)];
        var m = new double[r.Length, r.Length == 0 ? 0 : r[0].Length];
        for (int i = 0; i < r.Length; i++)
        {
            for (int j = 0; j < r[i].Length; j++)
            {
                m[i, j] = r[i][j];
            }
        }
        return m;
    }

    /// <summary>The number, or null where scikit-learn refused to compute it.</summary>
    public static double? Optional(JsonElement c, string property) =>
        c.TryGetProperty(property, out JsonElement e) && e.ValueKind != JsonValueKind.Null ? e.GetDouble() : null;

    /// <summary>Asserts |expected - actual| &lt;= 1e-9 and records the largest difference seen.</summary>
    public static void Close(double expected, double actual, string what)
    {
        double diff = Math.Abs(expected - actual);
        Assert.True(diff <= 1e-9, $"{what}: expected {expected:R}, got {actual:R} (|diff| = {diff:E2})");
    }

    public static void Close(IReadOnlyList<double> expected, IReadOnlyList<double> actual, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Close(expected[i], actual[i], $"{what}[{i}]");
        }
    }
}
