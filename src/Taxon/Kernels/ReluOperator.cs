using System.Numerics.Tensors;

namespace Taxon.Kernels;

/// <summary>max(x, 0); NaN stays NaN as in torch.relu, through TensorPrimitives.</summary>
internal readonly struct ReluOperator : IUnaryOperator
{
    public float Invoke(float x) => float.IsNaN(x) ? x : MathF.Max(x, 0f);

    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Max(x, 0f, d);
}
