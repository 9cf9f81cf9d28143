using Taxon.Kernels;

namespace Taxon.Tests.Kernels;

/// <summary>The float32-by-float64 dot and axpy kernels equal a scalar float64 reference at every SIMD width and length.</summary>
public sealed class MixedPrecisionKernelTests
{
    [Theory]
    [InlineData(512)]
    [InlineData(256)]
    [InlineData(1)]
    public void Dot_and_axpy_equal_the_scalar_reference_for_every_length(int width)
    {
        var random = new Random(width);
        using var scope = new ForcedWidthScope(width);
        for (int n = 0; n <= 100; n++)
        {
            float[] x = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            double[] w = Enumerable.Range(0, n + 3).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            double expected = 0, magnitude = 0;
            for (int i = 0; i < n; i++)
            {
                expected += (double)x[i] * w[i];
                magnitude += Math.Abs((double)x[i] * w[i]);
            }
            Assert.Equal(expected, MixedPrecisionDot.Dot(x, w), 1e-14 * (magnitude + 1));

            double[] y = (double[])w.Clone();
            MixedPrecisionAxpy.AddScaled(x, -0.75, y);
            for (int i = 0; i < y.Length; i++)
            {
                double reference = i < n ? w[i] + -0.75 * x[i] : w[i];
                Assert.Equal(reference, y[i], 1e-15);
            }
        }
    }

    [Fact]
    public void Short_weights_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => MixedPrecisionDot.Dot(new float[4], new double[3]));
        Assert.Throws<ArgumentException>(() => MixedPrecisionAxpy.AddScaled(new float[4], 1, new double[3]));
    }
}
