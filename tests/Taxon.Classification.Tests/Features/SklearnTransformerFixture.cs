using System.Text.Json;
using Taxon.Classification.Data;

namespace Taxon.Classification.Tests.Features;

/// <summary>fixtures/sklearn_transformers.json, written by fixtures/make_sklearn_transformers.py (scikit-learn 1.2.1).</summary>
internal static class SklearnTransformerFixture
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn_transformers.json"))).RootElement);

    public static JsonElement Get(string name) => Root.Value.GetProperty(name);

    /// <summary>A {rows, columns, data} entry as float64 values.</summary>
    public static double[,] Doubles(JsonElement m)
    {
        int rows = m.GetProperty("rows").GetInt32(), columns = m.GetProperty("columns").GetInt32();
        var result = new double[rows, columns];
        int k = 0;
        foreach (JsonElement v in m.GetProperty("data").EnumerateArray())
        {
            result[k / columns, k % columns] = v.GetDouble();
            k++;
        }
        return result;
    }

    /// <summary>A {rows, columns, data} entry of float32-exact inputs as a dense matrix.</summary>
    public static DenseMatrix Matrix(JsonElement m) => FeatureMatrix.Dense(Doubles(m));

    public static double[] Vector(JsonElement v) => [.. v.EnumerateArray().Select(e => e.GetDouble())];

    /// <summary>The largest |a − b| over all entries, after checking the shapes agree.</summary>
    public static double MaxAbsDiff(double[,] expected, FeatureMatrix actual)
    {
        Assert.Equal(expected.GetLength(0), actual.Rows);
        Assert.Equal(expected.GetLength(1), actual.Columns);
        double max = 0;
        for (int i = 0; i < actual.Rows; i++)
        {
            for (int j = 0; j < actual.Columns; j++)
            {
                max = Math.Max(max, Math.Abs(expected[i, j] - actual[i, j]));
            }
        }
        return max;
    }
}
