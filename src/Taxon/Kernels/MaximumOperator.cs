using System.Numerics.Tensors;

namespace Taxon.Kernels;

/// <summary>max(x, y), NaN-propagating (torch.maximum), through TensorPrimitives.</summary>
internal readonly struct MaximumOperator : IBinaryOperator
{
    public float Invoke(float x, float y) => MathF.Max(x, y);

    public void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Max(x, y, d);

    public void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Max(x, y, d);

    public void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Max(y, x, d);
}
