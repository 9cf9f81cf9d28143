using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>(1 − y²)·g for y = tanh x (y, g).</summary>
internal readonly struct TanhBackwardOperator : IBinaryVectorOperator
{
    public float Invoke(float x, float y) => y * (1f - x * x);

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y)
    {
        return y * (Vector256<float>.One - x * x);
    }

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y)
    {
        return y * (Vector512<float>.One - x * x);
    }

    public void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => VectorLoop.Map(this, x, y, d);

    public void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => VectorLoop.Map(this, x, y, d);

    public void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => VectorLoop.Map(this, x, y, d);
}
