using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>log(1 + e^(beta·x))/beta, and x where beta·x exceeds the threshold (torch.nn.functional.softplus); log1p kept accurate for small terms.</summary>
internal readonly struct SoftplusOperator(float beta, float threshold) : IUnaryVectorOperator
{
    public float Invoke(float x) => SoftplusScalar(x, beta, threshold);

    public Vector256<float> Invoke(Vector256<float> x)
    {
        Vector256<float> bx = x * Vector256.Create(beta);
        Vector256<float> e = Vector256.Exp(-Vector256.Abs(bx));
        Vector256<float> u = Vector256<float>.One + e;
        // log1p(e) = log(u)·e/(u − 1) corrects the rounding of 1 + e (Goldberg's trick); e itself when u rounds to 1.
        Vector256<float> log1p = Vector256.ConditionalSelect(Vector256.Equals(u, Vector256<float>.One), e, Vector256.Log(u) * e / (u - Vector256<float>.One));
        Vector256<float> r = (Vector256.Max(bx, Vector256<float>.Zero) + log1p) / Vector256.Create(beta);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(bx, Vector256.Create(threshold)), x, r);
    }

    public Vector512<float> Invoke(Vector512<float> x)
    {
        Vector512<float> bx = x * Vector512.Create(beta);
        Vector512<float> e = Vector512.Exp(-Vector512.Abs(bx));
        Vector512<float> u = Vector512<float>.One + e;
        // log1p(e) = log(u)·e/(u − 1) corrects the rounding of 1 + e (Goldberg's trick); e itself when u rounds to 1.
        Vector512<float> log1p = Vector512.ConditionalSelect(Vector512.Equals(u, Vector512<float>.One), e, Vector512.Log(u) * e / (u - Vector512<float>.One));
        Vector512<float> r = (Vector512.Max(bx, Vector512<float>.Zero) + log1p) / Vector512.Create(beta);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(bx, Vector512.Create(threshold)), x, r);
    }

    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => VectorLoop.Map(this, x, d);

    private static float SoftplusScalar(float x, float beta, float threshold)
    {
        float bx = beta * x;
        if (bx > threshold)
        {
            return x;
        }
        float e = MathF.Exp(-MathF.Abs(bx));
        float u = 1f + e;
        float log1p = u == 1f ? e : MathF.Log(u) * e / (u - 1f);
        return (MathF.Max(bx, 0f) + log1p) / beta;
    }
}
