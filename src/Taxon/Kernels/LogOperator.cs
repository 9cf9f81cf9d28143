using System.Numerics.Tensors;

namespace Taxon.Kernels;

/// <summary>ln x, through TensorPrimitives.</summary>
internal readonly struct LogOperator : IUnaryOperator
{
    public float Invoke(float x) => MathF.Log(x);

    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Log(x, d);
}
