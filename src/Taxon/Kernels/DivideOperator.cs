using System.Numerics.Tensors;

namespace Taxon.Kernels;

/// <summary>x / y, through TensorPrimitives.</summary>
internal readonly struct DivideOperator : IBinaryOperator
{
    public float Invoke(float x, float y) => x / y;

    public void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Divide(x, y, d);

    public void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Divide(x, y, d);

    public void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Divide(x, y, d);
}
