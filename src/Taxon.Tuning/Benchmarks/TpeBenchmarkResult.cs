namespace Taxon.Tuning.Benchmarks;

/// <summary>One seed's outcome: the best value after each checkpoint and the wall time per trial (sampler and study overhead, the objective being negligible).</summary>
public sealed record TpeBenchmarkResult(long Seed, IReadOnlyDictionary<int, double> BestAt, double MsPerTrial);
