using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>x + alpha·y (torch.add(x, y, alpha=alpha)): one pass for optimiser updates and gradient steps.</summary>
internal readonly struct AddScaledOperator(float alpha) : IBinaryVectorOperator
{
    public float Invoke(float x, float y) => x + alpha * y;

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x + Vector256.Create(alpha) * y;

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x + Vector512.Create(alpha) * y;

    public void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => VectorLoop.Map(this, x, y, d);

    public void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => VectorLoop.Map(this, x, y, d);

    public void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => VectorLoop.Map(this, x, y, d);
}
