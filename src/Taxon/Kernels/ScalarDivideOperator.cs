using System.Numerics.Tensors;

namespace Taxon.Kernels;

/// <summary>s / x for a scalar numerator s, through TensorPrimitives.</summary>
internal readonly struct ScalarDivideOperator(float s) : IUnaryOperator
{
    public float Invoke(float x) => s / x;

    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Divide(s, x, d);
}
