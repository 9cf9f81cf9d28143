using Taxon.Optim;

namespace Taxon.Tests.Optim;

/// <summary>Early stopping: patience, min_delta, both modes, best epoch and value.</summary>
public sealed class EarlyStoppingTests
{
    [Fact]
    public void StopsAfterPatienceEpochsWithoutImprovement()
    {
        var stop = new EarlyStopping(patience: 2);
        Assert.False(stop.ShouldStop);
        Assert.True(stop.Report(1.0));
        Assert.True(stop.Report(0.8));
        Assert.False(stop.Report(0.9));
        Assert.False(stop.ShouldStop);
        Assert.True(stop.Report(0.7));     // an improvement resets the count
        Assert.False(stop.Report(0.7));    // equal is not better
        Assert.False(stop.ShouldStop);
        Assert.False(stop.Report(0.75));
        Assert.True(stop.ShouldStop);
        Assert.Equal((3, 0.7, 6, 2), (stop.BestEpoch, stop.BestValue, stop.Epochs, stop.EpochsWithoutImprovement));
    }

    [Fact]
    public void MinDeltaAndMaxMode()
    {
        var stop = new EarlyStopping(patience: 1, minDelta: 0.05, mode: MetricMode.Max);
        Assert.Equal(double.NegativeInfinity, stop.BestValue);
        Assert.Equal(-1, stop.BestEpoch);
        Assert.True(stop.Report(0.5));
        Assert.False(stop.Report(0.54));   // within min_delta: not an improvement
        Assert.True(stop.ShouldStop);
        Assert.True(stop.Report(0.56));
        Assert.False(stop.ShouldStop);
        Assert.Equal((2, 0.56), (stop.BestEpoch, stop.BestValue));
    }

    [Fact]
    public void NaNNeverImprovesAndResetForgets()
    {
        var stop = new EarlyStopping(patience: 1);
        Assert.False(stop.Report(double.NaN));
        Assert.True(stop.ShouldStop);
        Assert.Equal(-1, stop.BestEpoch);
        stop.Reset();
        Assert.False(stop.ShouldStop);
        Assert.Equal((0, double.PositiveInfinity), (stop.Epochs, stop.BestValue));
    }

    [Fact]
    public void PatienceZeroStopsAtTheFirstEpochWithoutImprovement()
    {
        var stop = new EarlyStopping(patience: 0);
        stop.Report(1);
        Assert.False(stop.ShouldStop);
        stop.Report(1);
        Assert.True(stop.ShouldStop);
    }

    [Fact]
    public void RejectsInvalidArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(patience: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(minDelta: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(mode: (MetricMode)7));
    }
}
