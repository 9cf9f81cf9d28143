using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>
/// Folds a column matrix back into an image, summing overlapping receptive fields (PyTorch: <c>F.fold</c>,
/// Caffe's col2im): the adjoint of <see cref="Im2Col.Pack"/>, so a convolution's input gradient is
/// col2im(Wᵀ·gradOutput) and a transposed convolution is col2im(Wᵀ·x).
/// </summary>
internal static unsafe class Col2Im
{
    /// <summary>
    /// image[c, oy·sh − ph + i·dh, ox·sw − pw + j·dw] += col[(c·kh + i)·kw + j, oy·ow + ox] for positions inside
    /// the image. The padding entries of <paramref name="col"/> may be overwritten (it is scratch).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Accumulate(float* col, int channels, in Conv2dGeometry g, float* image)
    {
        int h = g.InHeight, w = g.InWidth, oh = g.OutHeight, ow = g.OutWidth, plane = oh * ow;
        bool linear = g.StrideHeight == 1 && g.StrideWidth == 1 && ow == w;
        float* row = col;
        for (int c = 0; c < channels; c++)
        {
            float* dst = image + ((nint)c * h * w);
            for (int i = 0; i < g.KernelHeight; i++)
            {
                int rowShift = (i * g.DilationHeight) - g.PadHeight;
                var (oy0, oy1) = Im2Col.ValidRange(rowShift, g.StrideHeight, h, oh);
                for (int j = 0; j < g.KernelWidth; j++, row += plane)
                {
                    int colShift = (j * g.DilationWidth) - g.PadWidth;
                    var (ox0, ox1) = Im2Col.ValidRange(colShift, g.StrideWidth, w, ow);
                    if (oy0 >= oy1 || ox0 >= ox1)
                    {
                        continue;
                    }
                    if (linear)
                    {
                        // One add over the shifted plane, after zeroing the entries that would wrap into
                        // neighbouring rows (they belong to the padding).
                        if (ox0 > 0 || ox1 < ow)
                        {
                            for (int oy = oy0; oy < oy1 - 1; oy++)
                            {
                                Im2Col.Clear(row + (oy * ow) + ox1, ow - ox1 + ox0);
                            }
                        }
                        int first = (oy0 * ow) + ox0, last = ((oy1 - 1) * ow) + ox1;
                        AddTo(dst + ((nint)(oy0 + rowShift) * w) + ox0 + colShift, row + first, last - first);
                        continue;
                    }
                    for (int oy = oy0; oy < oy1; oy++)
                    {
                        float* d = dst + ((nint)((oy * g.StrideHeight) + rowShift) * w) + (ox0 * g.StrideWidth) + colShift;
                        float* s = row + (oy * ow);
                        if (g.StrideWidth == 1)
                        {
                            AddTo(d, s + ox0, ox1 - ox0);
                        }
                        else
                        {
                            for (int ox = ox0, k = 0; ox < ox1; ox++, k += g.StrideWidth)
                            {
                                d[k] += s[ox];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// dst[i] += src[i]. Inlined vector loop: TensorPrimitives.Add measured 100 ns per call on the 180-float runs of
    /// the CNN workload (its setup costs more than the adds), which made col2im as slow as the GEMM before it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTo(float* dst, float* src, int count)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= count; i += 16)
            {
                Vector512.Store(Vector512.Load(dst + i) + Vector512.Load(src + i), dst + i);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= count; i += 8)
            {
                Vector256.Store(Vector256.Load(dst + i) + Vector256.Load(src + i), dst + i);
            }
        }
        for (; i < count; i++)
        {
            dst[i] += src[i];
        }
    }
}
