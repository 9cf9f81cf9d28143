namespace Taxon.NN;

/// <summary>x for x &gt; 0, slope·x otherwise (PyTorch: <c>torch.nn.LeakyReLU</c>, slope 0.01).</summary>
public sealed class LeakyRelu(float negativeSlope = 0.01f) : Module<Tensor, Tensor>
{
    /// <summary>The slope for negative inputs.</summary>
    public float NegativeSlope { get; } = negativeSlope;

    /// <inheritdoc />
    protected override string PrintName => "LeakyReLU";

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.LeakyRelu(NegativeSlope);

    /// <inheritdoc />
    protected override string ExtraRepr() => FormattableString.Invariant($"negative_slope={NegativeSlope}");
}
