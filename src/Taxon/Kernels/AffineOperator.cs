using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>a·x + b: the scalar forms of add, subtract, multiply and divide.</summary>
internal readonly struct AffineOperator(float a, float b) : IUnaryVectorOperator
{
    public float Invoke(float x) => a * x + b;

    public Vector256<float> Invoke(Vector256<float> x)
    {
        return x * Vector256.Create(a) + Vector256.Create(b);
    }

    public Vector512<float> Invoke(Vector512<float> x)
    {
        return x * Vector512.Create(a) + Vector512.Create(b);
    }

    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => VectorLoop.Map(this, x, d);
}
