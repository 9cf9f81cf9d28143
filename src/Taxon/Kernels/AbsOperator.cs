using System.Numerics.Tensors;

namespace Taxon.Kernels;

/// <summary>|x|, through TensorPrimitives.</summary>
internal readonly struct AbsOperator : IUnaryOperator
{
    public float Invoke(float x) => MathF.Abs(x);

    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Abs(x, d);
}
