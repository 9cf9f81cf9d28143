using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Tests.Models;

public sealed class CnnClassifierTests : IDisposable
{
    private static readonly CnnClassifierOptions Small = new()
    {
        Channels = [4, 6], HiddenSizes = [8], Dropout = 0.25f, Epochs = 6, BatchSize = 16, LearningRate = 0.01, Seed = 1,
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("taxon-cnn-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>8×8 grey images of noise with a bright 3×3 patch whose corner tells the class (0..3).</summary>
    private static Dataset Patches(int perClass, ulong seed)
    {
        var rng = new Generator(seed);
        int n = 4 * perClass;
        var x = new float[n * 64];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % 4;
            int top = y[i] / 2 == 0 ? 0 : 5, left = y[i] % 2 == 0 ? 0 : 5;
            for (int p = 0; p < 64; p++)
            {
                int r = p / 8, c = p % 8;
                bool patch = r >= top && r < top + 3 && c >= left && c < left + 3;
                x[i * 64 + p] = (patch ? 0.8f : 0f) + 0.2f * rng.NextFloat();
            }
        }
        return new Dataset(x, y, 1, 8, 8);
    }

    [Fact]
    public void LearnsWhereThePatchIs()
    {
        CnnClassifierModel model = new CnnClassifier(Small with { Epochs = 15 }).Fit(Patches(40, 1));
        Assert.True(model.Score(Patches(20, 2)) > 0.95, $"accuracy {model.Score(Patches(20, 2))}");
        Assert.Equal([1, 8, 8], model.InputShape);
        Assert.Equal("cnn", model.Kind);
    }

    [Fact]
    public void DefaultNetworkIsTheIssuesLeNetWithPyTorchsNames()
    {
        var options = new CnnClassifierOptions();
        var network = CnnClassifierModel.BuildNetwork(options, [1, 28, 28], 10, new Generator(0));
        Dictionary<string, int[]> shapes = network.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Shape.ToArray());
        Assert.Equal([32, 1, 3, 3], shapes["0.weight"]);
        Assert.Equal([64, 32, 3, 3], shapes["3.weight"]);
        Assert.Equal([128, 3136], shapes["7.weight"]);
        Assert.Equal([10, 128], shapes["10.weight"]);
        Assert.Equal(8, shapes.Count);
        Assert.Equal(64, options.BatchSize);
        Assert.Equal(0.5f, options.Dropout);
        Assert.Equal([7, 10], network.Forward(Tensor.Zeros(7, 1, 28, 28)).Shape.ToArray());
    }

    [Fact]
    public void SameSeedSameModel()
    {
        Dataset data = Patches(10, 3);
        var options = Small with { Epochs = 2 };
        Assert.Equal(new CnnClassifier(options).Fit(data).PredictProba(data).ToArray(), new CnnClassifier(options).Fit(data).PredictProba(data).ToArray());
    }

    [Fact]
    public void SaveAndLoadGiveTheSameModel()
    {
        Dataset data = Patches(10, 4);
        CnnClassifierModel model = new CnnClassifier(Small with { Epochs = 2 }).Fit(data);
        string path = Path.Combine(_dir, "cnn.safetensors");
        model.Save(path);
        var loaded = Assert.IsType<CnnClassifierModel>(NetworkModel.Load(path));
        Assert.Equal(model.TypedOptions, loaded.TypedOptions);
        Assert.Equal(model.PredictProba(data).ToArray(), loaded.PredictProba(data).ToArray());
        Assert.Throws<InvalidDataException>(() => MlpClassifierModel.Load(path));
    }

    [Fact]
    public void FlatOrTinySamplesAreRejectedClearly()
    {
        var flat = new Dataset(new float[2 * 64], [0, 1], 64);
        var e = Assert.Throws<ArgumentException>(() => new CnnClassifier(Small).Fit(flat));
        Assert.Contains("[channels, height, width]", e.Message, StringComparison.Ordinal);

        var tiny = new Dataset(new float[2 * 9], [0, 1], 1, 3, 3);
        e = Assert.Throws<ArgumentException>(() => new CnnClassifier(Small).Fit(tiny));
        Assert.Contains("too small", e.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => new CnnClassifier(Small with { KernelSize = 4 }));
        Assert.Throws<ArgumentException>(() => new CnnClassifier(Small with { Channels = [] }));
    }
}
