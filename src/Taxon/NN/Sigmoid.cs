namespace Taxon.NN;

/// <summary>The logistic function (PyTorch: <c>torch.nn.Sigmoid</c>).</summary>
public sealed class Sigmoid : Module<Tensor, Tensor>
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.Sigmoid();
}
