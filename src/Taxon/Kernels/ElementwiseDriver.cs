namespace Taxon.Kernels;

/// <summary>
/// Runs an element-wise operator over strided, broadcast views: dimensions that are laid out as one are merged,
/// then the innermost dimension is handed to the operator's span form as a span·span, span·scalar or
/// scalar·span row, and only rows that are strided in memory fall back to the scalar form.
/// </summary>
internal static class ElementwiseDriver
{
    public static void Unary<TOp>(TOp op, TensorView x, Span<float> d)
        where TOp : struct, IUnaryOperator
    {
        if (IsDense(x))
        {
            op.Invoke(x.Data.AsSpan(x.Offset, d.Length), d);
            return;
        }
        // Gather first, then run the vectorised form in place: one pass of strided reads instead of a scalar loop.
        CopyToSpan(x, d);
        op.Invoke(d, d);
    }

    public static void Binary<TOp>(TOp op, TensorView x, TensorView y, Span<float> d)
        where TOp : struct, IBinaryOperator
    {
        int rank = x.Shape.Length;
        Span<int> size = stackalloc int[Math.Max(rank, 1)];
        Span<int> sx = stackalloc int[Math.Max(rank, 1)];
        Span<int> sy = stackalloc int[Math.Max(rank, 1)];
        int dims = Coalesce(x.Shape, x.Strides, y.Strides, size, sx, sy);
        if (d.Length == 0)
        {
            return;
        }
        int inner = dims == 0 ? 1 : size[dims - 1];
        int ix = dims == 0 ? 0 : sx[dims - 1], iy = dims == 0 ? 0 : sy[dims - 1];
        int outer = d.Length / inner;
        Span<int> counter = stackalloc int[Math.Max(dims, 1)];
        counter.Clear();
        int ox = x.Offset, oy = y.Offset;
        for (int row = 0; row < outer; row++)
        {
            Span<float> dr = d.Slice(row * inner, inner);
            if (ix == 1 && iy == 1)
            {
                op.Invoke(x.Data.AsSpan(ox, inner), y.Data.AsSpan(oy, inner), dr);
            }
            else if (ix == 1 && iy == 0)
            {
                op.Invoke(x.Data.AsSpan(ox, inner), y.Data[oy], dr);
            }
            else if (ix == 0 && iy == 1)
            {
                op.Invoke(x.Data[ox], y.Data.AsSpan(oy, inner), dr);
            }
            else
            {
                float[] xd = x.Data, yd = y.Data;
                for (int i = 0, px = ox, py = oy; i < inner; i++, px += ix, py += iy)
                {
                    dr[i] = op.Invoke(xd[px], yd[py]);
                }
            }
            ShapeMath.Advance(counter, size, sx, sy, dims - 1, ref ox, ref oy);
        }
    }

    /// <summary>Copies a strided (or broadcast) view into a contiguous span of its shape.</summary>
    public static void CopyToSpan(TensorView src, Span<float> dst) =>
        Copy(src, TensorView.Contiguous([], src.Shape), dst);

    /// <summary>Strided copy of <paramref name="src"/> into <paramref name="dst"/>, both of one shape.</summary>
    public static void Copy(TensorView src, TensorView dst) => Copy(src, dst, default);

    private static void Copy(TensorView src, TensorView dst, Span<float> dstSpanIfContiguous)
    {
        int rank = src.Shape.Length;
        Span<int> size = stackalloc int[Math.Max(rank, 1)];
        Span<int> ss = stackalloc int[Math.Max(rank, 1)];
        Span<int> sd = stackalloc int[Math.Max(rank, 1)];
        int dims = Coalesce(src.Shape, src.Strides, dst.Strides, size, ss, sd);
        int total = ShapeMath.NumElements(src.Shape);
        if (total == 0)
        {
            return;
        }
        Span<float> target = dstSpanIfContiguous.Length == total ? dstSpanIfContiguous : default;
        bool intoSpan = target.Length == total;
        int inner = dims == 0 ? 1 : size[dims - 1];
        int is_ = dims == 0 ? 0 : ss[dims - 1], id = dims == 0 ? 0 : sd[dims - 1];
        int outer = total / inner;
        Span<int> counter = stackalloc int[Math.Max(dims, 1)];
        counter.Clear();
        int os = src.Offset, od = dst.Offset;
        float[] sdata = src.Data, ddata = dst.Data;
        for (int row = 0; row < outer; row++)
        {
            Span<float> drow = intoSpan ? target.Slice(od, inner) : default;
            if (is_ == 1 && (intoSpan || id == 1))
            {
                sdata.AsSpan(os, inner).CopyTo(intoSpan ? drow : ddata.AsSpan(od, inner));
            }
            else if (is_ == 0 && (intoSpan || id == 1))
            {
                (intoSpan ? drow : ddata.AsSpan(od, inner)).Fill(sdata[os]);
            }
            else if (intoSpan)
            {
                for (int i = 0, p = os; i < inner; i++, p += is_)
                {
                    drow[i * id] = sdata[p];
                }
            }
            else
            {
                for (int i = 0, p = os, q = od; i < inner; i++, p += is_, q += id)
                {
                    ddata[q] = sdata[p];
                }
            }
            ShapeMath.Advance(counter, size, ss, sd, dims - 1, ref os, ref od);
        }
    }

    /// <summary>Whether a view covers a gap-free run of its buffer in row-major order.</summary>
    public static bool IsDense(TensorView v)
    {
        int expected = 1;
        for (int i = v.Shape.Length - 1; i >= 0; i--)
        {
            if (v.Shape[i] != 1)
            {
                if (v.Strides[i] != expected)
                {
                    return false;
                }
                expected *= v.Shape[i];
            }
        }
        return true;
    }

    /// <summary>
    /// Drops size-1 dimensions and merges neighbours that step through memory as one, for both operands at once.
    /// Returns the number of remaining dimensions (0 for a single element).
    /// </summary>
    public static int Coalesce(int[] shape, int[] sa, int[] sb, Span<int> size, Span<int> outA, Span<int> outB)
    {
        int n = 0;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == 1)
            {
                continue;
            }
            if (n > 0 && outA[n - 1] == sa[i] * shape[i] && outB[n - 1] == sb[i] * shape[i])
            {
                size[n - 1] *= shape[i];
                outA[n - 1] = sa[i];
                outB[n - 1] = sb[i];
                continue;
            }
            size[n] = shape[i];
            outA[n] = sa[i];
            outB[n] = sb[i];
            n++;
        }
        return n;
    }

}
