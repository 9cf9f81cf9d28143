namespace Taxon;

public sealed partial class Tensor
{
    /// <summary>
    /// The same elements in another shape; one dimension may be −1 and is inferred. A view when the layout
    /// allows, a copy otherwise (PyTorch: <c>reshape</c>).
    /// </summary>
    public Tensor Reshape(params int[] shape)
    {
        int[] s = InferShape(shape, NumElements, "Reshape");
        Tensor source = IsContiguous ? this : Contiguous();
        return source.ViewUnchecked(s, "ReshapeAliasBackward0");
    }

    /// <summary>A view in another shape; the tensor must be contiguous (PyTorch: <c>view</c>).</summary>
    public Tensor View(params int[] shape)
    {
        int[] s = InferShape(shape, NumElements, "View");
        if (!IsContiguous)
        {
            throw new InvalidOperationException(
                $"View: a tensor of shape {ShapeMath.Format(_shape)} with strides {ShapeMath.Format(_strides)} is not contiguous, " +
                $"so it cannot be viewed as {ShapeMath.Format(s)}. Use Reshape(...) instead.");
        }
        return ViewUnchecked(s, "ViewBackward0");
    }

    private Tensor ViewUnchecked(int[] shape, string name)
    {
        var result = new Tensor(Storage, shape, ShapeMath.ContiguousStrides(shape), Offset);
        int[] original = _shape;
        return Record(result, name, [this], g => [g.Reshape(original)]);
    }

    /// <summary>Swaps two dimensions, as a view (PyTorch: <c>transpose</c>).</summary>
    public Tensor Transpose(int dim0, int dim1)
    {
        int a = ShapeMath.WrapDim(dim0, Dim, "Transpose"), b = ShapeMath.WrapDim(dim1, Dim, "Transpose");
        if (Dim < 2)
        {
            return Alias("TransposeBackward0");
        }
        int[] shape = (int[])_shape.Clone(), strides = (int[])_strides.Clone();
        (shape[a], shape[b]) = (shape[b], shape[a]);
        (strides[a], strides[b]) = (strides[b], strides[a]);
        var result = new Tensor(Storage, shape, strides, Offset);
        return Record(result, "TransposeBackward0", [this], g => [g.Transpose(a, b)]);
    }

    /// <summary>The transpose of a matrix, as a view (PyTorch: <c>T</c> for 2-D tensors).</summary>
    public Tensor T => Dim <= 2 ? Transpose(0, Math.Max(Dim - 1, 0)) :
        throw new InvalidOperationException($"T: expected a tensor of at most 2 dimensions, got shape {ShapeMath.Format(_shape)}; use Permute or Transpose.");

    /// <summary>Reorders the dimensions, as a view (PyTorch: <c>permute</c>).</summary>
    public Tensor Permute(params int[] dims)
    {
        if (dims.Length != Dim)
        {
            throw new ArgumentException($"Permute: {dims.Length} dimensions given for a tensor of shape {ShapeMath.Format(_shape)}.");
        }
        var seen = new bool[Dim];
        var order = new int[Dim];
        var inverse = new int[Dim];
        for (int i = 0; i < Dim; i++)
        {
            int d = ShapeMath.WrapDim(dims[i], Dim, "Permute");
            if (seen[d])
            {
                throw new ArgumentException($"Permute: dimension {d} repeats in {ShapeMath.Format(dims)}.");
            }
            seen[d] = true;
            order[i] = d;
            inverse[d] = i;
        }
        Tensor result = PermuteRaw(order);
        return Record(result, "PermuteBackward0", [this], g => [g.Permute(inverse)]);
    }

    /// <summary>Moves one dimension to another position, as a view (PyTorch: <c>movedim</c>).</summary>
    public Tensor MoveDim(int source, int destination)
    {
        int s = ShapeMath.WrapDim(source, Dim, "MoveDim"), d = ShapeMath.WrapDim(destination, Dim, "MoveDim");
        if (s == d)
        {
            return this;
        }
        var order = new List<int>(Dim);
        for (int i = 0; i < Dim; i++)
        {
            if (i != s)
            {
                order.Add(i);
            }
        }
        order.Insert(d, s);
        return Permute([.. order]);
    }

