namespace Taxon.Kernels;

/// <summary>An element-wise function of one operand, for the strided driver: a scalar form and a span form.</summary>
internal interface IUnaryOperator
{
    float Invoke(float x);

    void Invoke(ReadOnlySpan<float> x, Span<float> destination);
}
