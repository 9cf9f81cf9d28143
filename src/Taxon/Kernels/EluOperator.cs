using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>x for x &gt; 0, alpha·(e^x − 1) otherwise (torch.nn.functional.elu).</summary>
internal readonly struct EluOperator(float alpha) : IUnaryVectorOperator
{
    public float Invoke(float x) => x > 0 ? x : alpha * (MathF.Exp(x) - 1f);

    public Vector256<float> Invoke(Vector256<float> x)
    {
        return Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, Vector256.Create(alpha) * (Vector256.Exp(Vector256.Min(x, Vector256<float>.Zero)) - Vector256<float>.One));
    }

    public Vector512<float> Invoke(Vector512<float> x)
    {
        return Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, Vector512.Create(alpha) * (Vector512.Exp(Vector512.Min(x, Vector512<float>.Zero)) - Vector512<float>.One));
    }

    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => VectorLoop.Map(this, x, d);
}
