using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>(Φ(x) + x·φ(x))·g: the gradient of exact GELU (x, g).</summary>
internal readonly struct GeluBackwardOperator : IBinaryVectorOperator
{
    public float Invoke(float x, float y) => y * (0.5f * Erf.OnePlusErf(x * 0.70710678f) + x * 0.39894228f * MathF.Exp(-0.5f * x * x));

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y)
    {
        return y * (Vector256.Create(0.5f) * Erf.OnePlusErf(x * Vector256.Create(0.70710678f)) + x * Vector256.Create(0.39894228f) * Vector256.Exp(Vector256.Create(-0.5f) * x * x));
    }

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y)
    {
        return y * (Vector512.Create(0.5f) * Erf.OnePlusErf(x * Vector512.Create(0.70710678f)) + x * Vector512.Create(0.39894228f) * Vector512.Exp(Vector512.Create(-0.5f) * x * x));
    }

    public void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => VectorLoop.Map(this, x, y, d);

    public void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => VectorLoop.Map(this, x, y, d);

    public void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => VectorLoop.Map(this, x, y, d);
}
