using System.Numerics.Tensors;

namespace Taxon.Kernels;

/// <summary>s^x for a scalar base s, through TensorPrimitives.</summary>
internal readonly struct ScalarPowOperator(float s) : IUnaryOperator
{
    public float Invoke(float x) => MathF.Pow(s, x);

    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Pow(s, x, d);
}
