using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>
/// 1 + erf(z) for GELU, after Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7). Computed through
/// erfc for negative z, so GELU's far negative tail keeps its relative accuracy instead of cancelling to zero.
/// </summary>
internal static class Erf
{
    private const float P = 0.3275911f;
    private const float A1 = 0.254829592f, A2 = -0.284496736f, A3 = 1.421413741f, A4 = -1.453152027f, A5 = 1.061405429f;

    public static float OnePlusErf(float z)
    {
        float az = MathF.Abs(z);
        float t = 1f / (1f + P * az);
        float q = ((((A5 * t + A4) * t + A3) * t + A2) * t + A1) * t * MathF.Exp(-az * az);
        return z >= 0 ? 2f - q : q;
    }

    public static Vector256<float> OnePlusErf(Vector256<float> z)
    {
        Vector256<float> az = Vector256.Abs(z);
        Vector256<float> t = Vector256<float>.One / (Vector256<float>.One + Vector256.Create(P) * az);
        Vector256<float> poly = ((((Vector256.Create(A5) * t + Vector256.Create(A4)) * t + Vector256.Create(A3)) * t
            + Vector256.Create(A2)) * t + Vector256.Create(A1)) * t;
        Vector256<float> q = poly * Vector256.Exp(-(az * az));
        return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(z, Vector256<float>.Zero), Vector256.Create(2f) - q, q);
    }

    public static Vector512<float> OnePlusErf(Vector512<float> z)
    {
        Vector512<float> az = Vector512.Abs(z);
        Vector512<float> t = Vector512<float>.One / (Vector512<float>.One + Vector512.Create(P) * az);
        Vector512<float> poly = ((((Vector512.Create(A5) * t + Vector512.Create(A4)) * t + Vector512.Create(A3)) * t
            + Vector512.Create(A2)) * t + Vector512.Create(A1)) * t;
        Vector512<float> q = poly * Vector512.Exp(-(az * az));
        return Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(z, Vector512<float>.Zero), Vector512.Create(2f) - q, q);
    }
}
