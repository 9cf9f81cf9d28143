using Taxon.Optim;

namespace Taxon.Tests.Optim;

/// <summary>Annealed gradient noise: the σₜ² = η/(1 + t)^γ schedule, determinism by seed, and the noise's spread.</summary>
public sealed class GradientNoiseTests
{
    private static Tensor WithGrad(int n, float value)
    {
        Tensor p = Tensor.Zeros(n);
        p.RequiresGrad = true;
        p.Grad = Tensor.Full([n], value);
        return p;
    }

    [Fact]
    public void VarianceFollowsNeelakantansSchedule()
    {
        var noise = new GradientNoise([Tensor.Zeros(1)], eta: 0.3);
        Assert.Equal(0.55, noise.Gamma);
        Assert.Equal(0.3, noise.Variance(0));
        Assert.Equal(0.3 / Math.Pow(2, 0.55), noise.Variance(1), 15);
        Assert.Equal(0.3 / Math.Pow(1000, 0.55), noise.Variance(999), 15);
        Assert.Equal(Math.Sqrt(0.3), noise.StandardDeviation, 15);
        noise.Apply();
        noise.Apply();
        Assert.Equal(2, noise.StepCount);
        Assert.Equal(Math.Sqrt(0.3 / Math.Pow(3, 0.55)), noise.StandardDeviation, 15);
        noise.StepCount = 99;   // resuming
        Assert.Equal(Math.Sqrt(0.3 / Math.Pow(100, 0.55)), noise.StandardDeviation, 15);
    }

    [Fact]
    public void SameSeedSameNoiseOtherSeedOtherNoise()
    {
        float[] Run(ulong seed)
        {
            Tensor a = WithGrad(50, 1f), b = WithGrad(7, -2f);
            var noise = new GradientNoise([a, b], eta: 1.0, generator: new Generator(seed));
            noise.Apply();
            noise.Apply();
            return [.. a.Grad!.ToArray(), .. b.Grad!.ToArray()];
        }
        Assert.Equal(Run(42), Run(42));
        Assert.NotEqual(Run(42), Run(43));
    }

    [Fact]
    public void NoiseHasTheScheduledSpreadAndZeroMean()
    {
        const int n = 200_000;
        Tensor p = WithGrad(n, 0f);
        var noise = new GradientNoise([p], eta: 0.01, generator: new Generator(7)) { StepCount = 9 };
        double expectedStd = Math.Sqrt(0.01 / Math.Pow(10, 0.55));
        noise.Apply();
        float[] g = p.Grad!.ToArray();
        double mean = g.Average(v => (double)v);
        double std = Math.Sqrt(g.Average(v => ((double)v - mean) * ((double)v - mean)));
        Assert.InRange(mean, -5 * expectedStd / Math.Sqrt(n), 5 * expectedStd / Math.Sqrt(n));
        Assert.InRange(std / expectedStd, 0.99, 1.01);
    }

    [Fact]
    public void ParametersWithoutGradientGetNoNoiseAndGradientsStayOutsideTheGraph()
    {
        Tensor none = Tensor.Zeros(3);
        none.RequiresGrad = true;
        Tensor some = WithGrad(3, 1f);
        new GradientNoise([none, some], eta: 0.3, generator: new Generator(1)).Apply();
        Assert.Null(none.Grad);
        Assert.NotEqual([1f, 1f, 1f], some.Grad!.ToArray());
        Assert.False(some.Grad!.RequiresGrad);
    }

    [Fact]
    public void RejectsInvalidArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradientNoise([], eta: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradientNoise([], eta: 0.3, gamma: double.NaN));
        var noise = new GradientNoise([], eta: 0.3);
        Assert.Throws<ArgumentOutOfRangeException>(() => noise.StepCount = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => noise.Variance(-1));
    }
}
