namespace Taxon;

public sealed partial class Tensor
{
    /// <summary>
    /// Matrix product with NumPy semantics (PyTorch: <c>matmul</c>): dot product of vectors, matrix-vector,
    /// matrix-matrix, and batched products whose batch dimensions broadcast.
    /// </summary>
    public Tensor MatMul(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Dim == 0 || other.Dim == 0)
        {
            throw new ArgumentException($"MatMul: both arguments need at least one dimension, got shapes {ShapeMath.Format(_shape)} and {ShapeMath.Format(other._shape)}.");
        }
        if (Dim == 1 && other.Dim == 1)
        {
            return Unsqueeze(0).MatMul(other.Unsqueeze(1)).Reshape();
        }
        if (Dim == 1)
        {
            return Unsqueeze(0).MatMul(other).Squeeze(-2);
        }
        if (other.Dim == 1)
        {
            return MatMul(other.Unsqueeze(1)).Squeeze(-1);
        }
        return MatMulCore(this, other, "MatMul");
    }

    /// <summary>Batched matrix product of [b, n, k] and [b, k, m] tensors (PyTorch: <c>bmm</c>).</summary>
    public Tensor Bmm(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Dim != 3 || other.Dim != 3 || _shape[0] != other._shape[0])
        {
            throw new ArgumentException($"Bmm: expected two 3-D tensors with the same batch size, got shapes {ShapeMath.Format(_shape)} and {ShapeMath.Format(other._shape)}.");
        }
        return MatMulCore(this, other, "Bmm");
    }

    /// <summary>Matrix product of two tensors of rank ≥ 2 whose batch dimensions broadcast.</summary>
    private static Tensor MatMulCore(Tensor a, Tensor b, string op)
    {
        Tensor result = MatMulForward(a, b, op);
        return Record(result, a.Dim == 2 && b.Dim == 2 ? "MmBackward0" : "BmmBackward0", [a, b], g =>
        [
            a.RequiresGrad ? MatMulForward(g, b.TransposeRaw(), op).SumTo(a._shape) : null,
            b.RequiresGrad ? MatMulForward(a.TransposeRaw(), g, op).SumTo(b._shape) : null,
        ], a, b);
    }

    private Tensor TransposeRaw()
    {
        int[] shape = (int[])_shape.Clone(), strides = (int[])_strides.Clone();
        (shape[^1], shape[^2]) = (shape[^2], shape[^1]);
        (strides[^1], strides[^2]) = (strides[^2], strides[^1]);
        return new Tensor(Storage, shape, strides, Offset);
    }

    /// <summary>The batched product outside the graph: one GEMM per batch entry, reading transposed operands in place.</summary>
    private static Tensor MatMulForward(Tensor a, Tensor b, string op)
    {
        int n = a._shape[^2], k = a._shape[^1], k2 = b._shape[^2], m = b._shape[^1];
        if (k != k2)
        {
            throw new ArgumentException($"{op}: shapes {ShapeMath.Format(a._shape)} and {ShapeMath.Format(b._shape)} cannot be multiplied ({n}x{k} and {k2}x{m}).");
        }
        int[] batch = ShapeMath.Broadcast(a._shape.AsSpan(0, a.Dim - 2), b._shape.AsSpan(0, b.Dim - 2), op);
        int[] outShape = [.. batch, n, m];
        Tensor result = Empty(outShape);
        if (result.NumElements == 0)
        {
            return result;
        }
        a = GemmReady(a);
        b = GemmReady(b);
        int[] sa = ShapeMath.BroadcastStrides(a._shape.AsSpan(0, a.Dim - 2), a._strides.AsSpan(0, a.Dim - 2), batch);
        int[] sb = ShapeMath.BroadcastStrides(b._shape.AsSpan(0, b.Dim - 2), b._strides.AsSpan(0, b.Dim - 2), batch);
        var (transA, lda) = GemmLayout(a);
        var (transB, ldb) = GemmLayout(b);
        int count = ShapeMath.NumElements(batch);
        Span<int> counter = stackalloc int[Math.Max(batch.Length, 1)];
        counter.Clear();
        int oa = a.Offset, ob = b.Offset;
        float[] da = a.Storage.Data, db = b.Storage.Data, dc = result.Storage.Data;
        for (int i = 0; i < count; i++)
        {
            Backend.Gemm(transA, transB, n, m, k, 1f, da.AsSpan(oa), lda, db.AsSpan(ob), ldb, 0f, dc.AsSpan(i * n * m, n * m), m);
            ShapeMath.Advance(counter, batch, sa, sb, batch.Length, ref oa, ref ob);
        }
        return result;
    }

    /// <summary>The tensor itself when each matrix is row-major or column-major in memory, else a contiguous copy.</summary>
    private static Tensor GemmReady(Tensor t)
    {
        int rows = t._shape[^2], cols = t._shape[^1], rs = t._strides[^2], cs = t._strides[^1];
        bool rowMajor = (cs == 1 || cols == 1) && (rs >= cols || rows == 1);
        bool colMajor = (rs == 1 || rows == 1) && (cs >= rows || cols == 1);
        return rowMajor || colMajor ? t : t.Materialize();
    }

    private static (bool Trans, int Ld) GemmLayout(Tensor t)
    {
        int rows = t._shape[^2], cols = t._shape[^1], rs = t._strides[^2], cs = t._strides[^1];
        if ((cs == 1 || cols == 1) && (rs >= cols || rows == 1))
        {
            return (false, rows == 1 ? Math.Max(cols, 1) : Math.Max(rs, 1));
        }
        return (true, cols == 1 ? Math.Max(rows, 1) : Math.Max(cs, 1));
    }
}
