namespace Taxon.Tuning.Pruners;

/// <summary>
/// Prunes a trial whose best value so far is worse than the median of the completed trials' values at the same
/// step (Optuna: <c>MedianPruner</c>): a <see cref="PercentilePruner"/> at the 50th percentile.
/// </summary>
public sealed class MedianPruner : PercentilePruner
{
    /// <summary>Creates the pruner; <see cref="PercentilePrunerOptions.Percentile"/> is forced to 50.</summary>
    public MedianPruner(PercentilePrunerOptions? options = null)
        : base((options ?? new PercentilePrunerOptions()) with { Percentile = 50 })
    {
    }
}
