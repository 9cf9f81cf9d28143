using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>σ(beta·x)·g, and g above the threshold: the gradient of softplus (x, g).</summary>
internal readonly struct SoftplusBackwardOperator(float beta, float threshold) : IBinaryVectorOperator
{
    public float Invoke(float x, float y) => beta * x > threshold ? y : y / (1f + MathF.Exp(-beta * x));

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y)
    {
        Vector256<float> bx = x * Vector256.Create(beta);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(bx, Vector256.Create(threshold)), y, y / (Vector256<float>.One + Vector256.Exp(-bx)));
    }

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y)
    {
        Vector512<float> bx = x * Vector512.Create(beta);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(bx, Vector512.Create(threshold)), y, y / (Vector512<float>.One + Vector512.Exp(-bx)));
    }

    public void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => VectorLoop.Map(this, x, y, d);

    public void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => VectorLoop.Map(this, x, y, d);

    public void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => VectorLoop.Map(this, x, y, d);
}
