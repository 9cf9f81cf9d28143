namespace Taxon;

public sealed partial class Tensor
{
    /// <summary>The tensor printed as PyTorch prints it, e.g. <c>tensor([[1.0000, 2.5000]], grad_fn=&lt;AddBackward0&gt;)</c>.</summary>
    public override string ToString() => TensorFormat.Format(this);
}
