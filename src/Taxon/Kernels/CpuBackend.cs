using System.Buffers;
using System.Numerics.Tensors;

namespace Taxon.Kernels;

/// <summary>
/// The managed CPU backend: maps each op of the seam to its operator struct and the shared drivers, and row
/// reductions and softmax to TensorPrimitives. Stateless and thread-safe.
/// </summary>
internal sealed partial class CpuBackend : IBackend
{
    public static CpuBackend Instance { get; } = new();

    private CpuBackend()
    {
    }

    public void Copy(TensorView src, TensorView dst) => ElementwiseDriver.Copy(src, dst);

    public void Copy(TensorView src, Span<float> dst)
    {
        if (ElementwiseDriver.IsDense(src))
        {
            src.Data.AsSpan(src.Offset, dst.Length).CopyTo(dst);
            return;
        }
        ElementwiseDriver.CopyToSpan(src, dst);
    }

    public void Fill(Span<float> dst, float value) => dst.Fill(value);

    public void Unary(UnaryOp op, TensorView x, Span<float> d, float p0 = 0, float p1 = 0)
    {
        switch (op)
        {
            case UnaryOp.Negate: ElementwiseDriver.Unary(new NegateOperator(), x, d); break;
            case UnaryOp.Exp: ElementwiseDriver.Unary(new ExpOperator(), x, d); break;
            case UnaryOp.Log: ElementwiseDriver.Unary(new LogOperator(), x, d); break;
            case UnaryOp.Sqrt: ElementwiseDriver.Unary(new SqrtOperator(), x, d); break;
            case UnaryOp.Abs: ElementwiseDriver.Unary(new AbsOperator(), x, d); break;
            case UnaryOp.Square: ElementwiseDriver.Unary(new SquareOperator(), x, d); break;
            case UnaryOp.Tanh: ElementwiseDriver.Unary(new TanhOperator(), x, d); break;
            case UnaryOp.Sigmoid: ElementwiseDriver.Unary(new SigmoidOperator(), x, d); break;
            case UnaryOp.Relu: ElementwiseDriver.Unary(new ReluOperator(), x, d); break;
            case UnaryOp.LeakyRelu: ElementwiseDriver.Unary(new LeakyReluOperator(p0), x, d); break;
            case UnaryOp.Elu: ElementwiseDriver.Unary(new EluOperator(p0), x, d); break;
            case UnaryOp.Gelu: ElementwiseDriver.Unary(new GeluOperator(), x, d); break;
            case UnaryOp.Softplus: ElementwiseDriver.Unary(new SoftplusOperator(p0, p1), x, d); break;
            case UnaryOp.Clamp: ElementwiseDriver.Unary(new ClampOperator(p0, p1), x, d); break;
            case UnaryOp.PowScalar: ElementwiseDriver.Unary(new PowScalarOperator(p0), x, d); break;
            case UnaryOp.Affine: ElementwiseDriver.Unary(new AffineOperator(p0, p1), x, d); break;
            case UnaryOp.ScalarDivide: ElementwiseDriver.Unary(new ScalarDivideOperator(p0), x, d); break;
            case UnaryOp.ScalarPow: ElementwiseDriver.Unary(new ScalarPowOperator(p0), x, d); break;
            default: throw new NotSupportedException($"Unary op {op} is not implemented by the CPU backend.");
        }
    }

