using System.Numerics.Tensors;

namespace Taxon.Kernels;

internal sealed partial class CpuBackend
{
    public void SoftmaxCrossEntropyBackward(ReadOnlySpan<float> logProbs, int rows, int cols, ReadOnlySpan<float> alpha,
        ReadOnlySpan<float> beta, ReadOnlySpan<float> dense, Span<float> dst)
    {
        for (int r = 0; r < rows; r++)
        {
            Span<float> d = dst.Slice(r * cols, cols);
            TensorPrimitives.Exp(logProbs.Slice(r * cols, cols), d);
            TensorPrimitives.Multiply(d, alpha[r], d);
            if (!dense.IsEmpty && beta[r] != 0f)
            {
                TensorPrimitives.MultiplyAdd(dense, -beta[r], d, d);
            }
        }
    }
}
