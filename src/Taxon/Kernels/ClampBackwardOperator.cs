using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>g where lo ≤ x ≤ hi, else 0: the gradient of clamp (x, g).</summary>
internal readonly struct ClampBackwardOperator(float lo, float hi) : IBinaryVectorOperator
{
    public float Invoke(float x, float y) => x >= lo && x <= hi ? y : 0f;

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y)
    {
        return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256.Create(lo)) & Vector256.LessThanOrEqual(x, Vector256.Create(hi)), y, Vector256<float>.Zero);
    }

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y)
    {
        return Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512.Create(lo)) & Vector512.LessThanOrEqual(x, Vector512.Create(hi)), y, Vector512<float>.Zero);
    }

    public void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => VectorLoop.Map(this, x, y, d);

    public void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => VectorLoop.Map(this, x, y, d);

    public void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => VectorLoop.Map(this, x, y, d);
}
