namespace Taxon.Kernels;

/// <summary>An element-wise function of two operands: a scalar form and span forms for span·span, span·scalar and scalar·span rows.</summary>
internal interface IBinaryOperator
{
    float Invoke(float x, float y);

    void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination);

    void Invoke(ReadOnlySpan<float> x, float y, Span<float> destination);

    void Invoke(float x, ReadOnlySpan<float> y, Span<float> destination);
}
