namespace Taxon;

public sealed partial class Tensor
{
    /// <summary>e^x / Σ e^x along a dimension, fused and stable (PyTorch: <c>softmax</c>).</summary>
    public Tensor Softmax(int dim) => SoftmaxCore(dim, log: false);

    /// <summary>x − log Σ e^x along a dimension, fused and stable (PyTorch: <c>log_softmax</c>).</summary>
    public Tensor LogSoftmax(int dim) => SoftmaxCore(dim, log: true);

    private Tensor SoftmaxCore(int dim, bool log)
    {
        string op = log ? "LogSoftmax" : "Softmax";
        int d = ShapeMath.WrapDim(dim, Dim, op);
        if (Dim == 0)
        {
            Tensor single = log ? Map(UnaryOp.Affine, 0f, 0f) : Full([], 1f);
            return Record(single, log ? "LogSoftmaxBackward0" : "SoftmaxBackward0", [this], g => [g.Mul(0f)]);
        }
        bool last = d == Dim - 1;
        Tensor moved = last ? (IsContiguous ? this : Materialize()) : MoveDimRaw(d).Materialize();
        int cols = _shape[d], rows = cols == 0 ? 0 : NumElements / cols;
        Tensor y = Empty((int[])moved._shape.Clone());
        Backend.SoftmaxRows(moved.ContiguousSpan, rows, cols, y.ContiguousSpan, log);
        Tensor result = last ? y : y.MoveDimBackRaw(d).Materialize();
        Tensor output = result.Detach();
        return Record(result, log ? "LogSoftmaxBackward0" : "SoftmaxBackward0", [this], g =>
        {
            Tensor ym = last ? output : output.MoveDimRaw(d).Materialize();
            Tensor gm = last ? (g.IsContiguous ? g : g.Materialize()) : g.MoveDimRaw(d).Materialize();
            Tensor dx = Empty((int[])ym._shape.Clone());
            Backend.SoftmaxRowsBackward(ym.ContiguousSpan, gm.ContiguousSpan, rows, cols, dx.ContiguousSpan, log);
            return [last ? dx : dx.MoveDimBackRaw(d)];
        }, output);
    }

    /// <summary>The inverse of <see cref="MoveDimRaw"/>: the last dimension moved back to <paramref name="dim"/>.</summary>
    private Tensor MoveDimBackRaw(int dim)
    {
        var order = new int[Dim];
        for (int i = 0, j = 0; i < Dim; i++)
        {
            order[i] = i == dim ? Dim - 1 : j++;
        }
        return PermuteRaw(order);
    }
}
