namespace Taxon.Tuning.Pruners;

/// <summary>Options of <see cref="HyperbandPruner"/>, with Optuna's defaults.</summary>
public sealed record HyperbandPrunerOptions
{
    /// <summary>The smallest number of steps a trial runs (Optuna: <c>min_resource</c>, default 1).</summary>
    public int MinResource { get; init; } = 1;

    /// <summary>
    /// The most steps a trial runs (Optuna: <c>max_resource</c>); null (default, Optuna's "auto") takes the last
    /// step of the first completed trial plus one.
    /// </summary>
    public int? MaxResource { get; init; }

    /// <summary>Successive halving's eta in every bracket (Optuna: <c>reduction_factor</c>, default 3).</summary>
    public int ReductionFactor { get; init; } = 3;

    /// <summary>Successive halving's bootstrap count in every bracket (Optuna: <c>bootstrap_count</c>, default 0).</summary>
    public int BootstrapCount { get; init; }
}
