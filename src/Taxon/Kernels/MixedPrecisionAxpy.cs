using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>
/// <c>y += a·x</c> for float32 <c>x</c> into float64 <c>y</c> (BLAS: <c>daxpy</c> with a widened x): how linear models
/// accumulate gradients over float32 feature rows.
/// </summary>
public static class MixedPrecisionAxpy
{
    /// <summary>y[i] += a·x[i] over <c>x.Length</c> entries; <paramref name="y"/> must be at least as long.</summary>
    public static void AddScaled(ReadOnlySpan<float> x, double a, Span<double> y)
    {
        if (y.Length < x.Length)
        {
            throw new ArgumentException($"MixedPrecisionAxpy: {x.Length} features but only {y.Length} targets.");
        }
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref double yr = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length, i = 0;
        if (VectorLoop.Use512)
        {
            var va = Vector512.Create(a);
            for (; i + 16 <= n; i += 16)
            {
                var (lo, hi) = Vector512.Widen(Vector512.LoadUnsafe(ref xr, i));
                Vector512.FusedMultiplyAdd(lo, va, Vector512.LoadUnsafe(ref yr, i)).StoreUnsafe(ref yr, i);
                Vector512.FusedMultiplyAdd(hi, va, Vector512.LoadUnsafe(ref yr, i + 8)).StoreUnsafe(ref yr, i + 8);
            }
        }
        else if (VectorLoop.Use256)
        {
            var va = Vector256.Create(a);
            for (; i + 8 <= n; i += 8)
            {
                var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref xr, i));
                Vector256.FusedMultiplyAdd(lo, va, Vector256.LoadUnsafe(ref yr, i)).StoreUnsafe(ref yr, i);
                Vector256.FusedMultiplyAdd(hi, va, Vector256.LoadUnsafe(ref yr, i + 4)).StoreUnsafe(ref yr, i + 4);
            }
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref yr, i) += a * Unsafe.Add(ref xr, i);
        }
    }
}
