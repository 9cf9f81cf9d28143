using System.Text;

namespace Taxon.NN;

/// <summary>
/// 2-D transposed convolution over input [N, C, H, W] (PyTorch: <c>torch.nn.ConvTranspose2d</c>), the adjoint of a
/// <see cref="Conv2d"/> with the same settings, as used to upsample in decoders. Weight [in, out/groups, kh, kw] and
/// bias [out], initialised as PyTorch does: Kaiming uniform with a = √5, fan_in computed from the weight's shape as
/// PyTorch computes it, (out/groups)·kh·kw, and the bias in U(−1/√fan_in, 1/√fan_in).
/// </summary>
public sealed class ConvTranspose2d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer; weights are drawn from <paramref name="generator"/> or <see cref="Generator.Default"/>.</summary>
    public ConvTranspose2d(int inChannels, int outChannels, Size2d kernelSize, Size2d? stride = null, Size2d padding = default,
        Size2d outputPadding = default, int groups = 1, bool bias = true, Size2d? dilation = null, Generator? generator = null)
    {
        ConvSettings.Check("ConvTranspose2d", inChannels, outChannels, groups, kernelSize, stride ?? 1, padding, dilation ?? 1);
        Size2d s = stride ?? 1, d = dilation ?? 1;
        if ((outputPadding.Height >= s.Height && outputPadding.Height >= d.Height) || (outputPadding.Width >= s.Width && outputPadding.Width >= d.Width)
            || outputPadding.Height < 0 || outputPadding.Width < 0)
        {
            throw new ArgumentException(
                $"ConvTranspose2d: output padding {outputPadding.ToTupleString()} must be non-negative and smaller than either the stride {s.ToTupleString()} or the dilation {d.ToTupleString()}.");
        }
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = new Size2d(kernelSize.Height, kernelSize.Width);
        Stride = new Size2d(s.Height, s.Width);
        Padding = new Size2d(padding.Height, padding.Width);
        OutputPadding = new Size2d(outputPadding.Height, outputPadding.Width);
        Dilation = new Size2d(d.Height, d.Width);
        Groups = groups;
        Weight = RegisterParameter("weight", Tensor.Zeros(inChannels, outChannels / groups, KernelSize.Height, KernelSize.Width));
        Bias = bias ? RegisterParameter("bias", Tensor.Zeros(outChannels)) : null;
        ConvSettings.ResetParameters(Weight, Bias, generator);
    }

    /// <summary>Input channels (PyTorch: <c>in_channels</c>).</summary>
    public int InChannels { get; }

    /// <summary>Output channels (PyTorch: <c>out_channels</c>).</summary>
    public int OutChannels { get; }

    /// <summary>Kernel height and width (PyTorch: <c>kernel_size</c>).</summary>
    public Size2d KernelSize { get; }

    /// <summary>Stride of the convolution this layer is the adjoint of, i.e. the upsampling factor (PyTorch: <c>stride</c>).</summary>
    public Size2d Stride { get; }

    /// <summary>The adjoint convolution's padding, removed from each side of the output (PyTorch: <c>padding</c>).</summary>
    public Size2d Padding { get; }

    /// <summary>Extra rows and columns added to one side of the output (PyTorch: <c>output_padding</c>).</summary>
    public Size2d OutputPadding { get; }

    /// <summary>Spacing between kernel elements (PyTorch: <c>dilation</c>).</summary>
    public Size2d Dilation { get; }

    /// <summary>Independent channel groups (PyTorch: <c>groups</c>).</summary>
    public int Groups { get; }

    /// <summary>The weight, [in, out/groups, kh, kw] (PyTorch: <c>weight</c>).</summary>
    public Tensor Weight { get; }

    /// <summary>The bias, [out], or null (PyTorch: <c>bias</c>).</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) =>
        Functional.ConvTranspose2d(input, Weight, Bias, Stride, Padding, OutputPadding, Groups, Dilation);

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
        if (OutputPadding != 0)
        {
            sb.Append(", output_padding=").Append(OutputPadding.ToTupleString());
        }
        return ConvSettings.AppendGroupsAndBias(sb, Groups, Bias);
    }
}
