namespace Taxon;

public sealed partial class Tensor
{
    /// <summary>Joins tensors along an existing dimension (PyTorch: <c>torch.cat</c>).</summary>
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
        {
            throw new ArgumentException("Cat: expected at least one tensor.");
        }
        Tensor first = tensors[0];
        int d = ShapeMath.WrapDim(dim, first.Dim, "Cat");
        int total = 0;
        foreach (Tensor t in tensors)
        {
            if (t.Dim != first.Dim)
            {
                throw new ArgumentException($"Cat: tensors must have the same rank, got shapes {ShapeMath.Format(first._shape)} and {ShapeMath.Format(t._shape)}.");
            }
            for (int i = 0; i < first.Dim; i++)
            {
                if (i != d && t._shape[i] != first._shape[i])
                {
                    throw new ArgumentException(
                        $"Cat: sizes must match except in dimension {d}, got shapes {ShapeMath.Format(first._shape)} and {ShapeMath.Format(t._shape)} (dimension {i}).");
                }
            }
            total += t._shape[d];
        }
        int[] shape = (int[])first._shape.Clone();
        shape[d] = total;
        Tensor result = Empty(shape);
        var sizes = new int[tensors.Count];
        int offset = 0;
        for (int i = 0; i < tensors.Count; i++)
        {
            sizes[i] = tensors[i]._shape[d];
            Backend.Copy(tensors[i].Layout, result.StridedViewRaw(d, offset, sizes[i], 1).Layout);
            offset += sizes[i];
        }
        Tensor[] inputs = [.. tensors];
        return Record(result, "CatBackward0", inputs, g =>
        {
            var grads = new Tensor?[inputs.Length];
            int start = 0;
            for (int i = 0; i < inputs.Length; i++)
            {
                grads[i] = inputs[i].RequiresGrad ? g.Narrow(d, start, sizes[i]) : null;
                start += sizes[i];
            }
            return grads;
        });
    }

    /// <summary>Joins tensors along an existing dimension (PyTorch: <c>torch.cat</c>).</summary>
    public static Tensor Cat(params Tensor[] tensors) => Cat((IReadOnlyList<Tensor>)tensors, 0);

    /// <summary>Stacks same-shaped tensors along a new dimension (PyTorch: <c>torch.stack</c>).</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
        {
            throw new ArgumentException("Stack: expected at least one tensor.");
        }
        int d = ShapeMath.WrapDim(dim, tensors[0].Dim + 1, "Stack");
        var expanded = new Tensor[tensors.Count];
        for (int i = 0; i < tensors.Count; i++)
        {
            if (!ShapeMath.SameShape(tensors[i]._shape, tensors[0]._shape))
            {
                throw new ArgumentException($"Stack: all tensors must have the same shape, got {ShapeMath.Format(tensors[0]._shape)} and {ShapeMath.Format(tensors[i]._shape)}.");
            }
            expanded[i] = tensors[i].Unsqueeze(d);
        }
        return Cat(expanded, d);
    }

    /// <summary>Stacks same-shaped tensors along a new first dimension (PyTorch: <c>torch.stack</c>).</summary>
    public static Tensor Stack(params Tensor[] tensors) => Stack((IReadOnlyList<Tensor>)tensors, 0);

    /// <summary>Splits into views of <paramref name="splitSize"/> along a dimension; the last may be smaller (PyTorch: <c>split</c>).</summary>
    public Tensor[] Split(int splitSize, int dim = 0)
    {
        if (splitSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(splitSize), $"Split: split size must be positive, got {splitSize}.");
        }
        int d = ShapeMath.WrapDim(dim, Dim, "Split");
        int size = _shape[d];
        int count = Math.Max(1, (size + splitSize - 1) / splitSize);
        var parts = new Tensor[count];
        for (int i = 0; i < count; i++)
        {
            int start = i * splitSize;
            parts[i] = Narrow(d, start, Math.Min(splitSize, size - start));
        }
        return parts;
    }

    /// <summary>Splits into views of the given sizes along a dimension (PyTorch: <c>split</c> with a list).</summary>
    public Tensor[] Split(int[] sizes, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        int d = ShapeMath.WrapDim(dim, Dim, "Split");
        int sum = 0;
        foreach (int s in sizes)
        {
            sum += s;
        }
        if (sum != _shape[d])
        {
            throw new ArgumentException($"Split: sizes {ShapeMath.Format(sizes)} add up to {sum}, but dimension {d} has size {_shape[d]}.");
        }
        var parts = new Tensor[sizes.Length];
        for (int i = 0, start = 0; i < sizes.Length; start += sizes[i], i++)
        {
            parts[i] = Narrow(d, start, sizes[i]);
        }
        return parts;
    }

    /// <summary>Splits into <paramref name="chunks"/> nearly equal views (PyTorch: <c>chunk</c>).</summary>
    public Tensor[] Chunk(int chunks, int dim = 0)
    {
        if (chunks <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(chunks), $"Chunk: the number of chunks must be positive, got {chunks}.");
        }
        int d = ShapeMath.WrapDim(dim, Dim, "Chunk");
        return Split(Math.Max(1, (_shape[d] + chunks - 1) / chunks), d);
    }
}
