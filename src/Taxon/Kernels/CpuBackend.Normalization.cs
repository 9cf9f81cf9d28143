using System.Buffers;
using System.Numerics.Tensors;

namespace Taxon.Kernels;

internal sealed partial class CpuBackend
{
    // Per-channel sums over [N, C] rows are accumulated in float across at most this many rows, then added into double:
    // vectorised across channels, yet the rounding error does not grow with the batch size.
    private const int RowChunk = 64;

    public void ChannelMoments(ReadOnlySpan<float> x, int outer, int channels, int inner, Span<float> mean, Span<float> variance)
    {
        double count = (double)outer * inner;
        var sum = new double[channels];
        var squares = new double[channels];
        float[] scratch = ArrayPool<float>.Shared.Rent(Math.Max(inner == 1 ? 2 * channels : inner, 1));
        try
        {
            if (inner == 1)
            {
                RowSums(x, outer, channels, sum, scratch.AsSpan(0, channels));
                for (int c = 0; c < channels; c++)
                {
                    mean[c] = (float)(sum[c] / count);
                }
                Span<float> centred = scratch.AsSpan(0, channels);
                Span<float> acc = scratch.AsSpan(channels, channels);
                for (int start = 0; start < outer; start += RowChunk)
                {
                    acc.Clear();
                    int end = Math.Min(outer, start + RowChunk);
                    for (int o = start; o < end; o++)
                    {
                        TensorPrimitives.Subtract(x.Slice(o * channels, channels), mean, centred);
                        TensorPrimitives.MultiplyAdd(centred, centred, acc, acc);
                    }
                    Flush(acc, squares);
                }
            }
            else
            {
                for (int o = 0; o < outer; o++)
                {
                    for (int c = 0; c < channels; c++)
                    {
                        sum[c] += TensorPrimitives.Sum(x.Slice((o * channels + c) * inner, inner));
                    }
                }
                for (int c = 0; c < channels; c++)
                {
                    mean[c] = (float)(sum[c] / count);
                }
                // Two passes (mean, then squared deviations) rather than Σx² − n·mean², which cancels catastrophically
                // when the mean is large compared with the spread.
                Span<float> centred = scratch.AsSpan(0, inner);
                for (int o = 0; o < outer; o++)
                {
                    for (int c = 0; c < channels; c++)
                    {
                        TensorPrimitives.Subtract(x.Slice((o * channels + c) * inner, inner), mean[c], centred);
                        squares[c] += TensorPrimitives.SumOfSquares(centred);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
        for (int c = 0; c < channels; c++)
        {
            variance[c] = count > 0 ? (float)(squares[c] / count) : float.NaN;
        }
    }

    public void ChannelAffine(ReadOnlySpan<float> x, int outer, int channels, int inner, ReadOnlySpan<float> scale,
        ReadOnlySpan<float> shift, Span<float> y)
    {
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                TensorPrimitives.MultiplyAdd(x.Slice(o * channels, channels), scale, shift, y.Slice(o * channels, channels));
            }
            return;
        }
        for (int o = 0; o < outer; o++)
        {
            for (int c = 0; c < channels; c++)
            {
                int at = (o * channels + c) * inner;
                VectorLoop.Map(new AffineOperator(scale[c], shift[c]), x.Slice(at, inner), y.Slice(at, inner));
            }
        }
    }

    public void ChannelGradientSums(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int outer, int channels, int inner,
        ReadOnlySpan<float> mean, Span<float> sumDy, Span<float> sumDyCentred)
    {
        var s1 = new double[channels];
        var s2 = new double[channels];
        float[] scratch = ArrayPool<float>.Shared.Rent(Math.Max(inner == 1 ? 3 * channels : inner, 1));
        try
        {
            if (inner == 1)
            {
                Span<float> centred = scratch.AsSpan(0, channels);
                Span<float> acc1 = scratch.AsSpan(channels, channels);
                Span<float> acc2 = scratch.AsSpan(2 * channels, channels);
                for (int start = 0; start < outer; start += RowChunk)
                {
                    acc1.Clear();
                    acc2.Clear();
                    int end = Math.Min(outer, start + RowChunk);
                    for (int o = start; o < end; o++)
                    {
                        ReadOnlySpan<float> g = dy.Slice(o * channels, channels);
                        TensorPrimitives.Add(acc1, g, acc1);
                        TensorPrimitives.Subtract(x.Slice(o * channels, channels), mean, centred);
                        TensorPrimitives.MultiplyAdd(centred, g, acc2, acc2);
                    }
                    Flush(acc1, s1);
                    Flush(acc2, s2);
                }
            }
            else
            {
                Span<float> centred = scratch.AsSpan(0, inner);
                for (int o = 0; o < outer; o++)
                {
                    for (int c = 0; c < channels; c++)
                    {
                        int at = (o * channels + c) * inner;
                        ReadOnlySpan<float> g = dy.Slice(at, inner);
                        s1[c] += TensorPrimitives.Sum(g);
                        TensorPrimitives.Subtract(x.Slice(at, inner), mean[c], centred);
                        s2[c] += TensorPrimitives.Dot(centred, g);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
        for (int c = 0; c < channels; c++)
        {
            sumDy[c] = (float)s1[c];
            sumDyCentred[c] = (float)s2[c];
        }
    }

    public void ChannelAffineGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int outer, int channels, int inner,
        ReadOnlySpan<float> dyScale, ReadOnlySpan<float> xScale, ReadOnlySpan<float> shift, Span<float> dx)
    {
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                Span<float> d = dx.Slice(o * channels, channels);
                TensorPrimitives.MultiplyAdd(x.Slice(o * channels, channels), xScale, shift, d);
                TensorPrimitives.MultiplyAdd(dy.Slice(o * channels, channels), dyScale, d, d);
            }
            return;
        }
        for (int o = 0; o < outer; o++)
        {
            for (int c = 0; c < channels; c++)
            {
                int at = (o * channels + c) * inner;
                Span<float> d = dx.Slice(at, inner);
                VectorLoop.Map(new AffineOperator(xScale[c], shift[c]), x.Slice(at, inner), d);
                TensorPrimitives.MultiplyAdd(dy.Slice(at, inner), dyScale[c], d, d);
            }
        }
    }

    public void LayerNormRows(ReadOnlySpan<float> x, int rows, int cols, float eps, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> y, Span<float> mean, Span<float> rstd)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> xr = x.Slice(r * cols, cols);
            Span<float> yr = y.Slice(r * cols, cols);
            float m = cols == 0 ? float.NaN : TensorPrimitives.Sum(xr) / cols;
            // The centred values go to y first: the second pass of the two-pass variance needs them anyway.
            TensorPrimitives.Subtract(xr, m, yr);
            float variance = TensorPrimitives.SumOfSquares(yr) / cols;
            float s = 1f / MathF.Sqrt(variance + eps);
            mean[r] = m;
            rstd[r] = s;
            // PyTorch's form: x·rstd − mean·rstd, then ·weight + bias.
            VectorLoop.Map(new AffineOperator(s, -m * s), xr, yr);
            if (!weight.IsEmpty && !bias.IsEmpty)
            {
                TensorPrimitives.MultiplyAdd(yr, weight, bias, yr);
            }
            else if (!weight.IsEmpty)
            {
                TensorPrimitives.Multiply(yr, weight, yr);
            }
            else if (!bias.IsEmpty)
            {
                TensorPrimitives.Add(yr, bias, yr);
            }
        }
    }

    public void LayerNormRowsBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int rows, int cols, ReadOnlySpan<float> mean,
        ReadOnlySpan<float> rstd, ReadOnlySpan<float> weight, Span<float> dx, Span<float> dWeight, Span<float> dBias)
    {
        dWeight.Clear();
        dBias.Clear();
        float[] scratch = ArrayPool<float>.Shared.Rent(Math.Max(2 * cols, 1));
        try
        {
            Span<float> xhat = scratch.AsSpan(0, cols);
            Span<float> gw = scratch.AsSpan(cols, cols);
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<float> xr = x.Slice(r * cols, cols);
                ReadOnlySpan<float> gr = dy.Slice(r * cols, cols);
                float s = rstd[r];
                VectorLoop.Map(new AffineOperator(s, -mean[r] * s), xr, xhat);
                if (!dWeight.IsEmpty)
                {
                    TensorPrimitives.MultiplyAdd(gr, xhat, dWeight, dWeight);
                }
                if (!dBias.IsEmpty)
                {
                    TensorPrimitives.Add(dBias, gr, dBias);
                }
                if (dx.IsEmpty)
                {
                    continue;
                }
                // dx = rstd·(g − mean(g) − x̂·mean(g·x̂)) with g = dy·weight.
                ReadOnlySpan<float> g = gr;
                if (!weight.IsEmpty)
                {
                    TensorPrimitives.Multiply(gr, weight, gw);
                    g = gw;
                }
                float a = TensorPrimitives.Sum(g) / cols;
                float b = TensorPrimitives.Dot(g, xhat) / cols;
                Span<float> dr = dx.Slice(r * cols, cols);
                VectorLoop.Map(new AffineOperator(-b * s, -a * s), xhat, dr);
                TensorPrimitives.MultiplyAdd(g, s, dr, dr);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>Σ over rows of an [outer, channels] block into double per-channel sums.</summary>
    private static void RowSums(ReadOnlySpan<float> x, int outer, int channels, double[] sum, Span<float> acc)
    {
        for (int start = 0; start < outer; start += RowChunk)
        {
            acc.Clear();
            int end = Math.Min(outer, start + RowChunk);
            for (int o = start; o < end; o++)
            {
                TensorPrimitives.Add(acc, x.Slice(o * channels, channels), acc);
            }
            Flush(acc, sum);
        }
    }

    private static void Flush(ReadOnlySpan<float> acc, double[] total)
    {
        for (int c = 0; c < acc.Length; c++)
        {
            total[c] += acc[c];
        }
    }
}
