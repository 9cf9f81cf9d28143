using System.Text;

namespace Taxon.NN;

/// <summary>
/// 2-D convolution over input [N, C, H, W] (PyTorch: <c>torch.nn.Conv2d</c>, zero padding). Weight
/// [out, in/groups, kh, kw] and bias [out], initialised as PyTorch does: Kaiming uniform with a = √5 for the weight,
/// i.e. U(−1/√fan_in, 1/√fan_in) with fan_in = in/groups·kh·kw, and the same bound for the bias.
/// </summary>
public sealed class Conv2d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer; weights are drawn from <paramref name="generator"/> or <see cref="Generator.Default"/>.</summary>
    public Conv2d(int inChannels, int outChannels, Size2d kernelSize, Size2d? stride = null, Size2d padding = default,
        Size2d? dilation = null, int groups = 1, bool bias = true, Generator? generator = null)
    {
        ConvSettings.Check("Conv2d", inChannels, outChannels, groups, kernelSize, stride ?? 1, padding, dilation ?? 1);
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = new Size2d(kernelSize.Height, kernelSize.Width);
        Stride = new Size2d((stride ?? 1).Height, (stride ?? 1).Width);
        Padding = new Size2d(padding.Height, padding.Width);
        Dilation = new Size2d((dilation ?? 1).Height, (dilation ?? 1).Width);
        Groups = groups;
        Weight = RegisterParameter("weight", Tensor.Zeros(outChannels, inChannels / groups, KernelSize.Height, KernelSize.Width));
        Bias = bias ? RegisterParameter("bias", Tensor.Zeros(outChannels)) : null;
        ConvSettings.ResetParameters(Weight, Bias, generator);
    }

    /// <summary>Input channels (PyTorch: <c>in_channels</c>).</summary>
    public int InChannels { get; }

    /// <summary>Output channels (PyTorch: <c>out_channels</c>).</summary>
    public int OutChannels { get; }

    /// <summary>Kernel height and width (PyTorch: <c>kernel_size</c>).</summary>
    public Size2d KernelSize { get; }

    /// <summary>Stride (PyTorch: <c>stride</c>).</summary>
    public Size2d Stride { get; }

    /// <summary>Zero padding on each side (PyTorch: <c>padding</c>).</summary>
    public Size2d Padding { get; }

    /// <summary>Spacing between kernel elements (PyTorch: <c>dilation</c>).</summary>
    public Size2d Dilation { get; }

    /// <summary>Independent channel groups (PyTorch: <c>groups</c>).</summary>
    public int Groups { get; }

    /// <summary>The weight, [out, in/groups, kh, kw] (PyTorch: <c>weight</c>).</summary>
    public Tensor Weight { get; }

    /// <summary>The bias, [out], or null (PyTorch: <c>bias</c>).</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Conv2d(input, Weight, Bias, Stride, Padding, Dilation, Groups);

    /// <inheritdoc />
    protected override string ExtraRepr()
    {
        var sb = new StringBuilder();
        sb.Append(ConvSettings.Invariant($"{InChannels}, {OutChannels}, kernel_size={KernelSize.ToTupleString()}, stride={Stride.ToTupleString()}"));
        if (Padding != 0)
        {
            sb.Append(", padding=").Append(Padding.ToTupleString());
        }
        if (Dilation != 1)
        {
            sb.Append(", dilation=").Append(Dilation.ToTupleString());
        }
        return ConvSettings.AppendGroupsAndBias(sb, Groups, Bias);
    }
}
