namespace Taxon.NN;

/// <summary>x·Φ(x), exact form (PyTorch: <c>torch.nn.GELU</c>).</summary>
public sealed class Gelu : Module<Tensor, Tensor>
{
    /// <inheritdoc />
    protected override string PrintName => "GELU";

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.Gelu();
}
