using System.Numerics.Tensors;

namespace Taxon.Kernels;

/// <summary>the logistic function 1/(1 + e^−x), through TensorPrimitives (which rejects empty spans, hence the guard).</summary>
internal readonly struct SigmoidOperator : IUnaryOperator
{
    public float Invoke(float x) => 1f / (1f + MathF.Exp(-x));

    public void Invoke(ReadOnlySpan<float> x, Span<float> d)
    {
        if (!x.IsEmpty)
        {
            TensorPrimitives.Sigmoid(x, d);
        }
    }
}
