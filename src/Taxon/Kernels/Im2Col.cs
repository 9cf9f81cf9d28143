using System.Runtime.CompilerServices;

namespace Taxon.Kernels;

/// <summary>
/// Unfolds the receptive fields of one image into the column matrix of a convolution (PyTorch: <c>F.unfold</c>,
/// Caffe's im2col): row (c, i, j) of <c>col</c> holds, for every output position (oy, ox), the input element
/// x[c, oy·sh − ph + i·dh, ox·sw − pw + j·dw], or zero in the padding. The convolution is then one GEMM, W·col.
/// </summary>
internal static unsafe class Im2Col
{
    /// <summary>Fills col [channels·kh·kw, oh·ow] from <paramref name="image"/> [channels, H, W] (contiguous).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack(float* image, int channels, in Conv2dGeometry g, float* col)
    {
        int h = g.InHeight, w = g.InWidth, oh = g.OutHeight, ow = g.OutWidth, plane = oh * ow;
        // With unit strides and as many output columns as input columns, output position p reads input p + shift:
        // each row of col is one shifted copy of the plane, with the padding columns zeroed afterwards.
        bool linear = g.StrideHeight == 1 && g.StrideWidth == 1 && ow == w;
        float* row = col;
        for (int c = 0; c < channels; c++)
        {
            float* src = image + ((nint)c * h * w);
            for (int i = 0; i < g.KernelHeight; i++)
            {
                int rowShift = (i * g.DilationHeight) - g.PadHeight;
                var (oy0, oy1) = ValidRange(rowShift, g.StrideHeight, h, oh);
                for (int j = 0; j < g.KernelWidth; j++, row += plane)
                {
                    int colShift = (j * g.DilationWidth) - g.PadWidth;
                    var (ox0, ox1) = ValidRange(colShift, g.StrideWidth, w, ow);
                    if (oy0 >= oy1 || ox0 >= ox1)
                    {
                        Clear(row, plane);
                        continue;
                    }
                    Clear(row, (oy0 * ow) + ox0);
                    if (linear)
                    {
                        // From the first valid element to the last; columns outside [ox0, ox1) in between wrapped
                        // around to neighbouring input rows and are zeroed next.
                        int first = (oy0 * ow) + ox0, last = ((oy1 - 1) * ow) + ox1;
                        Copy(src + ((nint)(oy0 + rowShift) * w) + ox0 + colShift, row + first, last - first);
                        if (ox0 > 0 || ox1 < ow)
                        {
                            for (int oy = oy0; oy < oy1 - 1; oy++)
                            {
                                Clear(row + (oy * ow) + ox1, ow - ox1 + ox0);
                            }
                        }
                    }
                    else
                    {
                        for (int oy = oy0; oy < oy1; oy++)
                        {
                            float* s = src + ((nint)((oy * g.StrideHeight) + rowShift) * w) + (ox0 * g.StrideWidth) + colShift;
                            float* d = row + (oy * ow);
                            if (oy > oy0)
                            {
                                Clear(d, ox0);
                            }
                            if (g.StrideWidth == 1)
                            {
                                Copy(s, d + ox0, ox1 - ox0);
                            }
                            else
                            {
                                for (int ox = ox0, k = 0; ox < ox1; ox++, k += g.StrideWidth)
                                {
                                    d[ox] = s[k];
                                }
                            }
                            if (oy < oy1 - 1)
                            {
                                Clear(d + ox1, ow - ox1);
                            }
                        }
                    }
                    int tail = ((oy1 - 1) * ow) + ox1;
                    Clear(row + tail, plane - tail);
                }
            }
        }
    }

    /// <summary>
    /// The output positions [o0, o1) whose input index o·stride + shift lies in [0, size), clamped to [0, outSize).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (int Start, int End) ValidRange(int shift, int stride, int size, int outSize)
    {
        // o·stride + shift ≥ 0  ⇔  o ≥ ⌈−shift / stride⌉;  o·stride + shift ≤ size − 1  ⇔  o ≤ ⌊(size − 1 − shift) / stride⌋.
        int start = shift >= 0 ? 0 : (-shift + stride - 1) / stride;
        int lastNumerator = size - 1 - shift;
        int end = lastNumerator < 0 ? 0 : Math.Min(outSize, (lastNumerator / stride) + 1);
        return (Math.Min(start, outSize), Math.Max(end, 0));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* src, float* dst, int count)
    {
        if (count > 0)
        {
            Buffer.MemoryCopy(src, dst, (long)count * sizeof(float), (long)count * sizeof(float));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Clear(float* dst, int count)
    {
        if (count <= 4)
        {
            for (int k = 0; k < count; k++)
            {
                dst[k] = 0f;
            }
            return;
        }
        new Span<float>(dst, count).Clear();
    }
}
