using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>g where x &gt; 0, else alpha·e^x·g: the gradient of ELU (x, g).</summary>
internal readonly struct EluBackwardOperator(float alpha) : IBinaryVectorOperator
{
    public float Invoke(float x, float y) => x > 0 ? y : y * alpha * MathF.Exp(x);

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y)
    {
        return Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), y, y * Vector256.Create(alpha) * Vector256.Exp(Vector256.Min(x, Vector256<float>.Zero)));
    }

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y)
    {
        return Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), y, y * Vector512.Create(alpha) * Vector512.Exp(Vector512.Min(x, Vector512<float>.Zero)));
    }

    public void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => VectorLoop.Map(this, x, y, d);

    public void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => VectorLoop.Map(this, x, y, d);

    public void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => VectorLoop.Map(this, x, y, d);
}
