namespace Taxon;

/// <summary>
/// The normalisation kernels of the seam. Batch norm sees its input as a contiguous
/// [outer, channels, inner] block (N, C and the product of the spatial sizes); layer norm as contiguous rows.
/// Optional operands are passed as empty spans.
/// </summary>
internal partial interface IBackend
{
    /// <summary>Per-channel mean and biased variance (Σ(x − mean)²/count) over the outer and inner dimensions.</summary>
    void ChannelMoments(ReadOnlySpan<float> x, int outer, int channels, int inner, Span<float> mean, Span<float> variance);

    /// <summary>y[o, c, i] = x[o, c, i]·scale[c] + shift[c].</summary>
    void ChannelAffine(ReadOnlySpan<float> x, int outer, int channels, int inner, ReadOnlySpan<float> scale,
        ReadOnlySpan<float> shift, Span<float> y);

    /// <summary>Per-channel Σ dy and Σ dy·(x − mean[c]) over the outer and inner dimensions.</summary>
    void ChannelGradientSums(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int outer, int channels, int inner,
        ReadOnlySpan<float> mean, Span<float> sumDy, Span<float> sumDyCentred);

    /// <summary>dx[o, c, i] = dy[o, c, i]·dyScale[c] + x[o, c, i]·xScale[c] + shift[c].</summary>
    void ChannelAffineGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int outer, int channels, int inner,
        ReadOnlySpan<float> dyScale, ReadOnlySpan<float> xScale, ReadOnlySpan<float> shift, Span<float> dx);

    /// <summary>
    /// Layer norm of each row: y = (x − mean)·rstd·weight + bias with the biased variance; writes each row's mean and
    /// rstd = 1/√(var + eps). Weight and bias (length <paramref name="cols"/>) may be empty.
    /// </summary>
    void LayerNormRows(ReadOnlySpan<float> x, int rows, int cols, float eps, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> y, Span<float> mean, Span<float> rstd);

    /// <summary>
    /// The gradients of <see cref="LayerNormRows"/>: dx (when not empty) and dWeight, dBias (when not empty) accumulated
    /// over the rows; weight may be empty (no affine).
    /// </summary>
    void LayerNormRowsBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int rows, int cols, ReadOnlySpan<float> mean,
        ReadOnlySpan<float> rstd, ReadOnlySpan<float> weight, Span<float> dx, Span<float> dWeight, Span<float> dBias);
}
