using System.Globalization;
using System.Text;

namespace Taxon.Tests.TorchReference;

/// <summary>Element-wise comparison of tensors against reference values, with readable failure messages.</summary>
public static class TensorCompare
{
    /// <summary>
    /// Asserts that <paramref name="actual"/> has exactly <paramref name="expectedShape"/> and that every element
    /// satisfies |actual - expected| &lt;= atol + rtol * |expected| (NaN never matches).
    /// </summary>
    public static void Close(int[] expectedShape, float[] expected, Tensor actual, double atol, double rtol, string what)
    {
        ArgumentNullException.ThrowIfNull(actual);
        int[] shape = actual.Shape.ToArray();
        if (!shape.AsSpan().SequenceEqual(expectedShape))
        {
            Assert.Fail($"{what}: shape {Format(shape)}, expected {Format(expectedShape)}.");
        }
        Close(expected, actual.ToArray(), atol, rtol, what);
    }

    /// <summary>As <see cref="Close(int[], float[], Tensor, double, double, string)"/> on flat arrays of equal length.</summary>
    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double atol, double rtol, string what)
    {
        if (expected.Length != actual.Length)
        {
            Assert.Fail($"{what}: {actual.Length} elements, expected {expected.Length}.");
        }
        var sb = new StringBuilder();
        int bad = 0;
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i];
            double a = actual[i];
            double err = Math.Abs(a - e);
            double tol = atol + rtol * Math.Abs(e);
            if (!(err <= tol))
            {
                if (bad < 8)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"\n  [{i}] expected {e:G9}, actual {a:G9} (|diff| {err:G3} > tol {tol:G3})");
                }
                bad++;
                worst = double.IsNaN(err) ? double.NaN : Math.Max(worst, err);
            }
        }
        if (bad > 0)
        {
            Assert.Fail($"{what}: {bad} of {expected.Length} elements differ (atol {atol:G3}, rtol {rtol:G3}; worst |diff| {worst:G3}):{sb}");
        }
    }

    /// <summary>Asserts that an index tensor has exactly the expected shape and values.</summary>
    public static void Equal(int[] expectedShape, int[] expected, IndexTensor actual, string what)
    {
        ArgumentNullException.ThrowIfNull(actual);
        int[] shape = actual.Shape.ToArray();
        if (!shape.AsSpan().SequenceEqual(expectedShape))
        {
            Assert.Fail($"{what}: shape {Format(shape)}, expected {Format(expectedShape)}.");
        }
        int[] data = actual.ToArray();
        for (int i = 0; i < expected.Length; i++)
        {
            if (data[i] != expected[i])
            {
                Assert.Fail($"{what}: element {i} is {data[i]}, expected {expected[i]} (actual [{string.Join(", ", data)}], expected [{string.Join(", ", expected)}]).");
            }
        }
    }

    /// <summary>A shape as PyTorch prints it: [2, 3].</summary>
    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";
}
