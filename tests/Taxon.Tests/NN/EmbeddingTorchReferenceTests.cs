using Taxon.NN;
using Taxon.Tests.TorchReference;

namespace Taxon.Tests.NN;

/// <summary>
/// Functional.Embedding and Functional.EmbeddingBag (every mode, offsets or 2-D bags, padding_idx, include_last_offset,
/// per-sample weights) against PyTorch 1.13: outputs and the gradients of the table and per-sample weights
/// (<c>fixtures/rnn/rnn_cases.json</c>).
/// </summary>
public sealed class EmbeddingTorchReferenceTests
{
    private const double Atol = 1e-6;
    private const double Rtol = 1e-5;

    public static TheoryData<string> EmbeddingCases => RnnFixtures.Names(k => k == "embedding");

    public static TheoryData<string> BagCases => RnnFixtures.Names(k => k == "embedding_bag");

    [Theory]
    [MemberData(nameof(EmbeddingCases))]
    public void EmbeddingMatchesPyTorch(string name)
    {
        RnnCase c = RnnFixtures.Get(name);
        Tensor weight = c.Weight!.ToTensor();
        weight.RequiresGrad = true;
        Tensor output = Functional.Embedding(c.Indices!.ToIndexTensor(), weight, c.IntArg("padding_idx"));
        TensorCompare.Close(c.Output!.Shape, c.Output.Data, output, Atol, Rtol, $"{name} output");
        output.Backward(c.GradOutput!.ToTensor());
        TensorCompare.Close(c.GradWeight!.Shape, c.GradWeight.Data, weight.Grad!, Atol, Rtol, $"{name} grad weight");
    }

    [Theory]
    [MemberData(nameof(BagCases))]
    public void EmbeddingBagMatchesPyTorch(string name)
    {
        RnnCase c = RnnFixtures.Get(name);
        Tensor weight = c.Weight!.ToTensor();
        weight.RequiresGrad = true;
        Tensor? psw = c.PerSampleWeights?.ToTensor();
        if (psw is not null)
        {
            psw.RequiresGrad = true;
        }
        EmbeddingBagMode mode = c.StringArg("mode") switch
        {
            "sum" => EmbeddingBagMode.Sum,
            "mean" => EmbeddingBagMode.Mean,
            _ => EmbeddingBagMode.Max,
        };
        Tensor output = Functional.EmbeddingBag(c.Indices!.ToIndexTensor(), weight, c.Offsets?.ToIndexTensor(), mode, psw,
            c.BoolArg("include_last_offset"), c.IntArg("padding_idx"));
        TensorCompare.Close(c.Output!.Shape, c.Output.Data, output, Atol, Rtol, $"{name} output");
        output.Backward(c.GradOutput!.ToTensor());
        TensorCompare.Close(c.GradWeight!.Shape, c.GradWeight.Data, weight.Grad!, Atol, Rtol, $"{name} grad weight");
        if (psw is not null)
        {
            TensorCompare.Close(c.GradPerSampleWeights!.Shape, c.GradPerSampleWeights.Data, psw.Grad!, Atol, Rtol, $"{name} grad per_sample_weights");
        }
    }
}
