using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>
/// The dot product of float32 features with float64 weights, accumulated in float64: the inner loop of linear
/// models (scikit-learn's solvers work in float64 on float32 data the same way). Widest accelerated vectors with
/// four independent accumulators, so the loop runs at load bandwidth rather than FMA latency.
/// </summary>
public static class MixedPrecisionDot
{
    /// <summary>Σ x[i]·w[i] over <c>x.Length</c> entries; <paramref name="w"/> must be at least as long.</summary>
    public static double Dot(ReadOnlySpan<float> x, ReadOnlySpan<double> w)
    {
        if (w.Length < x.Length)
        {
            throw new ArgumentException($"MixedPrecisionDot: {x.Length} features but only {w.Length} weights.");
        }
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref double wr = ref MemoryMarshal.GetReference(w);
        nuint n = (nuint)x.Length, i = 0;
        double sum = 0;
        if (VectorLoop.Use512 && n >= 16)
        {
            Vector512<double> a0 = Vector512<double>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (; i + 32 <= n; i += 32)
            {
                var (l0, h0) = Vector512.Widen(Vector512.LoadUnsafe(ref xr, i));
                var (l1, h1) = Vector512.Widen(Vector512.LoadUnsafe(ref xr, i + 16));
                a0 = Vector512.FusedMultiplyAdd(l0, Vector512.LoadUnsafe(ref wr, i), a0);
                a1 = Vector512.FusedMultiplyAdd(h0, Vector512.LoadUnsafe(ref wr, i + 8), a1);
                a2 = Vector512.FusedMultiplyAdd(l1, Vector512.LoadUnsafe(ref wr, i + 16), a2);
                a3 = Vector512.FusedMultiplyAdd(h1, Vector512.LoadUnsafe(ref wr, i + 24), a3);
            }
            for (; i + 16 <= n; i += 16)
            {
                var (l0, h0) = Vector512.Widen(Vector512.LoadUnsafe(ref xr, i));
                a0 = Vector512.FusedMultiplyAdd(l0, Vector512.LoadUnsafe(ref wr, i), a0);
                a1 = Vector512.FusedMultiplyAdd(h0, Vector512.LoadUnsafe(ref wr, i + 8), a1);
            }
            sum = Vector512.Sum((a0 + a1) + (a2 + a3));
        }
        else if (VectorLoop.Use256 && n >= 8)
        {
            Vector256<double> a0 = Vector256<double>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (; i + 16 <= n; i += 16)
            {
                var (l0, h0) = Vector256.Widen(Vector256.LoadUnsafe(ref xr, i));
                var (l1, h1) = Vector256.Widen(Vector256.LoadUnsafe(ref xr, i + 8));
                a0 = Vector256.FusedMultiplyAdd(l0, Vector256.LoadUnsafe(ref wr, i), a0);
                a1 = Vector256.FusedMultiplyAdd(h0, Vector256.LoadUnsafe(ref wr, i + 4), a1);
                a2 = Vector256.FusedMultiplyAdd(l1, Vector256.LoadUnsafe(ref wr, i + 8), a2);
                a3 = Vector256.FusedMultiplyAdd(h1, Vector256.LoadUnsafe(ref wr, i + 12), a3);
            }
            for (; i + 8 <= n; i += 8)
            {
                var (l0, h0) = Vector256.Widen(Vector256.LoadUnsafe(ref xr, i));
                a0 = Vector256.FusedMultiplyAdd(l0, Vector256.LoadUnsafe(ref wr, i), a0);
                a1 = Vector256.FusedMultiplyAdd(h0, Vector256.LoadUnsafe(ref wr, i + 4), a1);
            }
            sum = Vector256.Sum((a0 + a1) + (a2 + a3));
        }
        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref xr, i) * Unsafe.Add(ref wr, i);
        }
        return sum;
    }
}
