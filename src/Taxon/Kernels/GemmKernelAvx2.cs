using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Taxon.Kernels;

/// <summary>
/// AVX2 + FMA micro-kernel: a 6 x 16 tile of C in 12 ymm accumulators, leaving 4 of the 16 ymm registers
/// for the two B vectors and the A broadcast. Unrolled by hand so every accumulator stays in a register.
/// </summary>
internal readonly unsafe struct GemmKernelAvx2 : IGemmMicroKernel
{
    /// <inheritdoc/>
    public static int Mr => 6;

    /// <inheritdoc/>
    public static int Nr => 16;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        Vector256<float> c0_0 = default, c0_1 = default;
        Vector256<float> c1_0 = default, c1_1 = default;
        Vector256<float> c2_0 = default, c2_1 = default;
        Vector256<float> c3_0 = default, c3_1 = default;
        Vector256<float> c4_0 = default, c4_1 = default;
        Vector256<float> c5_0 = default, c5_1 = default;

        // Pull the C tile towards L1 now; it is needed only after the k loop, which hides the misses.
        Sse.Prefetch0(c + (0 * ldc));
        Sse.Prefetch0(c + (0 * ldc) + 15);
        Sse.Prefetch0(c + (1 * ldc));
        Sse.Prefetch0(c + (1 * ldc) + 15);
        Sse.Prefetch0(c + (2 * ldc));
        Sse.Prefetch0(c + (2 * ldc) + 15);
        Sse.Prefetch0(c + (3 * ldc));
        Sse.Prefetch0(c + (3 * ldc) + 15);
        Sse.Prefetch0(c + (4 * ldc));
        Sse.Prefetch0(c + (4 * ldc) + 15);
        Sse.Prefetch0(c + (5 * ldc));
        Sse.Prefetch0(c + (5 * ldc) + 15);

        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b + 0);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> a0 = Vector256.Create(a[0]);
            c0_0 = Fma.MultiplyAdd(a0, b0, c0_0);
            c0_1 = Fma.MultiplyAdd(a0, b1, c0_1);
            Vector256<float> a1 = Vector256.Create(a[1]);
            c1_0 = Fma.MultiplyAdd(a1, b0, c1_0);
            c1_1 = Fma.MultiplyAdd(a1, b1, c1_1);
            Vector256<float> a2 = Vector256.Create(a[2]);
            c2_0 = Fma.MultiplyAdd(a2, b0, c2_0);
            c2_1 = Fma.MultiplyAdd(a2, b1, c2_1);
            Vector256<float> a3 = Vector256.Create(a[3]);
            c3_0 = Fma.MultiplyAdd(a3, b0, c3_0);
            c3_1 = Fma.MultiplyAdd(a3, b1, c3_1);
            Vector256<float> a4 = Vector256.Create(a[4]);
            c4_0 = Fma.MultiplyAdd(a4, b0, c4_0);
            c4_1 = Fma.MultiplyAdd(a4, b1, c4_1);
            Vector256<float> a5 = Vector256.Create(a[5]);
            c5_0 = Fma.MultiplyAdd(a5, b0, c5_0);
            c5_1 = Fma.MultiplyAdd(a5, b1, c5_1);
            a += 6;
            b += 16;
        }

        Vector256<float> va = Vector256.Create(alpha);
        if (beta == 0f)
        {
            Vector256.Store(c0_0 * va, c + (0 * ldc) + 0);
            Vector256.Store(c0_1 * va, c + (0 * ldc) + 8);
            Vector256.Store(c1_0 * va, c + (1 * ldc) + 0);
            Vector256.Store(c1_1 * va, c + (1 * ldc) + 8);
            Vector256.Store(c2_0 * va, c + (2 * ldc) + 0);
            Vector256.Store(c2_1 * va, c + (2 * ldc) + 8);
            Vector256.Store(c3_0 * va, c + (3 * ldc) + 0);
            Vector256.Store(c3_1 * va, c + (3 * ldc) + 8);
            Vector256.Store(c4_0 * va, c + (4 * ldc) + 0);
            Vector256.Store(c4_1 * va, c + (4 * ldc) + 8);
            Vector256.Store(c5_0 * va, c + (5 * ldc) + 0);
            Vector256.Store(c5_1 * va, c + (5 * ldc) + 8);
        }
        else
        {
            Vector256<float> vb = Vector256.Create(beta);
            Vector256.Store(Fma.MultiplyAdd(c0_0, va, Vector256.Load(c + (0 * ldc) + 0) * vb), c + (0 * ldc) + 0);
            Vector256.Store(Fma.MultiplyAdd(c0_1, va, Vector256.Load(c + (0 * ldc) + 8) * vb), c + (0 * ldc) + 8);
            Vector256.Store(Fma.MultiplyAdd(c1_0, va, Vector256.Load(c + (1 * ldc) + 0) * vb), c + (1 * ldc) + 0);
            Vector256.Store(Fma.MultiplyAdd(c1_1, va, Vector256.Load(c + (1 * ldc) + 8) * vb), c + (1 * ldc) + 8);
            Vector256.Store(Fma.MultiplyAdd(c2_0, va, Vector256.Load(c + (2 * ldc) + 0) * vb), c + (2 * ldc) + 0);
            Vector256.Store(Fma.MultiplyAdd(c2_1, va, Vector256.Load(c + (2 * ldc) + 8) * vb), c + (2 * ldc) + 8);
            Vector256.Store(Fma.MultiplyAdd(c3_0, va, Vector256.Load(c + (3 * ldc) + 0) * vb), c + (3 * ldc) + 0);
            Vector256.Store(Fma.MultiplyAdd(c3_1, va, Vector256.Load(c + (3 * ldc) + 8) * vb), c + (3 * ldc) + 8);
            Vector256.Store(Fma.MultiplyAdd(c4_0, va, Vector256.Load(c + (4 * ldc) + 0) * vb), c + (4 * ldc) + 0);
            Vector256.Store(Fma.MultiplyAdd(c4_1, va, Vector256.Load(c + (4 * ldc) + 8) * vb), c + (4 * ldc) + 8);
            Vector256.Store(Fma.MultiplyAdd(c5_0, va, Vector256.Load(c + (5 * ldc) + 0) * vb), c + (5 * ldc) + 0);
            Vector256.Store(Fma.MultiplyAdd(c5_1, va, Vector256.Load(c + (5 * ldc) + 8) * vb), c + (5 * ldc) + 8);
        }
    }
}
