namespace Taxon.NN;

/// <summary>x for x &gt; 0, alpha·(e^x − 1) otherwise (PyTorch: <c>torch.nn.ELU</c>, alpha 1).</summary>
public sealed class Elu(float alpha = 1f) : Module<Tensor, Tensor>
{
    /// <summary>The saturation value for negative inputs.</summary>
    public float Alpha { get; } = alpha;

    /// <inheritdoc />
    protected override string PrintName => "ELU";

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.Elu(Alpha);

    /// <inheritdoc />
    protected override string ExtraRepr() => FormattableString.Invariant($"alpha={Alpha}");
}
