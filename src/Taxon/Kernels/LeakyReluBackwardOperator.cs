using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>g where x &gt; 0, else slope·g: the gradient of leaky ReLU (x, g).</summary>
internal readonly struct LeakyReluBackwardOperator(float slope) : IBinaryVectorOperator
{
    public float Invoke(float x, float y) => x > 0 ? y : y * slope;

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y)
    {
        return Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), y, y * Vector256.Create(slope));
    }

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y)
    {
        return Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), y, y * Vector512.Create(slope));
    }

    public void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => VectorLoop.Map(this, x, y, d);

    public void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => VectorLoop.Map(this, x, y, d);

    public void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => VectorLoop.Map(this, x, y, d);
}
