using Taxon.NN;
using Taxon.Tests.TorchReference;
using Taxon.Tests.Kernels;

namespace Taxon.Tests.NN;

/// <summary>
/// Rnn, Lstm and Gru against PyTorch 1.13 with the same weights: outputs, h_n, c_n and the gradients of the input,
/// the initial states and every parameter, including bidirectional, stacked, batch_first and packed (variable
/// length) cases (<c>fixtures/rnn/rnn_cases.json</c>).
/// </summary>
public sealed class RnnTorchReferenceTests
{
    // Both libraries agree to about 3e-7 on these O(1) values (float32 roundings over 5 steps and 2 layers).
    private const double Atol = 1e-5;
    private const double Rtol = 1e-5;

    public static TheoryData<string> Cases => RnnFixtures.Names(k => k is "rnn_tanh" or "rnn_relu" or "lstm" or "gru");

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name) => RunCase(name);

    /// <summary>The *_wide cases (hidden 19), once per vector width the cell kernels can take.</summary>
    public static TheoryData<string, int> WideCases => ForcedWidthScope.AtEveryWidth(["rnn_tanh_wide", "lstm_wide", "gru_wide"]);

    /// <summary>
    /// The wide cases with the kernels forced to one vector width (1 = scalar), so the 512-bit, 256-bit and scalar forms
    /// of the cell kernels' backward passes and of tanh are all checked whatever this machine supports (σ goes through
    /// TensorPrimitives, which picks its own width).
    /// </summary>
    [Theory]
    [MemberData(nameof(WideCases))]
    public void WideCaseMatchesPyTorchAtVectorWidth(string name, int width)
    {
        using (new ForcedWidthScope(width))
        {
            RunCase(name);
        }
    }

    private static void RunCase(string name)
    {
        RnnCase c = RnnFixtures.Get(name);
        Module module = RnnHarness.Create(c.Kind, c.IntArg("input_size")!.Value, c.IntArg("hidden_size")!.Value, c.IntArg("num_layers")!.Value,
            c.BoolArg("bidirectional"), c.BoolArg("batch_first"), c.BoolArg("bias"));
        var state = c.Params!.ToDictionary(p => p.Key, p => p.Value.ToTensor());
        module.LoadStateDict(state);

        Tensor x = Leaf(c.Input!);
        Tensor? h0 = c.H0 is null ? null : Leaf(c.H0);
        Tensor? c0 = c.C0 is null ? null : Leaf(c.C0);
        var (output, hn, cn) = RnnHarness.Run(module, x, h0, c0, c.Lengths);

        TensorCompare.Close(c.Output!.Shape, c.Output.Data, output, Atol, Rtol, $"{name} output");
        TensorCompare.Close(c.HN!.Shape, c.HN.Data, hn, Atol, Rtol, $"{name} h_n");
        if (c.CN is not null)
        {
            TensorCompare.Close(c.CN.Shape, c.CN.Data, cn!, Atol, Rtol, $"{name} c_n");
        }

        Tensor loss = output.Mul(c.GradOutput!.ToTensor()).Sum().Add(hn.Mul(c.GradHN!.ToTensor()).Sum());
        if (cn is not null)
        {
            loss = loss.Add(cn.Mul(c.GradCN!.ToTensor()).Sum());
        }
        loss.Backward();

        Expect(c, "input", x);
        if (h0 is not null)
        {
            Expect(c, "h0", h0);
        }
        if (c0 is not null)
        {
            Expect(c, "c0", c0);
        }
        foreach (var (pname, p) in module.NamedParameters())
        {
            Expect(c, pname, p);
        }
    }

    private static void Expect(RnnCase c, string what, Tensor leaf)
    {
        TorchArray expected = c.Grads![what] ?? throw new InvalidDataException($"{c.Name}: no gradient for {what}");
        Assert.True(leaf.Grad is not null, $"{c.Name}: {what} received no gradient");
        TensorCompare.Close(expected.Shape, expected.Data, leaf.Grad!, Atol, Rtol, $"{c.Name} grad {what}");
    }

    private static Tensor Leaf(TorchArray a)
    {
        Tensor t = a.ToTensor();
        t.RequiresGrad = true;
        return t;
    }
}
