using Taxon.Optim;

namespace Taxon.Tests.Optim;

/// <summary>Scheduler behaviour beyond the PyTorch sequences: initial rates, manual changes, checks.</summary>
public sealed class LrSchedulerBehaviourTests
{
    private static Sgd TwoGroups() =>
        new([new ParamGroup([Tensor.Zeros(1)]), new ParamGroup([Tensor.Zeros(1)], new SgdOptions(0.01))], new SgdOptions(0.1));

    [Fact]
    public void TheFirstSchedulerRecordsTheInitialLearningRates()
    {
        Sgd sgd = TwoGroups();
        Assert.Null(sgd.ParamGroups[0].InitialLearningRate);
        var warmup = new LinearLR(sgd, startFactor: 0.5, totalIters: 2);
        Assert.Equal([0.1, 0.01], sgd.ParamGroups.Select(g => g.InitialLearningRate!.Value));
        Assert.Equal([0.05, 0.005], sgd.ParamGroups.Select(g => g.LearningRate));
        Assert.Equal([0.05, 0.005], warmup.LastLearningRates);
        Assert.Equal(0, warmup.LastEpoch);

        // A second scheduler starts from the same initial rates, not the warmed-up ones.
        var cosine = new CosineAnnealingLR(sgd, tMax: 10);
        Assert.Equal([0.1, 0.01], cosine.BaseLearningRates);
    }

    [Fact]
    public void ChainableFormContinuesFromAManualChange()
    {
        Sgd sgd = TwoGroups();
        var decay = new ExponentialLR(sgd, 0.5);
        decay.Step();
        sgd.ParamGroups[0].LearningRate = 1.0;
        decay.Step();
        Assert.Equal(0.5, sgd.ParamGroups[0].LearningRate);
        Assert.Equal(0.0025, sgd.ParamGroups[1].LearningRate, 15);
    }

    [Fact]
    public void GroupsAddedAfterTheSchedulerAreReported()
    {
        Sgd sgd = TwoGroups();
        var step = new StepLR(sgd, 2);
        var plateau = new ReduceLROnPlateau(sgd);
        sgd.AddParamGroup(new ParamGroup([Tensor.Zeros(1)]));
        var e = Assert.Throws<InvalidOperationException>(step.Step);
        Assert.Contains("created for 2", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => plateau.Step(1));
    }

    [Fact]
    public void PlateauMinimaPerGroup()
    {
        Sgd sgd = TwoGroups();
        var plateau = new ReduceLROnPlateau(sgd, patience: 0) { MinLearningRates = [0.05, 0.0] };
        plateau.Step(1);
        plateau.Step(1);
        Assert.Equal([0.05, 0.001], sgd.ParamGroups.Select(g => g.LearningRate).ToArray(), new ToleranceComparer());
        Assert.False(plateau.InCooldown);
        Assert.Throws<ArgumentException>(() => new ReduceLROnPlateau(sgd) { MinLearningRates = [0.1] });
    }

    [Fact]
    public void RejectsInvalidHyperparameters()
    {
        Sgd sgd = TwoGroups();
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepLR(sgd, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialLR(sgd, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingLR(sgd, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearLR(sgd, startFactor: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearLR(sgd, endFactor: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearLR(sgd, totalIters: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(sgd, factor: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(sgd, patience: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(sgd, minLearningRate: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(sgd, mode: (MetricMode)3));
    }

    private sealed class ToleranceComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= 1e-15;

        public int GetHashCode(double obj) => 0;
    }
}
