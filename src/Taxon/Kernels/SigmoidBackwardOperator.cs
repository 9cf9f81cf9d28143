using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>y·(1 − y)·g for y = σ(x) (y, g).</summary>
internal readonly struct SigmoidBackwardOperator : IBinaryVectorOperator
{
    public float Invoke(float x, float y) => y * x * (1f - x);

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y)
    {
        return y * x * (Vector256<float>.One - x);
    }

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y)
    {
        return y * x * (Vector512<float>.One - x);
    }

    public void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => VectorLoop.Map(this, x, y, d);

    public void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => VectorLoop.Map(this, x, y, d);

    public void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => VectorLoop.Map(this, x, y, d);
}
