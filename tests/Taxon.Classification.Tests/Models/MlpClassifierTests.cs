using System.Text.Json;
using Taxon.Classification.Data;
using Taxon.Classification.Models;
using Taxon.Serialization;

namespace Taxon.Classification.Tests.Models;

public sealed class MlpClassifierTests : IDisposable
{
    private static readonly MlpClassifierOptions Small = new() { HiddenSizes = [16], Epochs = 5, BatchSize = 16, LearningRate = 0.01, Seed = 3 };

    private readonly string _dir = Directory.CreateTempSubdirectory("taxon-mlp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void LearnsSeparableBlobs()
    {
        Dataset train = SyntheticData.Blobs(60, [0, 1, 2], 8, seed: 1);
        Dataset test = SyntheticData.Blobs(30, [0, 1, 2], 8, seed: 1);
        MlpClassifierModel model = new MlpClassifier(Small).Fit(train);
        Assert.True(model.Score(test) > 0.95, $"accuracy {model.Score(test)}");
        Assert.Equal([0, 1, 2], model.Classes);
        Assert.Equal(5, model.History!.Epochs.Count);
        Assert.True(model.History.Epochs[^1].TrainLoss < model.History.Epochs[0].TrainLoss);
    }

    [Fact]
    public void SameSeedSameModelOtherSeedOtherModel()
    {
        Dataset train = SyntheticData.Blobs(40, [0, 1, 2], 6, seed: 2);
        var options = Small with { Dropout = 0.2f };
        float[] a = new MlpClassifier(options).Fit(train).PredictProba(train).ToArray();
        float[] b = new MlpClassifier(options).Fit(train).PredictProba(train).ToArray();
        float[] c = new MlpClassifier(options with { Seed = 4 }).Fit(train).PredictProba(train).ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void ArbitraryLabelsAreTheClasses()
    {
        Dataset train = SyntheticData.Blobs(30, [10, -3, 7], 4, seed: 5);
        MlpClassifierModel model = new MlpClassifier(Small).Fit(train);
        Assert.Equal([-3, 7, 10], model.Classes);
        Assert.All(model.Predict(train), y => Assert.Contains(y, new[] { -3, 7, 10 }));
        Assert.True(model.Score(train) > 0.9);
    }

    [Fact]
    public void ProbabilitiesAreRowsOfClassProbabilitiesAgreeingWithPredict()
    {
        Dataset data = SyntheticData.Blobs(20, [0, 1, 2, 3], 5, seed: 6);
        MlpClassifierModel model = new MlpClassifier(Small).Fit(data);
        Tensor p = model.PredictProba(data);
        Assert.Equal([80, 4], p.Shape.ToArray());
        int[] predicted = model.Predict(data);
        for (int i = 0; i < 80; i++)
        {
            float sum = 0, best = -1;
            int arg = -1;
            for (int c = 0; c < 4; c++)
            {
                float v = p[i, c];
                sum += v;
                if (v > best)
                {
                    (best, arg) = (v, c);
                }
            }
            Assert.Equal(1f, sum, 4);
            Assert.Equal(model.Classes[arg], predicted[i]);
        }
        Assert.Equal(predicted, model.Predict(data.ToTensor()));
        Assert.Equal(p.ToArray(), model.PredictProba(data.ToTensor()).ToArray());
    }

    [Fact]
    public void SamplesOfAnyShapeAreFlattened()
    {
        Dataset images = SyntheticData.Blobs(20, [0, 1], 12, seed: 7, sampleShape: [1, 3, 4]);
        MlpClassifierModel model = new MlpClassifier(Small).Fit(images);
        Assert.Equal([12], model.InputShape);
        Assert.True(model.Score(images) > 0.9);
        var wrong = SyntheticData.Blobs(5, [0, 1], 10, seed: 7);
        var e = Assert.Throws<ArgumentException>(() => model.Predict(wrong));
        Assert.Contains("(10 values) do not fit this mlp model", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveAndLoadGiveTheSameModelFromOneFile()
    {
        Dataset data = SyntheticData.Blobs(20, [1, 2, 5], 6, seed: 8);
        var options = Small with { HiddenSizes = [8, 7], Activation = Activation.Tanh, Dropout = 0.1f, WeightDecay = 1e-4 };
        MlpClassifierModel model = new MlpClassifier(options).Fit(data);
        string path = Path.Combine(_dir, "model.safetensors");
        model.Save(path);
        Assert.Equal(["model.safetensors"], Directory.GetFiles(_dir).Select(Path.GetFileName));

        MlpClassifierModel loaded = MlpClassifierModel.Load(path);
        Assert.Equal(options, loaded.TypedOptions);
        Assert.Equal(model.Classes, loaded.Classes);
        Assert.Equal(model.PredictProba(data).ToArray(), loaded.PredictProba(data).ToArray());
        Assert.Equal(model.History!.Epochs.Count, loaded.History!.Epochs.Count);
        Assert.IsType<MlpClassifierModel>(NetworkModel.Load(path));

        // PyTorch's names, so torch's load_state_dict reads the weights.
        var (tensors, metadata) = SafeTensors.Load(path);
        Assert.Contains("0.weight", tensors.Keys);
        Assert.Equal("mlp", metadata["taxon.model"]);
    }

    [Fact]
    public void SavingOverAModelReplacesItWithoutLeftovers()
    {
        Dataset data = SyntheticData.Blobs(10, [0, 1], 3, seed: 9);
        string path = Path.Combine(_dir, "m.safetensors");
        new MlpClassifier(Small).Fit(data).Save(path);
        MlpClassifierModel second = new MlpClassifier(Small with { Seed = 11 }).Fit(data);
        second.Save(path);
        Assert.Single(Directory.GetFiles(_dir));
        Assert.Equal(second.PredictProba(data).ToArray(), NetworkModel.Load(path).PredictProba(data).ToArray());
    }

    [Fact]
    public void LoadRejectsFilesThatAreNotModels()
    {
        string weights = Path.Combine(_dir, "weights.safetensors");
        new Taxon.NN.Linear(3, 2).Save(weights);
        var e = Assert.Throws<InvalidDataException>(() => NetworkModel.Load(weights));
        Assert.Contains(weights, e.Message, StringComparison.Ordinal);
        Assert.Contains("not a Taxon classifier", e.Message, StringComparison.Ordinal);

        string text = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(text, "hello, this is not a model");
        Assert.Throws<InvalidDataException>(() => NetworkModel.Load(text));

        Assert.Throws<FileNotFoundException>(() => NetworkModel.Load(Path.Combine(_dir, "missing.safetensors")));
    }

    [Fact]
    public void LoadRejectsTruncatedAndInconsistentModels()
    {
        Dataset data = SyntheticData.Blobs(10, [0, 1], 3, seed: 9);
        string path = Path.Combine(_dir, "m.safetensors");
        new MlpClassifier(Small).Fit(data).Save(path);

        string cut = Path.Combine(_dir, "cut.safetensors");
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(cut, bytes[..^20]);
        var e = Assert.Throws<InvalidDataException>(() => NetworkModel.Load(cut));
        Assert.Contains(cut, e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);

        // Options that describe another network than the weights hold.
        var (tensors, metadata) = SafeTensors.Load(path);
        metadata["taxon.options"] = JsonSerializer.Serialize<NeuralNetworkOptions>(Small with { HiddenSizes = [17] }, JsonOptions());
        string other = Path.Combine(_dir, "other.safetensors");
        SafeTensors.Save(other, tensors, metadata);
        e = Assert.Throws<InvalidDataException>(() => NetworkModel.Load(other));
        Assert.Contains(other, e.Message, StringComparison.Ordinal);
        Assert.Contains("shape", e.Message, StringComparison.Ordinal);

        metadata["taxon.options"] = "{not json";
        SafeTensors.Save(other, tensors, metadata);
        e = Assert.Throws<InvalidDataException>(() => NetworkModel.Load(other));
        Assert.Contains("taxon.options", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProgressHearsEveryBatchAndEpoch()
    {
        Dataset data = SyntheticData.Blobs(25, [0, 1], 3, seed: 10); // 50 samples: batches of 16, 16, 16, 2
        var reports = new List<TrainingProgress>();
        new MlpClassifier(Small with { Epochs = 2 }).Fit(data, new SyncProgress(reports.Add));
        Assert.Equal(2 * 4 + 2, reports.Count);
        Assert.Equal(2, reports.Count(r => r.EpochCompleted));
        Assert.All(reports, r => Assert.Equal(4, r.Batches));
        Assert.Equal(4, reports[^1].Batch);
    }

    [Fact]
    public void ValidationSplitIsStratifiedAndScored()
    {
        Dataset data = SyntheticData.Blobs(50, [0, 1, 2, 3], 4, seed: 12); // 200 samples, 50 per class
        MlpClassifierModel model = new MlpClassifier(Small with { ValidationFraction = 0.2 }).Fit(data);
        Assert.Equal(160, model.History!.TrainingSamples);
        Assert.Equal(40, model.History.ValidationSamples);
        Assert.All(model.History.Epochs, e => Assert.NotNull(e.ValidationAccuracy));

        var targets = new int[200];
        for (int i = 0; i < 200; i++)
        {
            targets[i] = i % 4;
        }
        var (train, validation) = MiniBatchTrainer.Split(targets, 4, 0.2, new Generator(1));
        Assert.Equal(40, validation.Length);
        Assert.All(Enumerable.Range(0, 4), c => Assert.Equal(10, validation.Count(i => targets[i] == c)));
        Assert.Equal(Enumerable.Range(0, 200), train.Concat(validation).Order());
    }

    [Theory]
    [InlineData(EarlyStoppingMetric.Loss)]
    [InlineData(EarlyStoppingMetric.Accuracy)]
    public void EarlyStoppingStopsWhenNothingImprovesAndKeepsTheBestEpoch(EarlyStoppingMetric metric)
    {
        Dataset noise = SyntheticData.Noise(300, 3, 10, seed: 13);
        var options = Small with { Epochs = 60, EarlyStopping = true, Patience = 2, EarlyStoppingMetric = metric, HiddenSizes = [64] };
        MlpClassifierModel model = new MlpClassifier(options).Fit(noise);
        TrainingHistory h = model.History!;
        Assert.True(h.StoppedEarly);
        Assert.Equal(30, h.ValidationSamples);
        Assert.Equal(h.BestEpoch + options.Patience, h.Epochs.Count);
        Assert.True(h.Epochs.Count < 60);
    }

    [Fact]
    public void BadOptionsAndDataAreReportedUpFront()
    {
        Assert.Throws<ArgumentException>(() => new MlpClassifier(Small with { Epochs = 0 }));
        Assert.Throws<ArgumentException>(() => new MlpClassifier(Small with { HiddenSizes = [16, 0] }));
        Assert.Throws<ArgumentException>(() => new MlpClassifier(Small with { Dropout = 1f }));
        Assert.Throws<ArgumentException>(() => new MlpClassifier(Small with { ValidationFraction = 1.0 }));
        var e = Assert.Throws<ArgumentException>(() => new MlpClassifier(Small with { EarlyStopping = true, ValidationFraction = 0 }));
        Assert.Contains("EarlyStopping needs a validation split", e.Message, StringComparison.Ordinal);

        var oneClass = new Dataset(new float[6], [4, 4, 4], 2);
        e = Assert.Throws<ArgumentException>(() => new MlpClassifier(Small).Fit(oneClass));
        Assert.Contains("at least two classes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsRoundTripThroughJsonWithValueEquality()
    {
        var options = new MlpClassifierOptions { HiddenSizes = [3, 4], EarlyStopping = true, Seed = ulong.MaxValue };
        string json = JsonSerializer.Serialize<NeuralNetworkOptions>(options, JsonOptions());
        Assert.Contains("\"$type\":\"mlp\"", json, StringComparison.Ordinal);
        Assert.Equal(options, JsonSerializer.Deserialize<NeuralNetworkOptions>(json, JsonOptions()));
        Assert.Equal(options, options with { HiddenSizes = [3, 4] });
        Assert.NotEqual(options, options with { HiddenSizes = [3, 5] });
    }

    private static JsonSerializerOptions JsonOptions() => NetworkModel.Json;

    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
