using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>x for x &gt; 0, slope·x otherwise (torch.nn.functional.leaky_relu).</summary>
internal readonly struct LeakyReluOperator(float slope) : IUnaryVectorOperator
{
    public float Invoke(float x) => x > 0 ? x : x * slope;

    public Vector256<float> Invoke(Vector256<float> x)
    {
        return Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, x * Vector256.Create(slope));
    }

    public Vector512<float> Invoke(Vector512<float> x)
    {
        return Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, x * Vector512.Create(slope));
    }

    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => VectorLoop.Map(this, x, d);
}
