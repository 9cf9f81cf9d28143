using System.Numerics.Tensors;

namespace Taxon.Kernels;

/// <summary>−x, through TensorPrimitives.</summary>
internal readonly struct NegateOperator : IUnaryOperator
{
    public float Invoke(float x) => -x;

    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Negate(x, d);
}
