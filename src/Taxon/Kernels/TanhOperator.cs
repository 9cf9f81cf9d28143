using System.Numerics.Tensors;

namespace Taxon.Kernels;

/// <summary>tanh x, through TensorPrimitives.</summary>
internal readonly struct TanhOperator : IUnaryOperator
{
    public float Invoke(float x) => MathF.Tanh(x);

    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Tanh(x, d);
}
