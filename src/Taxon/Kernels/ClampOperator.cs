using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>min(max(x, lo), hi), NaN kept (torch.clamp).</summary>
internal readonly struct ClampOperator(float lo, float hi) : IUnaryVectorOperator
{
    public float Invoke(float x) => float.IsNaN(x) ? x : MathF.Min(MathF.Max(x, lo), hi);

    public Vector256<float> Invoke(Vector256<float> x)
    {
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), Vector256.Min(Vector256.Max(x, Vector256.Create(lo)), Vector256.Create(hi)), x);
    }

    public Vector512<float> Invoke(Vector512<float> x)
    {
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), Vector512.Min(Vector512.Max(x, Vector512.Create(lo)), Vector512.Create(hi)), x);
    }

    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => VectorLoop.Map(this, x, d);
}
