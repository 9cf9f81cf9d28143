using System.Numerics.Tensors;

namespace Taxon.Kernels;

/// <summary>√x, through TensorPrimitives.</summary>
internal readonly struct SqrtOperator : IUnaryOperator
{
    public float Invoke(float x) => MathF.Sqrt(x);

    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Sqrt(x, d);
}
