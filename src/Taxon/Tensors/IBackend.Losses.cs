namespace Taxon;

/// <summary>The loss kernels of the seam; optional operands are passed as empty spans.</summary>
internal partial interface IBackend
{
    /// <summary>
    /// The dense part of a softmax cross-entropy gradient: dst[r, j] = alpha[r]·exp(logProbs[r, j]) − beta[r]·dense[j]
    /// (the second term only when <paramref name="dense"/> is not empty). The caller subtracts the target terms.
    /// </summary>
    void SoftmaxCrossEntropyBackward(ReadOnlySpan<float> logProbs, int rows, int cols, ReadOnlySpan<float> alpha,
        ReadOnlySpan<float> beta, ReadOnlySpan<float> dense, Span<float> dst);
}
