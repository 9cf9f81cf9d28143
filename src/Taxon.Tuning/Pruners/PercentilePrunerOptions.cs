namespace Taxon.Tuning.Pruners;

/// <summary>Options of <see cref="PercentilePruner"/> and <see cref="MedianPruner"/>, with Optuna's defaults.</summary>
public sealed record PercentilePrunerOptions
{
    /// <summary>The percentile of the other trials' values a trial must beat, in [0, 100] (default 50: the median); for maximisation it is taken from the top.</summary>
    public double Percentile { get; init; } = 50;

    /// <summary>No pruning until this many trials have completed (Optuna: <c>n_startup_trials</c>, default 5).</summary>
    public int StartupTrials { get; init; } = 5;

    /// <summary>No pruning of a trial before this step (Optuna: <c>n_warmup_steps</c>, default 0).</summary>
    public int WarmupSteps { get; init; }

    /// <summary>Check only once per this many steps after the warm-up (Optuna: <c>interval_steps</c>, default 1).</summary>
    public int IntervalSteps { get; init; } = 1;

    /// <summary>Prune only when at least this many completed trials reported the same step (Optuna: <c>n_min_trials</c>, default 1).</summary>
    public int MinTrials { get; init; } = 1;
}
