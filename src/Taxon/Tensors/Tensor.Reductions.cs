namespace Taxon;

public sealed partial class Tensor
{
    /// <summary>The sum of all elements, as a 0-dimensional tensor (PyTorch: <c>sum()</c>).</summary>
    public Tensor Sum() => Sum(AllDims(), keepDim: false);

    /// <summary>The sum over one dimension (PyTorch: <c>sum(dim, keepdim)</c>).</summary>
    public Tensor Sum(int dim, bool keepDim = false) => Sum([dim], keepDim);

    /// <summary>The sum over several dimensions (PyTorch: <c>sum(dims, keepdim)</c>).</summary>
    public Tensor Sum(int[] dims, bool keepDim = false)
    {
        int[] d = ShapeMath.Normalize(dims, Dim, "Sum");
        Tensor result = Reduce(ReduceOp.Sum, d, keepDim);
        int[] original = _shape;
        int[] kept = KeptShape(d);
        return Record(result, "SumBackward1", [this], g => [g.Reshape(kept).Expand(original)]);
    }

    /// <summary>The mean of all elements (PyTorch: <c>mean()</c>).</summary>
    public Tensor Mean() => Mean(AllDims(), keepDim: false);

    /// <summary>The mean over one dimension (PyTorch: <c>mean(dim, keepdim)</c>).</summary>
    public Tensor Mean(int dim, bool keepDim = false) => Mean([dim], keepDim);

    /// <summary>The mean over several dimensions (PyTorch: <c>mean(dims, keepdim)</c>).</summary>
    public Tensor Mean(int[] dims, bool keepDim = false)
    {
        int[] d = ShapeMath.Normalize(dims, Dim, "Mean");
        return Sum(d, keepDim).Div(CountOver(d));
    }

    /// <summary>log Σ e^x over all elements, computed stably (PyTorch: <c>logsumexp(x, dim=all)</c>).</summary>
    public Tensor LogSumExp() => LogSumExp(AllDims(), keepDim: false);

    /// <summary>log Σ e^x over one dimension, computed stably (PyTorch: <c>logsumexp</c>).</summary>
    public Tensor LogSumExp(int dim, bool keepDim = false) => LogSumExp([dim], keepDim);

    /// <summary>log Σ e^x over several dimensions (PyTorch: <c>logsumexp</c>).</summary>
    public Tensor LogSumExp(int[] dims, bool keepDim = false)
    {
        int[] d = ShapeMath.Normalize(dims, Dim, "LogSumExp");
        Tensor result = Reduce(ReduceOp.LogSumExp, d, keepDim);
        Tensor output = result.Detach();
        Tensor a = this;
        int[] kept = KeptShape(d);
        return Record(result, "LogsumexpBackward0", [a], g => [g.Reshape(kept).Mul(a.Sub(output.Reshape(kept)).Exp())], a, output);
    }

    /// <summary>
    /// The variance over dimensions with Bessel's <paramref name="correction"/> (1: unbiased, 0: population)
    /// (PyTorch: <c>var(dim, correction, keepdim)</c>).
    /// </summary>
    public Tensor Var(int[] dims, int correction = 1, bool keepDim = false)
    {
        int[] d = ShapeMath.Normalize(dims, Dim, "Var");
        Tensor centred = Sub(Mean(d, keepDim: true));
        return centred.Square().Sum(d, keepDim).Div(Math.Max(CountOver(d) - correction, 0));
    }

    /// <summary>The variance over one dimension (PyTorch: <c>var(dim)</c>).</summary>
    public Tensor Var(int dim, int correction = 1, bool keepDim = false) => Var([dim], correction, keepDim);

    /// <summary>The unbiased variance of all elements (PyTorch: <c>var()</c>); <c>Var(0)</c> is along dimension 0, as in PyTorch.</summary>
    public Tensor Var() => Var(AllDims());

    /// <summary>The standard deviation over dimensions (PyTorch: <c>std(dim, correction, keepdim)</c>).</summary>
    public Tensor Std(int[] dims, int correction = 1, bool keepDim = false) => Var(dims, correction, keepDim).Sqrt();

    /// <summary>The standard deviation over one dimension (PyTorch: <c>std(dim)</c>).</summary>
    public Tensor Std(int dim, int correction = 1, bool keepDim = false) => Std([dim], correction, keepDim);

    /// <summary>The unbiased standard deviation of all elements (PyTorch: <c>std()</c>); <c>Std(0)</c> is along dimension 0.</summary>
    public Tensor Std() => Std(AllDims());

    /// <summary>The largest element; ties share the gradient evenly (PyTorch: <c>max()</c>, <c>amax</c>).</summary>
    public Tensor Max() => Extreme(ReduceOp.Max, "MaxBackward1");

    /// <summary>The smallest element; ties share the gradient evenly (PyTorch: <c>min()</c>).</summary>
    public Tensor Min() => Extreme(ReduceOp.Min, "MinBackward1");

    private Tensor Extreme(ReduceOp op, string name)
    {
        if (NumElements == 0)
        {
            throw new InvalidOperationException($"{(op == ReduceOp.Max ? "Max" : "Min")}(): the tensor is empty; specify a dimension or give a non-empty tensor.");
        }
        Tensor result = Reduce(op, AllDims(), keepDim: false);
        Tensor output = result.Detach();
        Tensor a = this;
        return Record(result, name, [a], g =>
        {
            Tensor mask = a.Eq(output);
            return [mask.Mul(g.Div(mask.Sum()))];
        }, a);
    }

    /// <summary>The largest values along a dimension and their indices; the gradient flows to the values (PyTorch: <c>max(dim)</c>).</summary>
    public (Tensor Values, IndexTensor Indices) Max(int dim, bool keepDim = false) => ArgExtreme(true, dim, keepDim, "MaxBackward0");

