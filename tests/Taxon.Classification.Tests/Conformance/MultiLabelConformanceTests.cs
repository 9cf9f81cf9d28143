using System.Text.Json;
using Taxon.Classification.Data;
using Taxon.Classification.Models;
using Taxon.Classification.Multilabel;

namespace Taxon.Classification.Tests.Conformance;

/// <summary>
/// The contract every multi-label estimator keeps: reproducible fits, exact save/load (thresholds included),
/// probabilities in [0, 1] that agree with the predicted sets, untouched options, constant label columns, sparse
/// input equal to dense, and clear errors for unusable input.
/// </summary>
public sealed class MultiLabelConformanceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("taxon-ml-conformance-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>One draw split in two, so train and test share the labels' concept.</summary>
    private static (LabeledData Train, LabeledData Test) Data(bool sparse = false)
    {
        LabeledData all = ConformanceData.MultiLabel(200, 6, 4, seed: 1);
        if (sparse)
        {
            all = all.WithFeatures(all.Features.ToSparse());
        }
        return (all.Subset([.. Enumerable.Range(0, 150)]), all.Subset([.. Enumerable.Range(150, 50)]));
    }

    [Theory]
    [MemberData(nameof(ConformanceCases.MultiLabelData), MemberType = typeof(ConformanceCases))]
    public void Same_options_and_data_give_the_same_model(ConformanceCases.MultiLabelCase c)
    {
        var (train, test) = Data();
        MultiLabelModel a = c.Create().Fit(train), b = c.Create().Fit(train);
        Assert.Equal(a.PredictProba(test.Features), b.PredictProba(test.Features));
        Assert.Equal(a.PredictIndicator(test.Features), b.PredictIndicator(test.Features));
    }

    [Theory]
    [MemberData(nameof(ConformanceCases.MultiLabelData), MemberType = typeof(ConformanceCases))]
    public void Save_and_load_give_identical_predictions_and_thresholds(ConformanceCases.MultiLabelCase c)
    {
        var (train, test) = Data();
        MultiLabelModel model = c.Create().Fit(train).WithThresholds([0.3, 0.5, 0.7, 0.45]);
        string path = Path.Combine(_dir, c.Name + ".taxon");
        model.Save(path);
        MultiLabelModel loaded = MultiLabelModel.Load(path);
        Assert.Equal(model.GetType(), loaded.GetType());
        Assert.Equal(model.Labels, loaded.Labels);
        Assert.Equal(model.Thresholds, loaded.Thresholds);
        Assert.Equal(model.FeatureCount, loaded.FeatureCount);
        Assert.Equal(model.PredictProba(test.Features), loaded.PredictProba(test.Features));
        Assert.Equal(model.Predict(test.Features), loaded.Predict(test.Features));
    }

    [Theory]
    [MemberData(nameof(ConformanceCases.MultiLabelData), MemberType = typeof(ConformanceCases))]
    public void Probabilities_lie_in_0_1_and_agree_with_the_predicted_sets(ConformanceCases.MultiLabelCase c)
    {
        var (train, test) = Data();
        MultiLabelModel fitted = c.Create().Fit(train);
        Assert.Equal(["l0", "l1", "l2", "l3"], fitted.Labels);
        foreach (MultiLabelModel model in new[] { fitted, fitted.WithThresholds([0.2, 0.9, 0.5, 0.35]) })
        {
            double[,] p = model.PredictProba(test.Features);
            byte[] predicted = model.PredictIndicator(test.Features);
            for (int i = 0; i < test.Count; i++)
            {
                for (int j = 0; j < 4; j++)
                {
                    Assert.InRange(p[i, j], 0.0, 1.0);
                    Assert.Equal(p[i, j] >= model.Thresholds[j] ? 1 : 0, predicted[i * 4 + j]);
                }
            }
        }
        byte[] truth = LabelIndicator.Encode(test.LabelSets, fitted.Labels);
        byte[] guess = fitted.PredictIndicator(test.Features);
        double hamming = truth.Zip(guess).Count(t => t.First == t.Second) / (double)truth.Length;
        Assert.True(hamming > 0.75, $"{c.Name}: Hamming accuracy {hamming} on a linear concept");
    }

    [Theory]
    [MemberData(nameof(ConformanceCases.MultiLabelData), MemberType = typeof(ConformanceCases))]
    public void Top_k_takes_the_most_probable_labels(ConformanceCases.MultiLabelCase c)
    {
        var (train, test) = Data();
        MultiLabelModel model = c.Create().Fit(train);
        double[,] p = model.PredictProba(test.Features);
        string[][] top = model.PredictTopK(test.Features, 2);
        for (int i = 0; i < test.Count; i++)
        {
            int[] order = [.. Enumerable.Range(0, 4).OrderByDescending(j => p[i, j]).ThenBy(j => j)];
            Assert.Equal([model.Labels[order[0]], model.Labels[order[1]]], top[i]);
        }
        Assert.All(model.PredictTopK(test.Features, 10), t => Assert.Equal(4, t.Length));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.PredictTopK(test.Features, 0));
    }

    [Theory]
    [MemberData(nameof(ConformanceCases.MultiLabelData), MemberType = typeof(ConformanceCases))]
    public void Options_are_not_changed_by_fitting(ConformanceCases.MultiLabelCase c)
    {
        MultiLabelClassifier estimator = c.Create();
        string before = Describe(estimator);
        estimator.Fit(Data().Train);
        Assert.Equal(before, Describe(estimator));
    }

    [Theory]
    [MemberData(nameof(ConformanceCases.MultiLabelData), MemberType = typeof(ConformanceCases))]
    public void Sparse_input_gives_the_same_predictions_as_dense(ConformanceCases.MultiLabelCase c)
    {
        if (!c.Sparse)
        {
            return;
        }
        var (dense, test) = Data();
        var (sparse, sparseTest) = Data(sparse: true);
        MultiLabelModel a = c.Create().Fit(dense), b = c.Create().Fit(sparse);
        double[,] pa = a.PredictProba(test.Features), pb = b.PredictProba(sparseTest.Features);
        for (int i = 0; i < pa.GetLength(0); i++)
        {
            for (int j = 0; j < pa.GetLength(1); j++)
            {
                Assert.Equal(pa[i, j], pb[i, j], 1e-6);
            }
        }
        Assert.Equal(a.Predict(test.Features), b.Predict(sparseTest.Features));
        // A model trained on dense rows reads sparse ones the same way.
        Assert.Equal(a.Predict(test.Features), a.Predict(sparseTest.Features));
    }

    [Theory]
    [MemberData(nameof(ConformanceCases.MultiLabelData), MemberType = typeof(ConformanceCases))]
    public void Constant_label_columns_are_learned_as_constants(ConformanceCases.MultiLabelCase c)
    {
        var (train, test) = Data();
        string[][] sets = [.. train.LabelSets.Select(s => s.Append("always").ToArray())];
        var data = new LabeledData(train.Features, sets, ["l0", "l1", "l2", "l3", "always", "never"]);
        MultiLabelModel model = c.Create().Fit(data);
        Assert.Equal(6, model.Labels.Count);
        string[][] predicted = model.Predict(test.Features);
        Assert.All(predicted, s => Assert.Contains("always", s));
        Assert.All(predicted, s => Assert.DoesNotContain("never", s));
    }

    [Theory]
    [MemberData(nameof(ConformanceCases.MultiLabelData), MemberType = typeof(ConformanceCases))]
    public void Unusable_input_gives_clear_errors(ConformanceCases.MultiLabelCase c)
    {
        MultiLabelClassifier estimator = c.Create();
        var empty = new LabeledData(new DenseMatrix([], 0, 6), Array.Empty<string[]>(), ["a"]) { Source = "empty.arff" };
        Assert.Contains("empty.arff", Assert.Throws<ArgumentException>(() => estimator.Fit(empty)).Message);

        var (train, test) = Data();
        var nothing = new LabeledData(train.Features, [.. train.LabelSets.Select(_ => Array.Empty<string>())]) { Source = "none.arff" };
        Assert.Contains("no sample has a label", Assert.Throws<ArgumentException>(() => estimator.Fit(nothing)).Message);

        float[] values = train.Features.ToDense().Values.ToArray();
        values[4 * 6 + 2] = float.NaN;
        var withNan = new LabeledData(new DenseMatrix(values, train.Count, 6), [.. train.LabelSets.Select(s => s.ToArray())], [.. train.LabelNames!])
        {
            Source = "train.arff",
            LineNumbers = Enumerable.Range(10, train.Count).ToArray(),
        };
        string message = Assert.Throws<ArgumentException>(() => estimator.Fit(withNan)).Message;
        Assert.Contains("train.arff", message);
        Assert.Contains("line 14", message);
        Assert.Contains("feature 2", message);

        var single = new LabeledData(train.Features, [.. train.LabelSets.Select(s => s.Count > 0 ? s[0] : "none")]);
        Assert.Contains("single-label", Assert.Throws<ArgumentException>(() => estimator.Fit(single)).Message);

        MultiLabelModel model = estimator.Fit(train);
        Assert.Contains("3 features", Assert.Throws<ArgumentException>(() => model.Predict(new DenseMatrix(new float[6], 2, 3))).Message);

        var unknown = new LabeledData(test.Features, [.. test.LabelSets.Select((s, i) => i == 3 ? s.Append("mystery").ToArray() : s.ToArray())])
        {
            Source = "valid.arff",
            LineNumbers = Enumerable.Range(2, test.Count).ToArray(),
        };
        string unknownMessage = Assert.Throws<ArgumentException>(() => ThresholdTuning.Tune(model, unknown)).Message;
        Assert.Contains("mystery", unknownMessage);
        Assert.Contains("valid.arff line 5", unknownMessage);
    }

    [Theory]
    [MemberData(nameof(ConformanceCases.MultiLabelData), MemberType = typeof(ConformanceCases))]
    public void A_damaged_model_file_fails_with_a_message_naming_it(ConformanceCases.MultiLabelCase c)
    {
        MultiLabelModel model = c.Create().Fit(Data().Train);
        string path = Path.Combine(_dir, c.Name + ".taxon");
        model.Save(path);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0x40;
        string damaged = Path.Combine(_dir, c.Name + "-damaged.taxon");
        File.WriteAllBytes(damaged, bytes);
        Assert.Contains(damaged, Assert.Throws<InvalidDataException>(() => MultiLabelModel.Load(damaged)).Message);
    }

    private static string Describe(MultiLabelClassifier estimator) =>
        JsonSerializer.Serialize(estimator.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0)
            .ToDictionary(p => p.Name, p => p.GetValue(estimator)?.ToString()));
}
