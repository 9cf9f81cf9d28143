namespace Taxon;

/// <summary>Losses and functions on tensors that are not methods of <see cref="Tensor"/> (PyTorch: <c>torch.nn.functional</c>).</summary>
public static partial class Functional
{
}
