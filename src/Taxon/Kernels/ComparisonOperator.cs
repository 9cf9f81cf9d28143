using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>1 where the comparison of x and y holds, else 0 (torch.eq, lt, ...; float results).</summary>
internal readonly struct ComparisonOperator(ComparisonKind kind) : IBinaryVectorOperator
{
    public float Invoke(float x, float y) => Compare(x, y, kind) ? 1f : 0f;

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y)
    {
        return Vector256<float>.One & Mask(x, y, kind);
    }

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y)
    {
        return Vector512<float>.One & Mask(x, y, kind);
    }

    public void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => VectorLoop.Map(this, x, y, d);

    public void Invoke(ReadOnlySpan<float> x, float y, Span<float> d) => VectorLoop.Map(this, x, y, d);

    public void Invoke(float x, ReadOnlySpan<float> y, Span<float> d) => VectorLoop.Map(this, x, y, d);

    private static bool Compare(float x, float y, ComparisonKind kind) => kind switch
    {
        ComparisonKind.Equal => x == y,
        ComparisonKind.NotEqual => x != y,
        ComparisonKind.Less => x < y,
        ComparisonKind.LessOrEqual => x <= y,
        ComparisonKind.Greater => x > y,
        _ => x >= y,
    };

    private static Vector256<float> Mask(Vector256<float> x, Vector256<float> y, ComparisonKind kind) => kind switch
    {
        ComparisonKind.Equal => Vector256.Equals(x, y),
        ComparisonKind.NotEqual => ~Vector256.Equals(x, y),
        ComparisonKind.Less => Vector256.LessThan(x, y),
        ComparisonKind.LessOrEqual => Vector256.LessThanOrEqual(x, y),
        ComparisonKind.Greater => Vector256.GreaterThan(x, y),
        _ => Vector256.GreaterThanOrEqual(x, y),
    };

    private static Vector512<float> Mask(Vector512<float> x, Vector512<float> y, ComparisonKind kind) => kind switch
    {
        ComparisonKind.Equal => Vector512.Equals(x, y),
        ComparisonKind.NotEqual => ~Vector512.Equals(x, y),
        ComparisonKind.Less => Vector512.LessThan(x, y),
        ComparisonKind.LessOrEqual => Vector512.LessThanOrEqual(x, y),
        ComparisonKind.Greater => Vector512.GreaterThan(x, y),
        _ => Vector512.GreaterThanOrEqual(x, y),
    };
}
