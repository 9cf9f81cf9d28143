using System.Numerics.Tensors;

namespace Taxon.Kernels;

/// <summary>e^x, through TensorPrimitives.</summary>
internal readonly struct ExpOperator : IUnaryOperator
{
    public float Invoke(float x) => MathF.Exp(x);

    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Exp(x, d);
}
