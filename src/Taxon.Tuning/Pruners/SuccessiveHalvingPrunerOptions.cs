namespace Taxon.Tuning.Pruners;

/// <summary>Options of <see cref="SuccessiveHalvingPruner"/>, with Optuna's defaults.</summary>
public sealed record SuccessiveHalvingPrunerOptions
{
    /// <summary>
    /// The steps before the first rung, r (Optuna: <c>min_resource</c>); null (default, Optuna's "auto") takes the
    /// last step of the longest completed trial divided by 100, at least 1, once a trial has completed.
    /// </summary>
    public int? MinResource { get; init; }

    /// <summary>Only the best 1/eta of a rung's trials are promoted (Optuna: <c>reduction_factor</c>, default 4).</summary>
    public int ReductionFactor { get; init; } = 4;

    /// <summary>The first rung sits at step r · eta^s (Optuna: <c>min_early_stopping_rate</c>, default 0).</summary>
    public int MinEarlyStoppingRate { get; init; }

    /// <summary>A trial needs more than this many competitors at a rung to be promoted (Optuna: <c>bootstrap_count</c>, default 0).</summary>
    public int BootstrapCount { get; init; }
}
