using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>x·Φ(x) in its exact erf form (torch.nn.functional.gelu, approximate='none').</summary>
internal readonly struct GeluOperator : IUnaryVectorOperator
{
    public float Invoke(float x) => 0.5f * x * Erf.OnePlusErf(x * 0.70710678f);

    public Vector256<float> Invoke(Vector256<float> x)
    {
        return Vector256.Create(0.5f) * x * Erf.OnePlusErf(x * Vector256.Create(0.70710678f));
    }

    public Vector512<float> Invoke(Vector512<float> x)
    {
        return Vector512.Create(0.5f) * x * Erf.OnePlusErf(x * Vector512.Create(0.70710678f));
    }

    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => VectorLoop.Map(this, x, d);
}
