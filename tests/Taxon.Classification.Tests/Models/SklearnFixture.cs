using System.Text.Json;
using Taxon.Classification.Data;

namespace Taxon.Classification.Tests.Models;

/// <summary>Reads fixtures/sklearn_nb_knn.json, written by fixtures/make_sklearn_nb_knn.py (scikit-learn 1.2.1).</summary>
internal static class SklearnFixture
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn_nb_knn.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    public static JsonElement Case(string group, int index) => Root.GetProperty(group)[index];

    public static int Count(string group) => Root.GetProperty(group).GetArrayLength();

    /// <summary>The named data set's train and test parts, dense or as CSR.</summary>
    public static (LabeledData Train, FeatureMatrix Test) Data(string name, bool sparse)
    {
        JsonElement data = Root.GetProperty("data").GetProperty(name);
        FeatureMatrix train = FeatureMatrix.Dense(Matrix(data.GetProperty("train_x")));
        FeatureMatrix test = FeatureMatrix.Dense(Matrix(data.GetProperty("test_x")));
        string[] labels = Strings(data.GetProperty("train_y"));
        return sparse ? (new LabeledData(train.ToSparse(), labels), test.ToSparse()) : (new LabeledData(train, labels), test);
    }

    public static double[,] Matrix(JsonElement rows)
    {
        int n = rows.GetArrayLength(), m = n == 0 ? 0 : rows[0].GetArrayLength();
        var result = new double[n, m];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < m; j++)
            {
                result[i, j] = rows[i][j].GetDouble();
            }
        }
        return result;
    }

    public static double[] Vector(JsonElement values) => [.. values.EnumerateArray().Select(v => v.GetDouble())];

    public static string[] Strings(JsonElement values) => [.. values.EnumerateArray().Select(v => v.GetString()!)];

    public static double? Number(JsonElement parameters, string name) =>
        parameters.TryGetProperty(name, out JsonElement v) ? v.GetDouble() : null;

    /// <summary>Asserts every entry agrees within <paramref name="tolerance"/>, naming the first that does not.</summary>
    public static void AssertClose(double[,] expected, double[,] actual, double tolerance, string what)
    {
        Assert.Equal(expected.GetLength(0), actual.GetLength(0));
        Assert.Equal(expected.GetLength(1), actual.GetLength(1));
        for (int i = 0; i < expected.GetLength(0); i++)
        {
            for (int j = 0; j < expected.GetLength(1); j++)
            {
                AssertClose(expected[i, j], actual[i, j], tolerance, $"{what}[{i}, {j}]");
            }
        }
    }

    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int j = 0; j < expected.Length; j++)
        {
            AssertClose(expected[j], actual[j], tolerance, $"{what}[{j}]");
        }
    }

    public static void AssertClose(double expected, double actual, double tolerance, string what)
    {
        bool ok = expected == actual || Math.Abs(expected - actual) <= tolerance;
        Assert.True(ok, $"{what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):E2})");
    }
}
