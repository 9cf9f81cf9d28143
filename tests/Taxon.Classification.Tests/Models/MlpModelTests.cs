using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Tests.Models;

public sealed class MlpModelTests : IDisposable
{
    private static readonly MlpClassifierOptions Small = new() { HiddenSizes = [16], Epochs = 5, BatchSize = 16, LearningRate = 0.01, Seed = 3 };

    private readonly string _dir = Directory.CreateTempSubdirectory("taxon-mlp-model-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Labeled_data_trains_the_same_network_as_the_dataset_path()
    {
        Dataset dataset = SyntheticData.Blobs(30, [0, 1, 2], 6, seed: 1);
        var data = new LabeledData(new DenseMatrix(dataset.Features.ToArray(), dataset.Count, 6),
            [.. dataset.Labels.ToArray().Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        var options = Small with { EarlyStopping = true, Patience = 2 };
        MlpClassifierModel old = new MlpClassifier(options).Fit(dataset);
        var model = (MlpModel)new MlpClassifier(options).Fit(data);
        Assert.Equal(["0", "1", "2"], model.Classes);
        Assert.Equal(old.History!.Epochs.Select(e => e.TrainLoss), model.History!.Epochs.Select(e => e.TrainLoss));
        float[] expected = old.PredictProba(dataset).ToArray();
        double[,] actual = model.PredictProba(data.Features);
        for (int i = 0; i < dataset.Count; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(expected[i * 3 + c], actual[i, c], 1e-6);
            }
        }
    }

    [Fact]
    public void Sparse_features_train_exactly_the_dense_model()
    {
        LabeledData dense = Conformance.ConformanceData.Blobs(80, 7, 3, seed: 5, sparse: true).WithFeatures(
            Conformance.ConformanceData.Blobs(80, 7, 3, seed: 5, sparse: true).Features.ToDense());
        LabeledData sparse = dense.WithFeatures(dense.Features.ToSparse());
        ClassifierModel a = new MlpClassifier(Small).Fit(dense), b = new MlpClassifier(Small).Fit(sparse);
        Assert.Equal(a.PredictProba(dense.Features), b.PredictProba(sparse.Features));
        Assert.Equal(a.DecisionFunction(dense.Features), b.DecisionFunction(dense.Features.ToSparse()));
    }

    [Fact]
    public void Rows_scored_one_at_a_time_agree_with_the_batch()
    {
        LabeledData data = Conformance.ConformanceData.Blobs(40, 5, 2, seed: 9);
        var model = (MlpModel)new MlpClassifier(Small).Fit(data);
        double[,] p = model.PredictProba(data.Features), d = model.DecisionFunction(data.Features);
        string[] predicted = model.Predict(data.Features);
        var row = new double[2];
        var score = new double[1];
        for (int i = 0; i < data.Count; i++)
        {
            model.PredictProba(data.Features.Row(i), row);
            model.DecisionFunction(data.Features.Row(i), score);
            Assert.Equal(p[i, 0], row[0], 1e-6);
            Assert.Equal(p[i, 1], row[1], 1e-6);
            Assert.Equal(d[i, 0], score[0], 1e-5);
            // The binary decision value is the log-odds of class 1.
            Assert.Equal(Math.Log(p[i, 1] / p[i, 0]), d[i, 0], 1e-6);
            Assert.Equal(predicted[i], model.Predict(data.Features.Row(i)));
        }
    }

    [Fact]
    public void Saved_model_loads_back_with_the_same_weights_options_and_history()
    {
        LabeledData data = Conformance.ConformanceData.Blobs(60, 5, 3, seed: 2);
        var options = Small with { HiddenSizes = [8, 4], Activation = Activation.Tanh, Dropout = 0.1f };
        var model = (MlpModel)new MlpClassifier(options).Fit(data);
        string path = Path.Combine(_dir, "mlp.taxon");
        model.Save(path);
        var loaded = Assert.IsType<MlpModel>(ClassifierModel.Load(path));
        Assert.Equal(model.Options, loaded.Options);
        Assert.Equal(model.History!.Epochs, loaded.History!.Epochs);
        Dictionary<string, Tensor> expected = model.Network.StateDict(), actual = loaded.Network.StateDict();
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (string name in expected.Keys)
        {
            Assert.Equal(expected[name].ToArray(), actual[name].ToArray());
        }
        Assert.Equal(model.PredictProba(data.Features), loaded.PredictProba(data.Features));
    }
}
