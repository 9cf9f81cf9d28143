using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;
using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// The two row operations linear models spend their time in, <c>x·w</c> and <c>g += s·x</c>, vectorised for dense
/// rows (float32 values widened to double, so the sums are the same precision as <see cref="FeatureRow.Dot"/>'s);
/// sparse rows go through <see cref="FeatureRow"/>.
/// </summary>
internal static class RowKernels
{
    /// <summary><c>row · weights</c>, summed in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot(FeatureRow row, ReadOnlySpan<double> weights) =>
        row.IsDense ? DenseDot(row.Values, weights) : row.Dot(weights);

    /// <summary><c>target += scale · row</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled(FeatureRow row, Span<double> target, double scale)
    {
        if (row.IsDense)
        {
            DenseAddScaled(row.Values, target, scale);
        }
        else
        {
            row.AddScaledTo(target, scale);
        }
    }

    // Compiled optimised at once rather than tiered up: a fit spends nearly all its time here, from the first call.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double DenseDot(ReadOnlySpan<float> x, ReadOnlySpan<double> w)
    {
        w = w[..x.Length];
        int j = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            ReadOnlySpan<Vector<float>> xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            ReadOnlySpan<Vector<double>> wv = MemoryMarshal.Cast<double, Vector<double>>(w[..(xv.Length * Vector<float>.Count)]);
            // Four independent sums so consecutive fused multiply-adds do not wait on each other.
            Vector<double> a0 = Vector<double>.Zero, a1 = Vector<double>.Zero, a2 = Vector<double>.Zero, a3 = Vector<double>.Zero;
            int k = 0;
            for (; k + 2 <= xv.Length; k += 2)
            {
                Vector.Widen(xv[k], out Vector<double> lo0, out Vector<double> hi0);
                Vector.Widen(xv[k + 1], out Vector<double> lo1, out Vector<double> hi1);
                a0 = Vector.FusedMultiplyAdd(lo0, wv[2 * k], a0);
                a1 = Vector.FusedMultiplyAdd(hi0, wv[2 * k + 1], a1);
                a2 = Vector.FusedMultiplyAdd(lo1, wv[2 * k + 2], a2);
                a3 = Vector.FusedMultiplyAdd(hi1, wv[2 * k + 3], a3);
            }
            if (k < xv.Length)
            {
                Vector.Widen(xv[k], out Vector<double> lo, out Vector<double> hi);
                a0 = Vector.FusedMultiplyAdd(lo, wv[2 * k], a0);
                a1 = Vector.FusedMultiplyAdd(hi, wv[2 * k + 1], a1);
            }
            sum = Vector.Sum((a0 + a1) + (a2 + a3));
            j = xv.Length * Vector<float>.Count;
        }
        for (; j < x.Length; j++)
        {
            sum += x[j] * w[j];
        }
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DenseAddScaled(ReadOnlySpan<float> x, Span<double> target, double scale)
    {
        target = target[..x.Length];
        int j = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            ReadOnlySpan<Vector<float>> xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            Span<Vector<double>> tv = MemoryMarshal.Cast<double, Vector<double>>(target[..(xv.Length * Vector<float>.Count)]);
            var s = new Vector<double>(scale);
            for (int k = 0; k < xv.Length; k++)
            {
                Vector.Widen(xv[k], out Vector<double> lo, out Vector<double> hi);
                tv[2 * k] = Vector.FusedMultiplyAdd(lo, s, tv[2 * k]);
                tv[2 * k + 1] = Vector.FusedMultiplyAdd(hi, s, tv[2 * k + 1]);
            }
            j = xv.Length * Vector<float>.Count;
        }
        for (; j < x.Length; j++)
        {
            target[j] += scale * x[j];
        }
    }
}
