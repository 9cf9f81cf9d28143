using Taxon.Classification.Data;
using Taxon.Classification.Models;
using Taxon.Classification.Multilabel;
using Taxon.Classification.Tests.Conformance;
using Taxon.NN;

namespace Taxon.Classification.Tests.Multilabel;

public sealed class MultiLabelNetworkTests
{
    private static readonly MultiLabelNetworkOptions Small = new() { HiddenSizes = [12, 8], Epochs = 30, BatchSize = 16, LearningRate = 0.01, Seed = 5 };

    [Fact]
    public void Inference_in_double_matches_the_engine_forward_pass_with_a_sigmoid()
    {
        LabeledData data = ConformanceData.MultiLabel(80, 5, 3, seed: 2);
        var model = (MultiLabelNetworkModel)new MultiLabelNetwork(Small).Fit(data);
        Assert.Equal([5, 12, 8, 3], model.LayerSizes);
        string path = Path.Combine(Path.GetTempPath(), $"taxon-mlnet-{Environment.ProcessId}.taxon");
        try
        {
            model.Save(path);
            // The saved weights, read back as tensors, drive the engine's own network.
            var network = new Sequential(new Linear(5, 12), new Relu(), new Linear(12, 8), new Relu(), new Linear(8, 3));
            var loaded = (MultiLabelNetworkModel)MultiLabelModel.Load(path);
            var state = new Dictionary<string, Tensor>();
            foreach (var (name, _) in network.NamedParameters())
            {
                // Sequential names layers 0, 2, 4; the model file numbers the Linear layers 0, 1, 2.
                int layer = int.Parse(name[..name.IndexOf('.')], System.Globalization.CultureInfo.InvariantCulture) / 2;
                state[name] = ReadTensor(path, $"layers.{layer}{name[name.IndexOf('.')..]}");
            }
            network.LoadStateDict(state);
            network.Eval();
            float[] x = data.Features.ToDense().Values.ToArray();
            float[] expected = network.Forward(Tensor.FromArray(x, data.Count, 5)).Sigmoid().ToArray();
            double[,] actual = loaded.PredictProba(data.Features);
            for (int i = 0; i < data.Count; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    Assert.Equal(expected[i * 3 + j], actual[i, j], 2e-6);
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static Tensor ReadTensor(string path, string name)
    {
        return Taxon.Serialization.SafeTensors.Load(path).Tensors["model." + name];
    }

    [Fact]
    public void The_seed_decides_the_weights()
    {
        LabeledData data = ConformanceData.MultiLabel(60, 4, 3, seed: 2);
        double[,] a = new MultiLabelNetwork(Small).Fit(data).PredictProba(data.Features);
        double[,] b = new MultiLabelNetwork(Small with { Seed = 6 }).Fit(data).PredictProba(data.Features);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Invalid_options_name_the_setting()
    {
        Assert.Contains("HiddenSizes", Assert.Throws<ArgumentException>(() => new MultiLabelNetwork(new() { HiddenSizes = [4, 0] })).Message);
        Assert.Contains("Epochs", Assert.Throws<ArgumentException>(() => new MultiLabelNetwork(new() { Epochs = 0 })).Message);
        Assert.Contains("BatchSize", Assert.Throws<ArgumentException>(() => new MultiLabelNetwork(new() { BatchSize = 0 })).Message);
        Assert.Contains("LearningRate", Assert.Throws<ArgumentException>(() => new MultiLabelNetwork(new() { LearningRate = -1 })).Message);
        Assert.Contains("WeightDecay", Assert.Throws<ArgumentException>(() => new MultiLabelNetwork(new() { WeightDecay = double.NaN })).Message);
    }
}
