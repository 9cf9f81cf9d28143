using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Taxon.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the k-major micro-panel layout the micro-kernels read,
/// so every transpose combination runs the same kernel over contiguous, zero-padded memory.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs rows [i0, i0+mc) x cols [p0, p0+kc) of op(A) into panels of <typeparamref name="TKernel"/>.Mr rows:
    /// panel q holds element (i0 + q*Mr + r, p0 + p) at dst[q*kc*Mr + p*Mr + r]; rows past mc are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA<TKernel>(bool transA, float* a, nint lda, int i0, int mc, int p0, int kc, float* dst)
        where TKernel : struct, IGemmMicroKernel
    {
        int mr = TKernel.Mr;
        int ir = 0;
        if (transA)
        {
            // Stored k x m: each k step is a contiguous run of rows, so fill all full panels from one run
            // before moving to the next k (a panel at a time would read a few floats per 2 KiB+ stride).
            int full = mc / mr * mr;
            if (full > 0)
            {
                PackContiguousPanels(a + ((nint)p0 * lda) + i0, lda, full, kc, dst, mr);
                ir = full;
            }
        }

        for (; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            float* panel = dst + ((nint)ir * kc);
            if (transA)
            {
                PackContiguous(a + ((nint)p0 * lda) + i0 + ir, lda, rows, kc, panel, mr);
            }
            else
            {
                PackTransposed(a + ((nint)(i0 + ir) * lda) + p0, lda, rows, kc, panel, mr);
            }
        }
    }

    /// <summary>
    /// Packs rows [p0, p0+kc) x cols [j0, j0+nc) of op(B) into panels of <typeparamref name="TKernel"/>.Nr columns:
    /// panel q holds element (p0 + p, j0 + q*Nr + j) at dst[q*kc*Nr + p*Nr + j]; columns past nc are zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB<TKernel>(bool transB, float* b, nint ldb, int p0, int kc, int j0, int nc, float* dst)
        where TKernel : struct, IGemmMicroKernel
    {
        int nr = TKernel.Nr;
        for (int jr = 0; jr < nc; jr += nr, dst += (nint)kc * nr)
        {
            int cols = Math.Min(nr, nc - jr);
            if (transB)
            {
                // Stored n x k: column j of op(B) is row j of the storage.
                PackTransposed(b + ((nint)(j0 + jr) * ldb) + p0, ldb, cols, kc, dst, nr);
            }
            else
            {
                PackContiguous(b + ((nint)p0 * ldb) + j0 + jr, ldb, cols, kc, dst, nr);
            }
        }
    }

    /// <summary>
    /// Packs <paramref name="count"/> (a multiple of <paramref name="width"/>) contiguous floats per k step into
    /// count / width panels: dst[(r / width)*kc*width + p*width + r % width] = src[p*ld + r].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PackContiguousPanels(float* src, nint ld, int count, int kc, float* dst, int width)
    {
        nint panelStride = (nint)kc * width;
        for (int p = 0; p < kc; p++, src += ld)
        {
            float* d = dst + ((nint)p * width);
            for (int r = 0; r < count; r += width, d += panelStride)
            {
                CopySmall(src + r, d, width);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopySmall(float* src, float* dst, int count)
    {
        int r = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; r + 16 <= count; r += 16)
            {
                Vector512.Store(Vector512.Load(src + r), dst + r);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; r + 8 <= count; r += 8)
            {
                Vector256.Store(Vector256.Load(src + r), dst + r);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; r + 4 <= count; r += 4)
            {
                Vector128.Store(Vector128.Load(src + r), dst + r);
            }
        }

        for (; r < count; r++)
        {
            dst[r] = src[r];
        }
    }

    /// <summary>dst[p*width + r] = src[p*ld + r] for r &lt; count, zero for count ≤ r &lt; width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PackContiguous(float* src, nint ld, int count, int kc, float* dst, int width)
    {
        if (count == width)
        {
            for (int p = 0; p < kc; p++, src += ld, dst += width)
            {
                CopySmall(src, dst, width);
            }

            return;
        }

        for (int p = 0; p < kc; p++, src += ld, dst += width)
        {
            int r = 0;
            for (; r < count; r++)
            {
                dst[r] = src[r];
            }

            for (; r < width; r++)
            {
                dst[r] = 0f;
            }
        }
    }

    /// <summary>dst[p*width + r] = src[r*ld + p] for r &lt; count, zero for count ≤ r &lt; width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PackTransposed(float* src, nint ld, int count, int kc, float* dst, int width)
    {
        int p = 0;
        if (count == width && width % 4 == 0 && Sse.IsSupported)
        {
            // 4 x 4 register transposes: four rows advance 4 floats at a time, so reads stay sequential per row.
            for (; p + 4 <= kc; p += 4)
            {
                float* d = dst + ((nint)p * width);
                float* s = src + p;
                for (int r = 0; r < width; r += 4, s += 4 * ld)
                {
                    Vector128<float> r0 = Sse.LoadVector128(s);
                    Vector128<float> r1 = Sse.LoadVector128(s + ld);
                    Vector128<float> r2 = Sse.LoadVector128(s + (2 * ld));
                    Vector128<float> r3 = Sse.LoadVector128(s + (3 * ld));
                    Vector128<float> t0 = Sse.UnpackLow(r0, r1);
                    Vector128<float> t1 = Sse.UnpackLow(r2, r3);
                    Vector128<float> t2 = Sse.UnpackHigh(r0, r1);
                    Vector128<float> t3 = Sse.UnpackHigh(r2, r3);
                    Sse.Store(d + r, Sse.MoveLowToHigh(t0, t1));
                    Sse.Store(d + width + r, Sse.MoveHighToLow(t1, t0));
                    Sse.Store(d + (2 * width) + r, Sse.MoveLowToHigh(t2, t3));
                    Sse.Store(d + (3 * width) + r, Sse.MoveHighToLow(t3, t2));
                }
            }
        }

        for (; p < kc; p++)
        {
            float* d = dst + ((nint)p * width);
            float* s = src + p;
            int r = 0;
            for (; r < count; r++, s += ld)
            {
                d[r] = *s;
            }

            for (; r < width; r++)
            {
                d[r] = 0f;
            }
        }
    }
}