    /// <summary>The smallest values along a dimension and their indices (PyTorch: <c>min(dim)</c>).</summary>
    public (Tensor Values, IndexTensor Indices) Min(int dim, bool keepDim = false) => ArgExtreme(false, dim, keepDim, "MinBackward0");

    /// <summary>The index of the largest value along a dimension; the first one on ties (PyTorch: <c>argmax</c>).</summary>
    public IndexTensor ArgMax(int dim, bool keepDim = false) => ArgExtreme(true, dim, keepDim, "").Indices;

    /// <summary>The index of the smallest value along a dimension (PyTorch: <c>argmin</c>).</summary>
    public IndexTensor ArgMin(int dim, bool keepDim = false) => ArgExtreme(false, dim, keepDim, "").Indices;

    /// <summary>The flat index of the largest element (PyTorch: <c>argmax()</c>).</summary>
    public int ArgMax() => Reshape(-1).ArgMax(0).Span[0];

    private (Tensor Values, IndexTensor Indices) ArgExtreme(bool max, int dim, bool keepDim, string name)
    {
        int d = ShapeMath.WrapDim(dim, Dim, max ? "Max" : "Min");
        int size = Dim == 0 ? 1 : _shape[d];
        if (size == 0)
        {
            throw new InvalidOperationException($"{(max ? "Max" : "Min")}({dim}): dimension {d} of shape {ShapeMath.Format(_shape)} is empty.");
        }
        Tensor moved = (Dim == 0 ? Reshape(1) : MoveDimRaw(d)).Materialize();
        int rows = NumElements / size;
        var values = Empty(ReducedShape([d], keepDim));
        var indices = new int[rows];
        Backend.ArgReduceRows(max, moved.ContiguousSpan, rows, size, values.ContiguousSpan, indices);
        var index = IndexTensor.Wrap(indices, values.ShapeArray);
        if (name.Length == 0)
        {
            return (values, index);
        }
        int[] original = _shape;
        IndexTensor keptIndex = index.Reshape(KeptShape([d]));
        Tensor result = Record(values, name, [this], g => [Zeros(original).ScatterAdd(d, keptIndex, g.Reshape(keptIndex.ShapeArray))]);
        return (result, index);
    }

    /// <summary>Reduces outside the graph: to rows when the reduced dims trail a contiguous layout, to a middle block for sums, else after a permuting copy.</summary>
    private Tensor Reduce(ReduceOp op, int[] dims, bool keepDim)
    {
        int[] outShape = ReducedShape(dims, keepDim);
        Tensor result = Empty(outShape);
        if (dims.Length == 0)
        {
            Backend.Copy(Layout, result.ContiguousSpan);
            return result;
        }
        int first = dims[0], last = dims[^1];
        bool block = last - first + 1 == dims.Length;
        Tensor source = IsContiguous ? this : Materialize();
        int outer = 1, reduce = 1, inner = 1;
        for (int i = 0; i < Dim; i++)
        {
            if (i < first)
            {
                outer *= _shape[i];
            }
            else if (i <= last)
            {
                reduce *= _shape[i];
            }
            else
            {
                inner *= _shape[i];
            }
        }
        if (block && inner == 1)
        {
            Backend.ReduceRows(op, source.ContiguousSpan, outer, reduce, result.ContiguousSpan);
        }
        else if (block && op == ReduceOp.Sum)
        {
            Backend.SumMiddle(source.ContiguousSpan, outer, reduce, inner, result.ContiguousSpan);
        }
        else
        {
            var order = new List<int>(Dim);
            for (int i = 0; i < Dim; i++)
            {
                if (Array.IndexOf(dims, i) < 0)
                {
                    order.Add(i);
                }
            }
            order.AddRange(dims);
            Tensor moved = PermuteRaw([.. order]).Materialize();
            int count = CountOver(dims);
            Backend.ReduceRows(op, moved.ContiguousSpan, count == 0 ? result.NumElements : moved.NumElements / count, count, result.ContiguousSpan);
        }
        return result;
    }

    private int[] AllDims()
    {
        var dims = new int[Dim];
        for (int i = 0; i < Dim; i++)
        {
            dims[i] = i;
        }
        return dims;
    }

    private int CountOver(int[] dims)
    {
        int n = 1;
        foreach (int d in dims)
        {
            n *= _shape[d];
        }
        return n;
    }

    /// <summary>The shape with reduced dims set to 1.</summary>
    private int[] KeptShape(int[] dims)
    {
        int[] kept = (int[])_shape.Clone();
        foreach (int d in dims)
        {
            kept[d] = 1;
        }
        return kept;
    }

    private int[] ReducedShape(int[] dims, bool keepDim)
    {
        if (keepDim)
        {
            return KeptShape(dims);
        }
        var shape = new List<int>(Dim);
        for (int i = 0; i < Dim; i++)
        {
            if (Array.IndexOf(dims, i) < 0)
            {
                shape.Add(_shape[i]);
            }
        }
        return [.. shape];
    }

    /// <summary>A permuted view outside the graph.</summary>
    internal Tensor PermuteRaw(int[] order)
    {
        var shape = new int[order.Length];
        var strides = new int[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            shape[i] = _shape[order[i]];
            strides[i] = _strides[order[i]];
        }
        return new Tensor(Storage, shape, strides, Offset);
    }

    /// <summary>A view with <paramref name="dim"/> moved last, outside the graph.</summary>
    internal Tensor MoveDimRaw(int dim)
    {
        var order = new int[Dim];
        for (int i = 0, j = 0; i < Dim; i++)
        {
            if (i != dim)
            {
                order[j++] = i;
            }
        }
        order[^1] = dim;
        return PermuteRaw(order);
    }
}
