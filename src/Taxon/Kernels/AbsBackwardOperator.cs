using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>sign(x)·g, 0 at x = 0: the gradient of |x| (x, g).</summary>
internal readonly struct AbsBackwardOperator : IBinaryVectorOperator
{
    public float Invoke(float x, float y) => x > 0 ? y : x < 0 ? -y : 0f;

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y)
    {
        return Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), y, Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), -y, Vector256<float>.Zero));
    }

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y)
    {
        return Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), y, Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), -y, Vector512<float>.Zero));
    }

    public void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => VectorLoop.Map(this, x, y, d);

    public void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => VectorLoop.Map(this, x, y, d);

    public void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => VectorLoop.Map(this, x, y, d);
}
