namespace Taxon.Tuning.Benchmarks;

/// <summary>What <see cref="TpeBenchmark"/> runs; the defaults are the target (5-D Rosenbrock, 200 trials, seeds 0..4).</summary>
public sealed record TpeBenchmarkOptions
{
    /// <summary>"rosenbrock" (default) or "sphere".</summary>
    public string Function { get; init; } = "rosenbrock";

    /// <summary>The number of parameters x0..x(d-1) (default 5).</summary>
    public int Dimensions { get; init; } = 5;

    /// <summary>Each parameter's range is [-Bound, Bound] (default 2).</summary>
    public double Bound { get; init; } = 2;

    /// <summary>Trials per seed (default 200).</summary>
    public int Trials { get; init; } = 200;

    /// <summary>One study per seed (default 0..4).</summary>
    public IReadOnlyList<long> Seeds { get; init; } = [0, 1, 2, 3, 4];

    /// <summary>Trial counts at which the best value so far is reported (default 50, 100, 200).</summary>
    public IReadOnlyList<int> Checkpoints { get; init; } = [50, 100, 200];

    /// <summary>"tpe" (default), "tpe-multivariate" or "random".</summary>
    public string Sampler { get; init; } = "tpe";
}
