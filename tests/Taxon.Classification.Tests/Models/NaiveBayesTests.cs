using System.Text.Json;
using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Tests.Models;

public sealed class NaiveBayesTests
{
    // Closed-form estimates computed in double: they match scikit-learn to rounding.
    private const double Tolerance = 1e-9;

    public static TheoryData<int, bool> Cases()
    {
        var data = new TheoryData<int, bool>();
        for (int i = 0; i < SklearnFixture.Count("naive_bayes"); i++)
        {
            data.Add(i, false);
            data.Add(i, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_scikit_learn(int index, bool sparse)
    {
        JsonElement c = SklearnFixture.Case("naive_bayes", index);
        string kind = c.GetProperty("kind").GetString()!;
        JsonElement p = c.GetProperty("params");
        var (train, test) = SklearnFixture.Data(c.GetProperty("data").GetString()!, sparse);
        string what = $"{kind} {p} on {c.GetProperty("data").GetString()}{(sparse ? " (sparse)" : "")}";
        var model = (NaiveBayesModel)Estimator(kind, p).Fit(train);

        Assert.Equal(SklearnFixture.Strings(c.GetProperty("classes")), model.Classes);
        Assert.Equal(SklearnFixture.Strings(c.GetProperty("predict")), model.Predict(test));
        SklearnFixture.AssertClose(SklearnFixture.Matrix(c.GetProperty("predict_proba")), model.PredictProba(test), Tolerance, what + " predict_proba");
        double[,] jll = SklearnFixture.Matrix(c.GetProperty("joint_log_likelihood"));
        double[,] decision = model.DecisionFunction(test);
        int k = model.Classes.Count;
        var row = new double[k];
        for (int i = 0; i < test.Rows; i++)
        {
            model.PredictJointLogProba(test.Row(i), row);
            for (int j = 0; j < k; j++)
            {
                SklearnFixture.AssertClose(jll[i, j], row[j], Tolerance * Math.Max(1, Math.Abs(jll[i, j])), $"{what} jll[{i}, {j}]");
            }
            if (k == 2)
            {
                SklearnFixture.AssertClose(jll[i, 1] - jll[i, 0], decision[i, 0], Tolerance * Math.Max(1, Math.Abs(jll[i, 1])), $"{what} log-odds[{i}]");
            }
            else
            {
                Assert.Equal(row, Enumerable.Range(0, k).Select(j => decision[i, j]));
            }
        }

        if (model is GaussianNaiveBayesModel g)
        {
            double[,] theta = SklearnFixture.Matrix(c.GetProperty("theta")), variance = SklearnFixture.Matrix(c.GetProperty("var"));
            for (int j = 0; j < k; j++)
            {
                SklearnFixture.AssertClose(Row(theta, j), g.Theta(j), Tolerance, what + " theta");
                SklearnFixture.AssertClose(Row(variance, j), g.Var(j), Tolerance, what + " var");
            }
            SklearnFixture.AssertClose(SklearnFixture.Vector(c.GetProperty("class_prior")), g.ClassPrior, Tolerance, what + " class_prior");
            double epsilon = c.GetProperty("epsilon").GetDouble();
            SklearnFixture.AssertClose(epsilon, g.Epsilon, epsilon * 1e-12, what + " epsilon");
            return;
        }
        SklearnFixture.AssertClose(SklearnFixture.Vector(c.GetProperty("class_log_prior")), model.ClassLogPrior, Tolerance, what + " class_log_prior");
        double[,] logProb = SklearnFixture.Matrix(c.GetProperty("feature_log_prob"));
        for (int j = 0; j < k; j++)
        {
            ReadOnlySpan<double> actual = model switch
            {
                MultinomialNaiveBayesModel m => m.FeatureLogProb(j),
                BernoulliNaiveBayesModel b => b.FeatureLogProb(j),
                ComplementNaiveBayesModel cm => cm.FeatureLogProb(j),
                _ => throw new InvalidOperationException(model.GetType().Name),
            };
            SklearnFixture.AssertClose(Row(logProb, j), actual, Tolerance, what + " feature_log_prob");
        }
    }

    [Theory]
    [InlineData("multinomial")]
    [InlineData("complement")]
    public void Negative_counts_are_an_error_naming_the_sample_and_feature(string kind)
    {
        var x = new DenseMatrix([1, 2, 0, 3, 0, 1, 4, -0.5f, 2], 3, 3);
        var data = new LabeledData(x, ["a", "b", "a"]) { Source = "counts.csv", LineNumbers = [2, 3, 4] };
        Classifier estimator = Estimator(kind, default);
        string message = Assert.Throws<ArgumentException>(() => estimator.Fit(data)).Message;
        Assert.Contains("counts.csv line 4", message);
        Assert.Contains("feature 1", message);
        Assert.Contains("negative", message);

        message = Assert.Throws<ArgumentException>(() => estimator.Fit(x.ToSparse(), [0, 1, 0], ["a", "b"])).Message;
        Assert.Contains("row 2", message);
        Assert.Contains("feature 1", message);
    }

    [Fact]
    public void Bernoulli_with_a_negative_threshold_reads_sparse_zeros_as_present()
    {
        LabeledData train = ConformanceDataFor(sparse: false);
        var options = new BernoulliNaiveBayesOptions { Binarize = -0.5 };
        ClassifierModel dense = new BernoulliNaiveBayes(options).Fit(train);
        ClassifierModel sparse = new BernoulliNaiveBayes(options).Fit(train.WithFeatures(train.Features.ToSparse()));
        SklearnFixture.AssertClose(dense.PredictProba(train.Features), sparse.PredictProba(train.Features.ToSparse()), 1e-12, "proba");
        SklearnFixture.AssertClose(dense.PredictProba(train.Features), dense.PredictProba(train.Features.ToSparse()), 1e-12, "proba");
    }

    [Fact]
    public void Options_out_of_range_name_the_setting()
    {
        Assert.Contains("Alpha", Assert.Throws<ArgumentException>(() => new MultinomialNaiveBayes(new() { Alpha = -1 })).Message);
        Assert.Contains("ClassPrior", Assert.Throws<ArgumentException>(() => new ComplementNaiveBayes(new() { ClassPrior = [0.5, -0.5] })).Message);
        Assert.Contains("Binarize", Assert.Throws<ArgumentException>(() => new BernoulliNaiveBayes(new() { Binarize = double.NaN })).Message);
        Assert.Contains("Priors", Assert.Throws<ArgumentException>(() => new GaussianNaiveBayes(new() { Priors = [0.5, 0.6] })).Message);
        Assert.Contains("VarSmoothing", Assert.Throws<ArgumentException>(() => new GaussianNaiveBayes(new() { VarSmoothing = -1 })).Message);
        LabeledData train = ConformanceDataFor(sparse: false);
        Assert.Contains("ClassPrior has 2 values", Assert.Throws<ArgumentException>(
            () => new MultinomialNaiveBayes(new() { ClassPrior = [0.5, 0.5] }).Fit(train)).Message);
    }

    private static LabeledData ConformanceDataFor(bool sparse) =>
        Conformance.ConformanceData.Blobs(60, 5, 3, seed: 4, nonNegative: true, sparse: sparse);

    private static Classifier Estimator(string kind, JsonElement p)
    {
        double? Get(string name) => p.ValueKind == JsonValueKind.Object ? SklearnFixture.Number(p, name) : null;
        bool fitPrior = p.ValueKind != JsonValueKind.Object || !p.TryGetProperty("fit_prior", out JsonElement f) || f.GetBoolean();
        double[]? prior = p.ValueKind == JsonValueKind.Object && p.TryGetProperty("class_prior", out JsonElement cp) ? SklearnFixture.Vector(cp) : null;
        double alpha = Get("alpha") ?? 1.0;
        return kind switch
        {
            "multinomial" => new MultinomialNaiveBayes(new() { Alpha = alpha, FitPrior = fitPrior, ClassPrior = prior }),
            "bernoulli" => new BernoulliNaiveBayes(new() { Alpha = alpha, FitPrior = fitPrior, ClassPrior = prior, Binarize = Get("binarize") ?? 0.0 }),
            "complement" => new ComplementNaiveBayes(new()
            {
                Alpha = alpha, FitPrior = fitPrior, ClassPrior = prior,
                Norm = p.ValueKind == JsonValueKind.Object && p.TryGetProperty("norm", out JsonElement n) && n.GetBoolean(),
            }),
            "gaussian" => new GaussianNaiveBayes(new()
            {
                VarSmoothing = Get("var_smoothing") ?? 1e-9,
                Priors = p.ValueKind == JsonValueKind.Object && p.TryGetProperty("priors", out JsonElement pr) ? SklearnFixture.Vector(pr) : null,
            }),
            _ => throw new ArgumentException(kind),
        };
    }

    private static double[] Row(double[,] m, int i) => [.. Enumerable.Range(0, m.GetLength(1)).Select(j => m[i, j])];
}
