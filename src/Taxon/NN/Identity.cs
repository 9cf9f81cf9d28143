namespace Taxon.NN;

/// <summary>Returns its input (PyTorch: <c>torch.nn.Identity</c>).</summary>
public sealed class Identity : Module<Tensor, Tensor>
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input;
}
