using System.Numerics.Tensors;

namespace Taxon.Kernels;

/// <summary>min(x, y), NaN-propagating (torch.minimum), through TensorPrimitives.</summary>
internal readonly struct MinimumOperator : IBinaryOperator
{
    public float Invoke(float x, float y) => MathF.Min(x, y);

    public void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Min(x, y, d);

    public void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Min(x, y, d);

    public void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Min(y, x, d);
}
