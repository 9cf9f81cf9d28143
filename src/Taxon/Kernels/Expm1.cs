using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>
/// e^x − 1 without the cancellation of <c>Exp(x) − 1</c> near 0: a degree-7 Taylor polynomial for |x| &lt; ln2/2
/// (relative error below 1e-8 there), <c>Exp(x) − 1</c> elsewhere. ELU needs it: the vector Exp returns
/// 1 + 2⁻²³ at 0, which would make ELU positive for tiny negative inputs.
/// </summary>
internal static class Expm1
{
    private const float Small = 0.34657359f;

    public static float Invoke(float x) => MathF.Abs(x) < Small ? Polynomial(x) : MathF.Exp(x) - 1f;

    public static Vector256<float> Invoke(Vector256<float> x)
    {
        Vector256<float> p = ((((((Vector256.Create(1f / 5040) * x + Vector256.Create(1f / 720)) * x + Vector256.Create(1f / 120)) * x
            + Vector256.Create(1f / 24)) * x + Vector256.Create(1f / 6)) * x + Vector256.Create(0.5f)) * x + Vector256<float>.One) * x;
        return Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(x), Vector256.Create(Small)), p, Vector256.Exp(x) - Vector256<float>.One);
    }

    public static Vector512<float> Invoke(Vector512<float> x)
    {
        Vector512<float> p = ((((((Vector512.Create(1f / 5040) * x + Vector512.Create(1f / 720)) * x + Vector512.Create(1f / 120)) * x
            + Vector512.Create(1f / 24)) * x + Vector512.Create(1f / 6)) * x + Vector512.Create(0.5f)) * x + Vector512<float>.One) * x;
        return Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(x), Vector512.Create(Small)), p, Vector512.Exp(x) - Vector512<float>.One);
    }

    private static float Polynomial(float x) =>
        ((((((1f / 5040 * x + 1f / 720) * x + 1f / 120) * x + 1f / 24) * x + 1f / 6) * x + 0.5f) * x + 1f) * x;
}
