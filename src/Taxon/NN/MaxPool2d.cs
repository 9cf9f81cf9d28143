namespace Taxon.NN;

/// <summary>
/// 2-D max pooling over input [N, C, H, W] (PyTorch: <c>torch.nn.MaxPool2d</c>); the stride defaults to the
/// kernel size. See <see cref="Functional.MaxPool2d"/>.
/// </summary>
public sealed class MaxPool2d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    public MaxPool2d(Size2d kernelSize, Size2d? stride = null, Size2d padding = default, Size2d? dilation = null, bool ceilMode = false)
    {
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding;
        Dilation = dilation ?? 1;
        CeilMode = ceilMode;
    }

    /// <summary>Window height and width (PyTorch: <c>kernel_size</c>).</summary>
    public Size2d KernelSize { get; }

    /// <summary>Distance between windows (PyTorch: <c>stride</c>).</summary>
    public Size2d Stride { get; }

    /// <summary>Implicit −∞ padding on each side (PyTorch: <c>padding</c>).</summary>
    public Size2d Padding { get; }

    /// <summary>Spacing between window elements (PyTorch: <c>dilation</c>).</summary>
    public Size2d Dilation { get; }

    /// <summary>Whether the output size is rounded up (PyTorch: <c>ceil_mode</c>).</summary>
    public bool CeilMode { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.MaxPool2d(input, KernelSize, Stride, Padding, Dilation, CeilMode);

    /// <inheritdoc />
    protected override string ExtraRepr() =>
        $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}, dilation={Dilation}, ceil_mode={Py(CeilMode)}";
}
