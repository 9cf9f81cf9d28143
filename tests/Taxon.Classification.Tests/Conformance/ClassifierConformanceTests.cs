using System.Text.Json;
using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Tests.Conformance;

/// <summary>
/// The contract every single-label estimator keeps (scikit-learn: <c>check_estimator</c>): reproducible fits,
/// exact save/load, proper probabilities, untouched options, and clear errors for unusable input.
/// </summary>
public sealed class ClassifierConformanceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("taxon-conformance-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static LabeledData Train(ConformanceCases.Case c, int classes = 3, bool sparse = false) =>
        ConformanceData.Blobs(90, 5, classes, seed: 1, c.NonNegative, sparse);

    private static LabeledData Test(ConformanceCases.Case c, int classes = 3, bool sparse = false) =>
        ConformanceData.Blobs(30, 5, classes, seed: 2, c.NonNegative, sparse);

    [Theory]
    [MemberData(nameof(ConformanceCases.ClassifierData), MemberType = typeof(ConformanceCases))]
    public void Same_options_and_data_give_the_same_model(ConformanceCases.Case c)
    {
        LabeledData train = Train(c), test = Test(c);
        ClassifierModel a = c.Create().Fit(train), b = c.Create().Fit(train);
        Assert.Equal(a.Predict(test.Features), b.Predict(test.Features));
        Assert.Equal(a.PredictProba(test.Features), b.PredictProba(test.Features));
        Assert.Equal(a.DecisionFunction(test.Features), b.DecisionFunction(test.Features));
    }

    [Theory]
    [MemberData(nameof(ConformanceCases.ClassifierData), MemberType = typeof(ConformanceCases))]
    public void Save_and_load_give_identical_predictions(ConformanceCases.Case c)
    {
        foreach (int classes in new[] { 2, 3 })
        {
            LabeledData train = Train(c, classes), test = Test(c, classes);
            ClassifierModel model = c.Create().Fit(train);
            string path = Path.Combine(_dir, $"{c.Name}-{classes}.taxon");
            model.Save(path);
            ClassifierModel loaded = ClassifierModel.Load(path);
            Assert.Equal(model.GetType(), loaded.GetType());
            Assert.Equal(model.Classes, loaded.Classes);
            Assert.Equal(model.FeatureCount, loaded.FeatureCount);
            Assert.Equal(model.Predict(test.Features), loaded.Predict(test.Features));
            Assert.Equal(model.PredictProba(test.Features), loaded.PredictProba(test.Features));
            Assert.Equal(model.DecisionFunction(test.Features), loaded.DecisionFunction(test.Features));
        }
    }

    [Theory]
    [MemberData(nameof(ConformanceCases.ClassifierData), MemberType = typeof(ConformanceCases))]
    public void Probabilities_lie_in_0_1_and_sum_to_1_and_agree_with_predictions(ConformanceCases.Case c)
    {
        foreach (int classes in new[] { 2, 3, 4 })
        {
            LabeledData train = Train(c, classes), test = Test(c, classes);
            ClassifierModel model = c.Create().Fit(train);
            Assert.Equal(Enumerable.Range(0, classes).Select(k => "c" + k), model.Classes);
            double[,] p = model.PredictProba(test.Features);
            double[,] d = model.DecisionFunction(test.Features);
            Assert.Equal(classes == 2 ? 1 : classes, d.GetLength(1));
            Assert.Equal(classes, p.GetLength(1));
            string[] predicted = model.Predict(test.Features);
            for (int i = 0; i < test.Count; i++)
            {
                double sum = 0;
                for (int j = 0; j < classes; j++)
                {
                    Assert.InRange(p[i, j], 0.0, 1.0);
                    sum += p[i, j];
                }
                Assert.Equal(1.0, sum, 1e-9);
                Assert.Contains(predicted[i], model.Classes);
            }
            Assert.True(model.Score(test) > 0.5, $"{c.Name} scores {model.Score(test)} on separable blobs with {classes} classes");
        }
    }

    [Theory]
    [MemberData(nameof(ConformanceCases.ClassifierData), MemberType = typeof(ConformanceCases))]
    public void Options_are_not_changed_by_fitting(ConformanceCases.Case c)
    {
        Classifier estimator = c.Create();
        string before = Describe(estimator);
        estimator.Fit(Train(c));
        Assert.Equal(before, Describe(estimator));
    }

    [Theory]
    [MemberData(nameof(ConformanceCases.ClassifierData), MemberType = typeof(ConformanceCases))]
    public void Sparse_input_gives_the_same_predictions_as_dense(ConformanceCases.Case c)
    {
        if (!c.Sparse)
        {
            return;
        }
        LabeledData dense = Train(c), test = Test(c);
        LabeledData sparse = dense.WithFeatures(dense.Features.ToSparse());
        ClassifierModel a = c.Create().Fit(dense), b = c.Create().Fit(sparse);
        Assert.Equal(a.Predict(test.Features), b.Predict(test.Features.ToSparse()));
        double[,] pa = a.PredictProba(test.Features), pb = b.PredictProba(test.Features.ToSparse());
        for (int i = 0; i < pa.GetLength(0); i++)
        {
            for (int j = 0; j < pa.GetLength(1); j++)
            {
                Assert.Equal(pa[i, j], pb[i, j], 1e-6);
            }
        }
    }

    [Theory]
    [MemberData(nameof(ConformanceCases.ClassifierData), MemberType = typeof(ConformanceCases))]
    public void One_class_gives_a_constant_predictor(ConformanceCases.Case c)
    {
        LabeledData train = Train(c);
        var only = new LabeledData(train.Features, Enumerable.Repeat("spam", train.Count).ToArray());
        ClassifierModel model = c.Create().Fit(only);
        Assert.IsType<ConstantClassifierModel>(model);
        Assert.All(model.Predict(Test(c).Features), p => Assert.Equal("spam", p));
    }

    [Theory]
    [MemberData(nameof(ConformanceCases.ClassifierData), MemberType = typeof(ConformanceCases))]
    public void Unusable_input_gives_clear_errors(ConformanceCases.Case c)
    {
        Classifier estimator = c.Create();
        var empty = new LabeledData(new DenseMatrix([], 0, 5), []) { Source = "empty.csv" };
        Assert.Contains("empty.csv", Assert.Throws<ArgumentException>(() => estimator.Fit(empty)).Message);

        LabeledData train = Train(c);
        float[] values = train.Features.ToDense().Values.ToArray();
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity })
        {
            values[7 * 5 + 3] = bad;
            var data = new LabeledData(new DenseMatrix(values, train.Count, 5), [.. train.Labels])
            {
                Source = "train.csv",
                LineNumbers = Enumerable.Range(2, train.Count).ToArray(),
            };
            string message = Assert.Throws<ArgumentException>(() => estimator.Fit(data)).Message;
            Assert.Contains("train.csv", message);
            Assert.Contains("line 9", message);
            Assert.Contains("feature 3", message);
        }

        ClassifierModel model = estimator.Fit(train);
        LabeledData test = Test(c);
        var unseen = new LabeledData(test.Features, [.. test.Labels.Select((l, i) => i == 4 ? "never-seen" : l)])
        {
            Source = "test.csv",
            LineNumbers = Enumerable.Range(2, test.Count).ToArray(),
        };
        string unseenMessage = Assert.Throws<ArgumentException>(() => model.Score(unseen)).Message;
        Assert.Contains("never-seen", unseenMessage);
        Assert.Contains("test.csv line 6", unseenMessage);

        var narrow = new DenseMatrix(new float[4 * 3], 4, 3);
        Assert.Contains("3 features", Assert.Throws<ArgumentException>(() => model.Predict(narrow)).Message);

        var multi = new LabeledData(train.Features, train.Labels.Select(l => new[] { l }).ToArray());
        Assert.Contains("multi-label", Assert.Throws<ArgumentException>(() => estimator.Fit(multi)).Message);
    }

    [Theory]
    [MemberData(nameof(ConformanceCases.ClassifierData), MemberType = typeof(ConformanceCases))]
    public void A_damaged_model_file_fails_with_a_message_naming_it(ConformanceCases.Case c)
    {
        ClassifierModel model = c.Create().Fit(Train(c));
        string path = Path.Combine(_dir, c.Name + ".taxon");
        model.Save(path);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0x40;
        string damaged = Path.Combine(_dir, c.Name + "-damaged.taxon");
        File.WriteAllBytes(damaged, bytes);
        Assert.Contains(damaged, Assert.Throws<InvalidDataException>(() => ClassifierModel.Load(damaged)).Message);
        string cut = Path.Combine(_dir, c.Name + "-cut.taxon");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        Assert.Contains(cut, Assert.Throws<InvalidDataException>(() => ClassifierModel.Load(cut)).Message);
    }

    /// <summary>The estimator's public state (its options), as JSON, to detect mutation.</summary>
    private static string Describe(Classifier estimator) =>
        JsonSerializer.Serialize(estimator.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0)
            .ToDictionary(p => p.Name, p => p.GetValue(estimator)?.ToString()));
}
