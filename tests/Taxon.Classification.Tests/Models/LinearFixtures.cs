using System.Text.Json;
using Taxon.Classification.Data;

namespace Taxon.Classification.Tests.Models;

/// <summary>
/// scikit-learn's reference fits of LogisticRegression and LinearSVC, from fixtures/sklearn_linear.json (written by
/// fixtures/make_sklearn_linear.py): the data sets, and per case the options, coef_, intercept_, predict_proba on
/// held-out rows and the objective value at scikit-learn's solution.
/// </summary>
internal static class LinearFixtures
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn_linear.json"))).RootElement);

    public sealed record DataSet(double[][] X, int[] Y, double[][] XTest)
    {
        public int Features => X[0].Length;

        public FeatureMatrix Features32(bool sparse = false) => Matrix(X, sparse);

        public FeatureMatrix Test32(bool sparse = false) => Matrix(XTest, sparse);

        public LabeledData Labeled(bool sparse = false) => new(Features32(sparse), [.. Y.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

        private static FeatureMatrix Matrix(double[][] rows, bool sparse)
        {
            var values = new float[rows.Length * rows[0].Length];
            for (int i = 0; i < rows.Length; i++)
            {
                for (int j = 0; j < rows[i].Length; j++)
                {
                    values[i * rows[i].Length + j] = (float)rows[i][j];
                }
            }
            FeatureMatrix x = new DenseMatrix(values, rows.Length, rows[0].Length);
            return sparse ? x.ToSparse() : x;
        }
    }

    public sealed record Case(string Name, string Data, double C, string Option, bool FitIntercept, double[][] Coef, double[] Intercept,
        double[][]? Proba, double Objective)
    {
        public DataSet Set => Dataset(Data);
    }

    public static DataSet Dataset(string name)
    {
        JsonElement d = Root.Value.GetProperty("data").GetProperty(name);
        return new DataSet(Matrix(d.GetProperty("x")), [.. d.GetProperty("y").EnumerateArray().Select(e => e.GetInt32())], Matrix(d.GetProperty("x_test")));
    }

    public static Case Logistic(string name) => Find("logistic", name, "penalty");

    public static Case Svc(string name) => Find("svc", name, "loss");

    public static TheoryData<string> Names(string section) =>
        [.. Root.Value.GetProperty(section).EnumerateArray().Select(e => e.GetProperty("name").GetString()!)];

    private static Case Find(string section, string name, string option)
    {
        JsonElement c = Root.Value.GetProperty(section).EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        return new Case(name, c.GetProperty("data").GetString()!, c.GetProperty("c").GetDouble(), c.GetProperty(option).GetString()!,
            !c.TryGetProperty("fit_intercept", out JsonElement fi) || fi.GetBoolean(),
            Matrix(c.GetProperty("coef")), [.. c.GetProperty("intercept").EnumerateArray().Select(e => e.GetDouble())],
            c.TryGetProperty("proba", out JsonElement p) ? Matrix(p) : null, c.GetProperty("objective").GetDouble());
    }

    private static double[][] Matrix(JsonElement e) => [.. e.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray())];
}