    /// <summary>The elements start..start+length−1 along a dimension, as a view (PyTorch: <c>narrow</c>).</summary>
    public Tensor Narrow(int dim, int start, int length)
    {
        int d = ShapeMath.WrapDim(dim, Dim, "Narrow");
        if (start < 0)
        {
            start += _shape[d];
        }
        if (start < 0 || length < 0 || start + length > _shape[d])
        {
            throw new ArgumentOutOfRangeException(nameof(start),
                $"Narrow: start {start} and length {length} do not fit dimension {d} of size {_shape[d]} (shape {ShapeMath.Format(_shape)}).");
        }
        return StridedView(d, start, length, 1, "NarrowBackward0");
    }

    /// <summary>
    /// Elements start, start+step, ... before end along a dimension, as a view (PyTorch: <c>x[..., start:end:step]</c>);
    /// negative bounds count from the end and out-of-range bounds are clamped, as in Python.
    /// </summary>
    public Tensor Slice(int dim, int start, int end, int step = 1)
    {
        int d = ShapeMath.WrapDim(dim, Dim, "Slice");
        if (step <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), $"Slice: step must be positive, got {step}.");
        }
        int size = _shape[d];
        start = Math.Clamp(start < 0 ? start + size : start, 0, size);
        end = Math.Clamp(end < 0 ? end + size : end, 0, size);
        int length = end > start ? (end - start + step - 1) / step : 0;
        return StridedView(d, start, length, step, "SliceBackward0");
    }

    /// <summary>One index along a dimension, removing that dimension (PyTorch: <c>select</c>, <c>x[i]</c>).</summary>
    public Tensor Select(int dim, int index)
    {
        int d = ShapeMath.WrapDim(dim, Dim, "Select");
        int i = index < 0 ? index + _shape[d] : index;
        if ((uint)i >= (uint)_shape[d])
        {
            throw new IndexOutOfRangeException($"Select: index {index} is out of range for dimension {d} of size {_shape[d]}.");
        }
        return Narrow(d, i, 1).Squeeze(d);
    }

    private Tensor StridedView(int d, int start, int length, int step, string name)
    {
        Tensor result = StridedViewRaw(d, start, length, step);
        int[] original = _shape;
        return Record(result, name, [this], g =>
        {
            Tensor full = Zeros(original);
            Tensor region = full.StridedViewRaw(d, start, length, step);
            Backend.Copy(g.Layout, region.Layout);
            return [full];
        });
    }

    private Tensor StridedViewRaw(int d, int start, int length, int step)
    {
        int[] shape = (int[])_shape.Clone(), strides = (int[])_strides.Clone();
        shape[d] = length;
        strides[d] = _strides[d] * step;
        return new Tensor(Storage, shape, strides, Offset + start * _strides[d]);
    }

    /// <summary>
    /// A broadcast view with size-1 dimensions repeated (stride 0) and new leading dimensions; −1 keeps a size
    /// (PyTorch: <c>expand</c>).
    /// </summary>
    public Tensor Expand(params int[] shape)
    {
        if (shape.Length < Dim)
        {
            throw new ArgumentException($"Expand: cannot expand shape {ShapeMath.Format(_shape)} to fewer dimensions {ShapeMath.Format(shape)}.");
        }
        int lead = shape.Length - Dim;
        var target = new int[shape.Length];
        var strides = new int[shape.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            int own = i < lead ? 1 : _shape[i - lead];
            int want = shape[i] == -1 && i >= lead ? own : shape[i];
            if (want < 0 || (own != want && own != 1))
            {
                throw new ArgumentException(
                    $"Expand: shape {ShapeMath.Format(_shape)} cannot be expanded to {ShapeMath.Format(shape)} (dimension {i}: {own} vs {shape[i]}).");
            }
            target[i] = want;
            strides[i] = i < lead || (own == 1 && want != 1) ? 0 : _strides[i - lead];
        }
        var result = new Tensor(Storage, target, strides, Offset);
        int[] original = _shape;
        return Record(result, "ExpandBackward0", [this], g => [g.SumTo(original)]);
    }

    /// <summary>This tensor broadcast to another tensor's shape (PyTorch: <c>expand_as</c>).</summary>
    public Tensor ExpandAs(Tensor other) => Expand(other._shape);

    /// <summary>Removes every dimension of size 1 (PyTorch: <c>squeeze()</c>).</summary>
    public Tensor Squeeze()
    {
        var shape = new List<int>(Dim);
        foreach (int d in _shape)
        {
            if (d != 1)
            {
                shape.Add(d);
            }
        }
        return shape.Count == Dim ? this : SqueezeTo([.. shape], "SqueezeBackward0");
    }

    /// <summary>Removes a dimension if its size is 1 (PyTorch: <c>squeeze(dim)</c>).</summary>
    public Tensor Squeeze(int dim)
    {
        int d = ShapeMath.WrapDim(dim, Dim, "Squeeze");
        if (Dim == 0 || _shape[d] != 1)
        {
            return this;
        }
        var shape = new int[Dim - 1];
        var strides = new int[Dim - 1];
        for (int i = 0, j = 0; i < Dim; i++)
        {
            if (i != d)
            {
                shape[j] = _shape[i];
                strides[j++] = _strides[i];
            }
        }
        var result = new Tensor(Storage, shape, strides, Offset);
        int[] original = _shape;
        return Record(result, "SqueezeBackward1", [this], g => [g.Reshape(original)]);
    }

    private Tensor SqueezeTo(int[] shape, string name)
    {
        var strides = new int[shape.Length];
        for (int i = 0, j = 0; i < Dim; i++)
        {
            if (_shape[i] != 1)
            {
                strides[j++] = _strides[i];
            }
        }
        var result = new Tensor(Storage, shape, strides, Offset);
        int[] original = _shape;
        return Record(result, name, [this], g => [g.Reshape(original)]);
    }

    /// <summary>Inserts a dimension of size 1 at <paramref name="dim"/> (PyTorch: <c>unsqueeze</c>).</summary>
    public Tensor Unsqueeze(int dim)
    {
        int d = ShapeMath.WrapDim(dim, Dim + 1, "Unsqueeze");
        var shape = new int[Dim + 1];
        var strides = new int[Dim + 1];
        for (int i = 0, j = 0; i <= Dim; i++)
        {
            if (i == d)
            {
                shape[i] = 1;
                strides[i] = d < Dim ? _strides[d] * _shape[d] : 1;
            }
            else
            {
                shape[i] = _shape[j];
                strides[i] = _strides[j++];
            }
        }
        var result = new Tensor(Storage, shape, strides, Offset);
        int[] original = _shape;
        return Record(result, "UnsqueezeBackward0", [this], g => [g.Reshape(original)]);
    }

    /// <summary>Merges dimensions startDim..endDim into one (PyTorch: <c>flatten</c>).</summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        if (Dim == 0)
        {
            return Reshape(1);
        }
        int s = ShapeMath.WrapDim(startDim, Dim, "Flatten"), e = ShapeMath.WrapDim(endDim, Dim, "Flatten");
        if (s > e)
        {
            throw new ArgumentException($"Flatten: startDim ({startDim}) comes after endDim ({endDim}).");
        }
        var shape = new List<int>();
        for (int i = 0; i < s; i++)
        {
            shape.Add(_shape[i]);
        }
        int merged = 1;
        for (int i = s; i <= e; i++)
        {
            merged *= _shape[i];
        }
        shape.Add(merged);
        for (int i = e + 1; i < Dim; i++)
        {
            shape.Add(_shape[i]);
        }
        return Reshape([.. shape]);
    }

    /// <summary>This tensor if it is contiguous, else a contiguous copy (PyTorch: <c>contiguous()</c>).</summary>
    public Tensor Contiguous() => IsContiguous ? this : Clone();

    private Tensor Alias(string name)
    {
        var result = new Tensor(Storage, _shape, _strides, Offset);
        return Record(result, name, [this], g => [g]);
    }

    /// <summary>Resolves a −1 in a requested shape and checks the element count.</summary>
    internal static int[] InferShape(int[] shape, int count, string op)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var result = (int[])shape.Clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < result.Length; i++)
        {
            if (result[i] == -1)
            {
                if (infer >= 0)
                {
                    throw new ArgumentException($"{op}: only one dimension can be −1 in {ShapeMath.Format(shape)}.");
                }
                infer = i;
            }
            else if (result[i] < 0)
            {
                throw new ArgumentException($"{op}: invalid dimension {result[i]} in {ShapeMath.Format(shape)}.");
            }
            else
            {
                known *= result[i];
            }
        }
        if (infer >= 0)
        {
            if (known == 0 || count % known != 0)
            {
                throw new ArgumentException($"{op}: shape {ShapeMath.Format(shape)} is invalid for input of size {count}.");
            }
            result[infer] = (int)(count / known);
        }
        else if (known != count)
        {
            throw new ArgumentException($"{op}: shape {ShapeMath.Format(shape)} is invalid for input of size {count}.");
        }
        return result;
    }
}