    public void Binary(BinaryOp op, TensorView x, TensorView y, Span<float> d, float p0 = 0, float p1 = 0)
    {
        switch (op)
        {
            case BinaryOp.Add: ElementwiseDriver.Binary(new AddOperator(), x, y, d); break;
            case BinaryOp.Subtract: ElementwiseDriver.Binary(new SubtractOperator(), x, y, d); break;
            case BinaryOp.AddScaled: ElementwiseDriver.Binary(new AddScaledOperator(p0), x, y, d); break;
            case BinaryOp.Multiply: ElementwiseDriver.Binary(new MultiplyOperator(), x, y, d); break;
            case BinaryOp.Divide: ElementwiseDriver.Binary(new DivideOperator(), x, y, d); break;
            case BinaryOp.Pow: ElementwiseDriver.Binary(new PowOperator(), x, y, d); break;
            case BinaryOp.Maximum: ElementwiseDriver.Binary(new MaximumOperator(), x, y, d); break;
            case BinaryOp.Minimum: ElementwiseDriver.Binary(new MinimumOperator(), x, y, d); break;
            case BinaryOp.Equal: ElementwiseDriver.Binary(new ComparisonOperator(ComparisonKind.Equal), x, y, d); break;
            case BinaryOp.NotEqual: ElementwiseDriver.Binary(new ComparisonOperator(ComparisonKind.NotEqual), x, y, d); break;
            case BinaryOp.Less: ElementwiseDriver.Binary(new ComparisonOperator(ComparisonKind.Less), x, y, d); break;
            case BinaryOp.LessOrEqual: ElementwiseDriver.Binary(new ComparisonOperator(ComparisonKind.LessOrEqual), x, y, d); break;
            case BinaryOp.Greater: ElementwiseDriver.Binary(new ComparisonOperator(ComparisonKind.Greater), x, y, d); break;
            case BinaryOp.GreaterOrEqual: ElementwiseDriver.Binary(new ComparisonOperator(ComparisonKind.GreaterOrEqual), x, y, d); break;
            case BinaryOp.ReluBackward: ElementwiseDriver.Binary(new ReluBackwardOperator(), x, y, d); break;
            case BinaryOp.LeakyReluBackward: ElementwiseDriver.Binary(new LeakyReluBackwardOperator(p0), x, y, d); break;
            case BinaryOp.EluBackward: ElementwiseDriver.Binary(new EluBackwardOperator(p0), x, y, d); break;
            case BinaryOp.GeluBackward: ElementwiseDriver.Binary(new GeluBackwardOperator(), x, y, d); break;
            case BinaryOp.SoftplusBackward: ElementwiseDriver.Binary(new SoftplusBackwardOperator(p0, p1), x, y, d); break;
            case BinaryOp.TanhBackward: ElementwiseDriver.Binary(new TanhBackwardOperator(), x, y, d); break;
            case BinaryOp.SigmoidBackward: ElementwiseDriver.Binary(new SigmoidBackwardOperator(), x, y, d); break;
            case BinaryOp.AbsBackward: ElementwiseDriver.Binary(new AbsBackwardOperator(), x, y, d); break;
            case BinaryOp.ClampBackward: ElementwiseDriver.Binary(new ClampBackwardOperator(p0, p1), x, y, d); break;
            default: throw new NotSupportedException($"Binary op {op} is not implemented by the CPU backend.");
        }
    }

    public void Where(TensorView cond, TensorView x, TensorView y, Span<float> d)
    {
        // Rare outside masking, so a plain strided loop: three operands defeat the two-operand driver.
        int n = d.Length;
        int[] shape = cond.Shape;
        Span<int> counter = stackalloc int[Math.Max(shape.Length, 1)];
        counter.Clear();
        int oc = cond.Offset, ox = x.Offset, oy = y.Offset;
        for (int i = 0; i < n; i++)
        {
            d[i] = cond.Data[oc] != 0 ? x.Data[ox] : y.Data[oy];
            for (int k = shape.Length - 1; k >= 0; k--)
            {
                oc += cond.Strides[k];
                ox += x.Strides[k];
                oy += y.Strides[k];
                if (++counter[k] < shape[k])
                {
                    break;
                }
                oc -= cond.Strides[k] * shape[k];
                ox -= x.Strides[k] * shape[k];
                oy -= y.Strides[k] * shape[k];
                counter[k] = 0;
            }
        }
    }

