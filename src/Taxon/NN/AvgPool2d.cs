namespace Taxon.NN;

/// <summary>
/// 2-D average pooling over input [N, C, H, W] (PyTorch: <c>torch.nn.AvgPool2d</c>); the stride defaults to the
/// kernel size. See <see cref="Functional.AvgPool2d"/> for the divisor.
/// </summary>
public sealed class AvgPool2d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    public AvgPool2d(Size2d kernelSize, Size2d? stride = null, Size2d padding = default, bool ceilMode = false,
        bool countIncludePad = true, int? divisorOverride = null)
    {
        if (divisorOverride is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(divisorOverride), divisorOverride, "AvgPool2d: the divisor must be positive.");
        }
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding;
        CeilMode = ceilMode;
        CountIncludePad = countIncludePad;
        DivisorOverride = divisorOverride;
    }

    /// <summary>Window height and width (PyTorch: <c>kernel_size</c>).</summary>
    public Size2d KernelSize { get; }

    /// <summary>Distance between windows (PyTorch: <c>stride</c>).</summary>
    public Size2d Stride { get; }

    /// <summary>Implicit zero padding on each side (PyTorch: <c>padding</c>).</summary>
    public Size2d Padding { get; }

    /// <summary>Whether the output size is rounded up (PyTorch: <c>ceil_mode</c>).</summary>
    public bool CeilMode { get; }

    /// <summary>Whether padding counts in the divisor (PyTorch: <c>count_include_pad</c>).</summary>
    public bool CountIncludePad { get; }

    /// <summary>A fixed divisor instead of the window size, or null (PyTorch: <c>divisor_override</c>).</summary>
    public int? DivisorOverride { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) =>
        Functional.AvgPool2d(input, KernelSize, Stride, Padding, CeilMode, CountIncludePad, DivisorOverride);

    /// <inheritdoc />
    protected override string ExtraRepr() => $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}";
}
