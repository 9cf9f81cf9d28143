namespace Taxon.NN;

/// <summary>Softmax along a dimension (PyTorch: <c>torch.nn.Softmax</c>).</summary>
public sealed class Softmax(int dim) : Module<Tensor, Tensor>
{
    /// <summary>The dimension normalised.</summary>
    public int Dimension { get; } = dim;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.Softmax(Dimension);

    /// <inheritdoc />
    protected override string ExtraRepr() => FormattableString.Invariant($"dim={Dimension}");
}
