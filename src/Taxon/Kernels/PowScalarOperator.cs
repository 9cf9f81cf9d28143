using System.Numerics.Tensors;

namespace Taxon.Kernels;

/// <summary>x^p for a scalar exponent p, through TensorPrimitives.</summary>
internal readonly struct PowScalarOperator(float p) : IUnaryOperator
{
    public float Invoke(float x) => MathF.Pow(x, p);

    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Pow(x, p, d);
}
