namespace Taxon.NN;

/// <summary>
/// Adaptive 2-D average pooling to a fixed output size whatever the input size (PyTorch:
/// <c>torch.nn.AdaptiveAvgPool2d</c>), as before the classifier head of image networks. See
/// <see cref="Functional.AdaptiveAvgPool2d"/>.
/// </summary>
public sealed class AdaptiveAvgPool2d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    public AdaptiveAvgPool2d(Size2d outputSize)
    {
        if (outputSize.Height <= 0 || outputSize.Width <= 0)
        {
            throw new ArgumentException($"AdaptiveAvgPool2d: the output size must be positive, got {outputSize.ToTupleString()}.");
        }
        OutputSize = outputSize;
    }

    /// <summary>Output height and width (PyTorch: <c>output_size</c>).</summary>
    public Size2d OutputSize { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.AdaptiveAvgPool2d(input, OutputSize);

    /// <inheritdoc />
    protected override string ExtraRepr() => $"output_size={OutputSize}";
}
