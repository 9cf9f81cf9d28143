namespace Taxon.NN;

/// <summary>max(x, 0) (PyTorch: <c>torch.nn.ReLU</c>).</summary>
public sealed class Relu : Module<Tensor, Tensor>
{
    /// <inheritdoc />
    protected override string PrintName => "ReLU";

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.Relu();
}
