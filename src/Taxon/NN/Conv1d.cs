using System.Text;

namespace Taxon.NN;

/// <summary>
/// 1-D convolution over input [N, C, L] (PyTorch: <c>torch.nn.Conv1d</c>, zero padding). Weight [out, in/groups, k]
/// and bias [out], initialised as PyTorch does: Kaiming uniform with a = √5, i.e. U(−1/√fan_in, 1/√fan_in) with
/// fan_in = in/groups·k, and the same bound for the bias.
/// </summary>
public sealed class Conv1d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer; weights are drawn from <paramref name="generator"/> or <see cref="Generator.Default"/>.</summary>
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int dilation = 1, int groups = 1,
        bool bias = true, Generator? generator = null)
    {
        ConvSettings.Check("Conv1d", inChannels, outChannels, groups, new Size2d(1, kernelSize), new Size2d(1, stride),
            new Size2d(0, padding), new Size2d(1, dilation));
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        Dilation = dilation;
        Groups = groups;
        Weight = RegisterParameter("weight", Tensor.Zeros(outChannels, inChannels / groups, kernelSize));
        Bias = bias ? RegisterParameter("bias", Tensor.Zeros(outChannels)) : null;
        ConvSettings.ResetParameters(Weight, Bias, generator);
    }

    /// <summary>Input channels (PyTorch: <c>in_channels</c>).</summary>
    public int InChannels { get; }

    /// <summary>Output channels (PyTorch: <c>out_channels</c>).</summary>
    public int OutChannels { get; }

    /// <summary>Kernel length (PyTorch: <c>kernel_size</c>).</summary>
    public int KernelSize { get; }

    /// <summary>Stride (PyTorch: <c>stride</c>).</summary>
    public int Stride { get; }

    /// <summary>Zero padding on each side (PyTorch: <c>padding</c>).</summary>
    public int Padding { get; }

    /// <summary>Spacing between kernel elements (PyTorch: <c>dilation</c>).</summary>
    public int Dilation { get; }

    /// <summary>Independent channel groups (PyTorch: <c>groups</c>).</summary>
    public int Groups { get; }

    /// <summary>The weight, [out, in/groups, k] (PyTorch: <c>weight</c>).</summary>
    public Tensor Weight { get; }

    /// <summary>The bias, [out], or null (PyTorch: <c>bias</c>).</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Conv1d(input, Weight, Bias, Stride, Padding, Dilation, Groups);

    /// <inheritdoc />
    protected override string ExtraRepr()
    {
        // Python prints the 1-tuples of _single() with a trailing comma: (3,).
        var sb = new StringBuilder();
        sb.Append(ConvSettings.Invariant($"{InChannels}, {OutChannels}, kernel_size=({KernelSize},), stride=({Stride},)"));
        if (Padding != 0)
        {
            sb.Append(ConvSettings.Invariant($", padding=({Padding},)"));
        }
        if (Dilation != 1)
        {
            sb.Append(ConvSettings.Invariant($", dilation=({Dilation},)"));
        }
        return ConvSettings.AppendGroupsAndBias(sb, Groups, Bias);
    }
}
