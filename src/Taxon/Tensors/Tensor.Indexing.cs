namespace Taxon;

public sealed partial class Tensor
{
    /// <summary>out[i][j] = this[index[i][j]][j] along <paramref name="dim"/> (PyTorch: <c>gather</c>).</summary>
    public Tensor Gather(int dim, IndexTensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        int d = ShapeMath.WrapDim(dim, Dim, "Gather");
        CheckIndexShape(index, d, "Gather", _shape);
        Tensor result = Empty((int[])index.ShapeArray.Clone());
        Backend.Gather(Layout, d, index, result.ContiguousSpan);
        int[] original = _shape;
        return Record(result, "GatherBackward0", [this], g => [Zeros(original).ScatterAdd(d, index, g)]);
    }

    /// <summary>A copy of this tensor with src added at the positions index names along <paramref name="dim"/> (PyTorch: <c>scatter_add</c>).</summary>
    public Tensor ScatterAdd(int dim, IndexTensor index, Tensor src)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(src);
        int d = ShapeMath.WrapDim(dim, Dim, "ScatterAdd");
        CheckIndexShape(index, d, "ScatterAdd", _shape);
        if (src.Dim != index.Dim)
        {
            throw new ArgumentException($"ScatterAdd: src of shape {ShapeMath.Format(src._shape)} and index of shape {ShapeMath.Format(index.Shape)} must have the same rank.");
        }
        for (int i = 0; i < index.Dim; i++)
        {
            if (index.ShapeArray[i] > src._shape[i])
            {
                throw new ArgumentException($"ScatterAdd: index of shape {ShapeMath.Format(index.Shape)} is larger than src of shape {ShapeMath.Format(src._shape)} in dimension {i}.");
            }
        }
        Tensor result = Materialize();
        Backend.ScatterAdd(result.ContiguousSpan, result.ShapeArray, d, index, src.Layout);
        Tensor self = this;
        return Record(result, "ScatterAddBackward0", [self, src], g =>
        [
            self.RequiresGrad ? g : null,
            src.RequiresGrad ? PadTo(g.Gather(d, index), src._shape) : null,
        ]);
    }

    /// <summary>The slices at the given indices along a dimension (PyTorch: <c>index_select</c>).</summary>
    public Tensor IndexSelect(int dim, IndexTensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.Dim > 1)
        {
            throw new ArgumentException($"IndexSelect: the index must be 0- or 1-D, got shape {ShapeMath.Format(index.Shape)}.");
        }
        int d = ShapeMath.WrapDim(dim, Dim, "IndexSelect");
        int[] shape = (int[])_shape.Clone();
        if (Dim > 0)
        {
            shape[d] = index.NumElements;
        }
        Tensor result = Empty(shape);
        Tensor src = Dim == 0 ? Reshape(1) : this;
        Backend.IndexSelect(src.Layout, d, index.Span, result.ContiguousSpan);
        int[] original = _shape;
        return Record(result, "IndexSelectBackward0", [this], g =>
        {
            Tensor full = Zeros(original);
            Backend.IndexAdd(full.ContiguousSpan, Dim == 0 ? [1] : original, d, index.Span, (Dim == 0 ? g.Reshape(1) : g).Layout);
            return [full];
        });
    }

    /// <summary>This tensor with <paramref name="value"/> where <paramref name="mask"/> is nonzero; mask broadcasts (PyTorch: <c>masked_fill</c>).</summary>
    public Tensor MaskedFill(Tensor mask, float value)
    {
        ArgumentNullException.ThrowIfNull(mask);
        int[] shape = ShapeMath.Broadcast(_shape, mask._shape, "MaskedFill");
        if (!ShapeMath.SameShape(shape, _shape))
        {
            throw new ArgumentException($"MaskedFill: mask of shape {ShapeMath.Format(mask._shape)} does not broadcast to the tensor's shape {ShapeMath.Format(_shape)}.");
        }
        Tensor result = Empty((int[])_shape.Clone());
        Tensor fill = Scalar(value);
        Backend.Where(mask.Layout.BroadcastTo(shape), fill.Layout.BroadcastTo(shape), Layout, result.ContiguousSpan);
        Tensor zero = Scalar(0f);
        return Record(result, "MaskedFillBackward0", [this], g =>
        {
            Tensor gx = Empty((int[])shape.Clone());
            Backend.Where(mask.Layout.BroadcastTo(shape), zero.Layout.BroadcastTo(shape), g.Layout, gx.ContiguousSpan);
            return [gx];
        }, mask);
    }

    /// <summary>x where condition is nonzero, else y, with broadcasting (PyTorch: <c>torch.where</c>).</summary>
    public static Tensor Where(Tensor condition, Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        int[] shape = ShapeMath.Broadcast(ShapeMath.Broadcast(condition._shape, x._shape, "Where"), y._shape, "Where");
        Tensor result = Empty(shape);
        Backend.Where(condition.Layout.BroadcastTo(shape), x.Layout.BroadcastTo(shape), y.Layout.BroadcastTo(shape), result.ContiguousSpan);
        Tensor zero = Scalar(0f);
        return Record(result, "WhereBackward0", [x, y], g =>
        {
            Tensor? gx = null, gy = null;
            if (x.RequiresGrad)
            {
                gx = Empty((int[])shape.Clone());
                Backend.Where(condition.Layout.BroadcastTo(shape), g.Layout, zero.Layout.BroadcastTo(shape), gx.ContiguousSpan);
                gx = gx.SumTo(x._shape);
            }
            if (y.RequiresGrad)
            {
                gy = Empty((int[])shape.Clone());
                Backend.Where(condition.Layout.BroadcastTo(shape), zero.Layout.BroadcastTo(shape), g.Layout, gy.ContiguousSpan);
                gy = gy.SumTo(y._shape);
            }
            return [gx, gy];
        }, condition);
    }

    private static void CheckIndexShape(IndexTensor index, int dim, string op, int[] shape)
    {
        if (index.Dim != shape.Length)
        {
            throw new ArgumentException($"{op}: index of shape {ShapeMath.Format(index.Shape)} must have the same rank as the tensor of shape {ShapeMath.Format(shape)}.");
        }
        for (int i = 0; i < shape.Length; i++)
        {
            if (i != dim && index.ShapeArray[i] > shape[i])
            {
                throw new ArgumentException($"{op}: index of shape {ShapeMath.Format(index.Shape)} exceeds the tensor's shape {ShapeMath.Format(shape)} in dimension {i}.");
            }
        }
    }

    /// <summary>Zero-pads a gradient up to a larger shape (src may be larger than index in scatter_add).</summary>
    private static Tensor PadTo(Tensor g, int[] shape)
    {
        if (ShapeMath.SameShape(g._shape, shape))
        {
            return g;
        }
        Tensor full = Zeros(shape);
        Tensor region = full;
        for (int i = 0; i < shape.Length; i++)
        {
            region = region.StridedViewRaw(i, 0, g._shape[i], 1);
        }
        Backend.Copy(g.Layout, region.Layout);
        return full;
    }
}
