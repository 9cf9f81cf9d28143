namespace Taxon;

public sealed partial class Tensor
{
    /// <summary>
    /// Copies <paramref name="source"/> (row-major, one value per element) into this tensor in place and bumps its
    /// version (PyTorch: <c>t.copy_(torch.from_numpy(a))</c>). Lets a training loop refill one mini-batch tensor from
    /// its own buffers instead of allocating a tensor per step.
    /// </summary>
    public Tensor Copy_(ReadOnlySpan<float> source)
    {
        if (source.Length != NumElements)
        {
            throw new ArgumentException($"Copy_: {source.Length} values given for a tensor of shape {ShapeMath.Format(_shape)} ({NumElements} elements).");
        }
        CheckInPlace("Copy_");
        if (IsContiguous)
        {
            source.CopyTo(ContiguousSpan);
            Storage.BumpVersion();
            return this;
        }
        return InPlace(new Tensor(source.ToArray(), (int[])_shape.Clone()), "Copy_");
    }
}
