using System.Numerics.Tensors;

namespace Taxon;

public static partial class Functional
{
    /// <summary>
    /// y = x·Wᵀ + b for a 2-D x as one graph node (PyTorch's <c>addmm</c> path of <c>F.linear</c>, grad_fn
    /// <c>AddmmBackward0</c>): one GEMM reading W transposed in place, the bias added to each row, and a backward that
    /// writes dW = gᵀ·x straight in W's [out, in] layout, db as the column sums of g and dx = g·W. The composed form
    /// (matmul of a transposed view, broadcast add) needed a transposed copy of dW and a reduction node per step.
    /// </summary>
    private static Tensor FusedLinear(Tensor input, Tensor weight, Tensor? bias)
    {
        Tensor x = input.IsContiguous ? input : input.Materialize();
        Tensor w = weight.IsContiguous ? weight : weight.Materialize();
        Tensor? b = bias is null || bias.IsContiguous ? bias : bias.Materialize();
        int n = x.Shape[0], k = x.Shape[1], m = w.Shape[0];
        Tensor y = Tensor.Empty([n, m]);
        Span<float> yd = y.ContiguousSpan;
        Gemm(false, true, n, m, k, x.ContiguousSpan, k, w.ContiguousSpan, k, yd, m);
        if (b is not null)
        {
            ReadOnlySpan<float> bd = b.ContiguousSpan;
            for (int r = 0; r < n; r++)
            {
                Span<float> row = yd.Slice(r * m, m);
                TensorPrimitives.Add(row, bd, row);
            }
        }
        Tensor[] inputs = bias is null ? [input, weight] : [input, weight, bias];
        return Tensor.Record(y, "AddmmBackward0", inputs, g => LinearBackward(g, input, weight, bias, x, w, n, k, m), x, w);
    }

    private static Tensor?[] LinearBackward(Tensor g, Tensor input, Tensor weight, Tensor? bias, Tensor x, Tensor w, int n, int k, int m)
    {
        Tensor gc = g.IsContiguous ? g : g.Materialize();
        ReadOnlySpan<float> gd = gc.ContiguousSpan;
        Tensor? dx = null, dw = null, db = null;
        if (input.RequiresGrad)
        {
            dx = Tensor.Empty([n, k]);
            Gemm(false, false, n, k, m, gd, m, w.ContiguousSpan, k, dx.ContiguousSpan, k);
        }
        if (weight.RequiresGrad)
        {
            dw = Tensor.Empty([m, k]);
            Gemm(true, false, m, k, n, gd, m, x.ContiguousSpan, k, dw.ContiguousSpan, k);
        }
        if (bias is not null && bias.RequiresGrad)
        {
            db = Tensor.Empty([m]);
            if (n == 0)
            {
                db.ContiguousSpan.Clear();
            }
            else
            {
                Tensor.Backend.SumMiddle(gd, 1, n, m, db.ContiguousSpan);
            }
        }
        return bias is null ? [dx, dw] : [dx, dw, db];
    }

    /// <summary>C = op(A)·op(B) into a fresh buffer; an empty inner dimension gives zeros, which the GEMM need not handle.</summary>
    private static void Gemm(bool transA, bool transB, int rows, int cols, int inner, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
    {
        if (inner == 0 || rows == 0 || cols == 0)
        {
            c.Clear();
            return;
        }
        Tensor.Backend.Gemm(transA, transB, rows, cols, inner, 1f, a, lda, b, ldb, 0f, c, ldc);
    }
}
