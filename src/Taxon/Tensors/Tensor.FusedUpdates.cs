namespace Taxon;

public sealed partial class Tensor
{
    /// <summary>
    /// Whether a fused in-place kernel may update <paramref name="target"/> element by element from the other tensors:
    /// all contiguous with the same shape, and the written ones (target first) not sharing storage with any other.
    /// </summary>
    internal static bool CanFuseInPlace(Tensor target, Tensor source, params Tensor[] alsoWritten)
    {
        if (!target.IsContiguous || !source.IsContiguous || !ShapeMath.SameShape(target._shape, source._shape)
            || ReferenceEquals(target.Storage, source.Storage))
        {
            return false;
        }
        foreach (Tensor t in alsoWritten)
        {
            if (!t.IsContiguous || !ShapeMath.SameShape(t._shape, target._shape) || ReferenceEquals(t.Storage, target.Storage)
                || ReferenceEquals(t.Storage, source.Storage))
            {
                return false;
            }
        }
        for (int i = 0; i < alsoWritten.Length; i++)
        {
            for (int j = i + 1; j < alsoWritten.Length; j++)
            {
                if (ReferenceEquals(alsoWritten[i].Storage, alsoWritten[j].Storage))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>Marks tensors written by a fused kernel as modified, as the in-place operations would have.</summary>
    internal static void BumpVersions(params Tensor[] written)
    {
        foreach (Tensor t in written)
        {
            t.Storage.BumpVersion();
        }
    }
}
