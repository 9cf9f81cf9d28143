using System.Numerics.Tensors;

namespace Taxon.Kernels;

/// <summary>x², through TensorPrimitives.</summary>
internal readonly struct SquareOperator : IUnaryOperator
{
    public float Invoke(float x) => x * x;

    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Multiply(x, x, d);
}
