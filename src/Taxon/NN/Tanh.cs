namespace Taxon.NN;

/// <summary>Hyperbolic tangent (PyTorch: <c>torch.nn.Tanh</c>).</summary>
public sealed class Tanh : Module<Tensor, Tensor>
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.Tanh();
}
