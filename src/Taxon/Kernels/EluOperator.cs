using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>x for x &gt; 0, alpha·(e^x − 1) otherwise (torch.nn.functional.elu).</summary>
internal readonly struct EluOperator(float alpha) : IUnaryVectorOperator
{
    public float Invoke(float x) => x > 0 ? x : alpha * Expm1.Invoke(x);

    public Vector256<float> Invoke(Vector256<float> x)
    {
        return Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, Vector256.Create(alpha) * Expm1.Invoke(Vector256.Min(x, Vector256<float>.Zero)));
    }

    public Vector512<float> Invoke(Vector512<float> x)
    {
        return Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, Vector512.Create(alpha) * Expm1.Invoke(Vector512.Min(x, Vector512<float>.Zero)));
    }

    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => VectorLoop.Map(this, x, d);
}