    public void ReduceRows(ReduceOp op, ReadOnlySpan<float> src, int rows, int cols, Span<float> dst)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = src.Slice(r * cols, cols);
            dst[r] = op switch
            {
                ReduceOp.Sum => TensorPrimitives.Sum(row),
                ReduceOp.Max => cols == 0 ? float.NegativeInfinity : TensorPrimitives.Max(row),
                ReduceOp.Min => cols == 0 ? float.PositiveInfinity : TensorPrimitives.Min(row),
                ReduceOp.LogSumExp => LogSumExp(row),
                _ => throw new NotSupportedException($"Reduction {op} is not implemented by the CPU backend."),
            };
        }
    }

    public void SumMiddle(ReadOnlySpan<float> src, int outer, int reduce, int inner, Span<float> dst)
    {
        for (int o = 0; o < outer; o++)
        {
            Span<float> acc = dst.Slice(o * inner, inner);
            ReadOnlySpan<float> block = src.Slice(o * reduce * inner, reduce * inner);
            if (reduce == 0)
            {
                acc.Clear();
                continue;
            }
            block[..inner].CopyTo(acc);
            for (int r = 1; r < reduce; r++)
            {
                TensorPrimitives.Add(acc, block.Slice(r * inner, inner), acc);
            }
        }
    }

    public void ArgReduceRows(bool max, ReadOnlySpan<float> src, int rows, int cols, Span<float> values, Span<int> indices)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = src.Slice(r * cols, cols);
            int best = max ? TensorPrimitives.IndexOfMax(row) : TensorPrimitives.IndexOfMin(row);
            if (row[best] == 0)
            {
                // TensorPrimitives orders −0 below +0; PyTorch treats them as equal and returns the first.
                for (int i = 0; i < best; i++)
                {
                    if (row[i] == 0)
                    {
                        best = i;
                        break;
                    }
                }
            }
            indices[r] = best;
            values[r] = row[best];
        }
    }

    public void SoftmaxRows(ReadOnlySpan<float> src, int rows, int cols, Span<float> dst, bool log)
    {
        float[] scratch = ArrayPool<float>.Shared.Rent(Math.Max(cols, 1));
        try
        {
            SoftmaxRows(src, rows, cols, dst, log, scratch.AsSpan(0, cols));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    private static void SoftmaxRows(ReadOnlySpan<float> src, int rows, int cols, Span<float> dst, bool log, Span<float> scratch)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> x = src.Slice(r * cols, cols);
            Span<float> y = dst.Slice(r * cols, cols);
            float max = TensorPrimitives.Max(x);
            if (float.IsNegativeInfinity(max))
            {
                max = 0; // an all −∞ row: PyTorch yields NaN for softmax, −∞ minus 0 keeps that behaviour.
            }
            TensorPrimitives.Subtract(x, max, y);
            if (log)
            {
                y.CopyTo(scratch);
                float lse = MathF.Log(SumExp(scratch));
                TensorPrimitives.Subtract(y, lse, y);
            }
            else
            {
                TensorPrimitives.Exp(y, y);
                TensorPrimitives.Divide(y, TensorPrimitives.Sum(y), y);
            }
        }
    }

    public void SoftmaxRowsBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, int rows, int cols, Span<float> dst, bool log)
    {
        float[] scratch = ArrayPool<float>.Shared.Rent(cols);
        try
        {
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<float> yr = y.Slice(r * cols, cols);
                ReadOnlySpan<float> gr = g.Slice(r * cols, cols);
                Span<float> dr = dst.Slice(r * cols, cols);
                if (log)
                {
                    // d = g − softmax · Σg, softmax = e^y
                    float sum = TensorPrimitives.Sum(gr);
                    Span<float> p = scratch.AsSpan(0, cols);
                    TensorPrimitives.Exp(yr, p);
                    TensorPrimitives.MultiplyAdd(p, -sum, gr, dr);
                }
                else
                {
                    // d = y · (g − Σ y·g)
                    float dot = TensorPrimitives.Dot(yr, gr);
                    TensorPrimitives.Subtract(gr, dot, dr);
                    TensorPrimitives.Multiply(dr, yr, dr);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) =>
        Kernels.Gemm.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    public void Gather(TensorView src, int dim, IndexTensor index, Span<float> dst)
    {
        int[] shape = index.ShapeArray;
        ReadOnlySpan<int> idx = index.Span;
        int rank = shape.Length;
        Span<int> counter = stackalloc int[Math.Max(rank, 1)];
        counter.Clear();
        int limit = src.Shape[dim];
        for (int i = 0; i < idx.Length; i++)
        {
            int j = idx[i];
            if ((uint)j >= (uint)limit)
            {
                throw new IndexOutOfRangeException($"Gather: index {j} is out of bounds for dimension {dim} with size {limit}.");
            }
            int offset = src.Offset;
            for (int k = 0; k < rank; k++)
            {
                offset += (k == dim ? j : counter[k]) * src.Strides[k];
            }
            dst[i] = src.Data[offset];
            Advance(counter, shape);
        }
    }

    public void ScatterAdd(Span<float> dst, int[] dstShape, int dim, IndexTensor index, TensorView src)
    {
        int[] shape = index.ShapeArray;
        int[] dstStrides = ShapeMath.ContiguousStrides(dstShape);
        ReadOnlySpan<int> idx = index.Span;
        int rank = shape.Length;
        Span<int> counter = stackalloc int[Math.Max(rank, 1)];
        counter.Clear();
        int limit = dstShape[dim];
        for (int i = 0; i < idx.Length; i++)
        {
            int j = idx[i];
            if ((uint)j >= (uint)limit)
            {
                throw new IndexOutOfRangeException($"ScatterAdd: index {j} is out of bounds for dimension {dim} with size {limit}.");
            }
            int so = src.Offset, doff = 0;
            for (int k = 0; k < rank; k++)
            {
                so += counter[k] * src.Strides[k];
                doff += (k == dim ? j : counter[k]) * dstStrides[k];
            }
            dst[doff] += src.Data[so];
            Advance(counter, shape);
        }
    }

    public void IndexSelect(TensorView src, int dim, ReadOnlySpan<int> index, Span<float> dst)
    {
        int[] outShape = (int[])src.Shape.Clone();
        outShape[dim] = index.Length;
        int[] outStrides = ShapeMath.ContiguousStrides(outShape);
        int limit = src.Shape[dim];
        for (int i = 0; i < index.Length; i++)
        {
            int j = index[i];
            if ((uint)j >= (uint)limit)
            {
                throw new IndexOutOfRangeException($"IndexSelect: index {j} is out of bounds for dimension {dim} with size {limit}.");
            }
            // Copy one slice: src with dim fixed at j into dst with dim fixed at i.
            var from = new TensorView(src.Data, src.Offset + j * src.Strides[dim], RemoveDim(src.Shape, dim), RemoveDim(src.Strides, dim));
            int baseOffset = i * outStrides[dim];
            if (outShape.Length == 1)
            {
                dst[baseOffset] = src.Data[from.Offset];
                continue;
            }
            var to = new TensorView([], 0, from.Shape, RemoveDim(outStrides, dim));
            CopyStrided(from, dst[baseOffset..], to.Strides, from.Shape, add: false);
        }
    }

    public void IndexAdd(Span<float> dst, int[] dstShape, int dim, ReadOnlySpan<int> index, TensorView src)
    {
        int[] dstStrides = ShapeMath.ContiguousStrides(dstShape);
        int limit = dstShape[dim];
        for (int i = 0; i < index.Length; i++)
        {
            int j = index[i];
            if ((uint)j >= (uint)limit)
            {
                throw new IndexOutOfRangeException($"IndexAdd: index {j} is out of bounds for dimension {dim} with size {limit}.");
            }
            var from = new TensorView(src.Data, src.Offset + i * src.Strides[dim], RemoveDim(src.Shape, dim), RemoveDim(src.Strides, dim));
            CopyStrided(from, dst[(j * dstStrides[dim])..], RemoveDim(dstStrides, dim), from.Shape, add: true);
        }
    }

    private static void CopyStrided(TensorView from, Span<float> dst, int[] dstStrides, int[] shape, bool add)
    {
        int n = ShapeMath.NumElements(shape);
        Span<int> counter = stackalloc int[Math.Max(shape.Length, 1)];
        counter.Clear();
        for (int e = 0; e < n; e++)
        {
            int so = from.Offset, doff = 0;
            for (int k = 0; k < shape.Length; k++)
            {
                so += counter[k] * from.Strides[k];
                doff += counter[k] * dstStrides[k];
            }
            if (add)
            {
                dst[doff] += from.Data[so];
            }
            else
            {
                dst[doff] = from.Data[so];
            }
            Advance(counter, shape);
        }
    }

    private static int[] RemoveDim(int[] values, int dim)
    {
        var result = new int[values.Length - 1];
        for (int i = 0, j = 0; i < values.Length; i++)
        {
            if (i != dim)
            {
                result[j++] = values[i];
            }
        }
        return result;
    }

    private static void Advance(Span<int> counter, int[] shape)
    {
        for (int k = shape.Length - 1; k >= 0; k--)
        {
            if (++counter[k] < shape[k])
            {
                return;
            }
            counter[k] = 0;
        }
    }

    private static float LogSumExp(ReadOnlySpan<float> row)
    {
        if (row.Length == 0)
        {
            return float.NegativeInfinity;
        }
        float max = TensorPrimitives.Max(row);
        if (float.IsInfinity(max) || float.IsNaN(max))
        {
            return max == float.NegativeInfinity ? float.NegativeInfinity : max;
        }
        float[] scratch = ArrayPool<float>.Shared.Rent(row.Length);
        try
        {
            Span<float> t = scratch.AsSpan(0, row.Length);
            TensorPrimitives.Subtract(row, max, t);
            return max + MathF.Log(SumExp(t));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>Σ e^t, leaving e^t in <paramref name="t"/>.</summary>
    private static float SumExp(Span<float> t)
    {
        TensorPrimitives.Exp(t, t);
        return TensorPrimitives.Sum(t);
    }
}
