using System.Numerics.Tensors;

namespace Taxon.Kernels;

/// <summary>the logistic function 1/(1 + e^−x), through TensorPrimitives.</summary>
internal readonly struct SigmoidOperator : IUnaryOperator
{
    public float Invoke(float x) => 1f / (1f + MathF.Exp(-x));

    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Sigmoid(x, d);
}
