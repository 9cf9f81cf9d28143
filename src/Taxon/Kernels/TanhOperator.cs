using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>
/// tanh x. Not TensorPrimitives.Tanh: its exp-based form cancels near 0 (tanh(0) = −6e-8, 0.5% off at 1e-5).
/// Cephes' tanhf instead: an odd polynomial for |x| &lt; 0.625, 1 − 2/(e^{2|x|} + 1) above, the sign copied back.
/// </summary>
internal readonly struct TanhOperator : IUnaryVectorOperator
{
    private const float Small = 0.625f;
    private const float Saturate = 9f; // tanh(9) rounds to 1 in float32; keeps e^{2x} finite
    private const float P0 = -5.70498872745e-3f, P1 = 2.06390887954e-2f, P2 = -5.37397155531e-2f, P3 = 1.33314422036e-1f, P4 = -3.33332819422e-1f;

    public float Invoke(float x)
    {
        float ax = MathF.Abs(x);
        float y;
        if (ax < Small)
        {
            float z = ax * ax;
            y = ((((P0 * z + P1) * z + P2) * z + P3) * z + P4) * z * ax + ax;
        }
        else
        {
            y = 1f - 2f / (MathF.Exp(2f * MathF.Min(ax, Saturate)) + 1f);
        }
        return float.IsNaN(x) ? x : MathF.CopySign(y, x);
    }

    public Vector256<float> Invoke(Vector256<float> x)
    {
        Vector256<float> ax = Vector256.Abs(x);
        Vector256<float> z = ax * ax;
        Vector256<float> small = ((((Vector256.Create(P0) * z + Vector256.Create(P1)) * z + Vector256.Create(P2)) * z
            + Vector256.Create(P3)) * z + Vector256.Create(P4)) * z * ax + ax;
        Vector256<float> large = Vector256<float>.One - Vector256.Create(2f) / (Vector256.Exp(Vector256.Create(2f) * Vector256.Min(ax, Vector256.Create(Saturate))) + Vector256<float>.One);
        Vector256<float> y = Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(Small)), small, large);
        Vector256<float> signed = y | (x & Vector256.Create(-0f));
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), signed, x);
    }

    public Vector512<float> Invoke(Vector512<float> x)
    {
        Vector512<float> ax = Vector512.Abs(x);
        Vector512<float> z = ax * ax;
        Vector512<float> small = ((((Vector512.Create(P0) * z + Vector512.Create(P1)) * z + Vector512.Create(P2)) * z
            + Vector512.Create(P3)) * z + Vector512.Create(P4)) * z * ax + ax;
        Vector512<float> large = Vector512<float>.One - Vector512.Create(2f) / (Vector512.Exp(Vector512.Create(2f) * Vector512.Min(ax, Vector512.Create(Saturate))) + Vector512<float>.One);
        Vector512<float> y = Vector512.ConditionalSelect(Vector512.LessThan(ax, Vector512.Create(Small)), small, large);
        Vector512<float> signed = y | (x & Vector512.Create(-0f));
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), signed, x);
    }

    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => VectorLoop.Map(this, x, d);
}
