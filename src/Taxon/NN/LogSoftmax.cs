namespace Taxon.NN;

/// <summary>Log-softmax along a dimension (PyTorch: <c>torch.nn.LogSoftmax</c>).</summary>
public sealed class LogSoftmax(int dim) : Module<Tensor, Tensor>
{
    /// <summary>The dimension normalised.</summary>
    public int Dimension { get; } = dim;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.LogSoftmax(Dimension);

    /// <inheritdoc />
    protected override string ExtraRepr() => FormattableString.Invariant($"dim={Dimension}");
}
