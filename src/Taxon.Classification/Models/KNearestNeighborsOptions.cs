namespace Taxon.Classification.Models;

/// <summary>
/// Hyperparameters of <see cref="KNearestNeighbors"/> (scikit-learn: <c>KNeighborsClassifier(n_neighbors=5,
/// weights="uniform", algorithm="brute", metric=...)</c>).
/// </summary>
public sealed record KNearestNeighborsOptions
{
    /// <summary>How many nearest training samples vote (scikit-learn: <c>n_neighbors</c>). Default 5.</summary>
    public int Neighbors { get; init; } = 5;

    /// <summary>How votes are weighted (scikit-learn: <c>weights</c>). Default <see cref="NeighborWeights.Uniform"/>.</summary>
    public NeighborWeights Weights { get; init; } = NeighborWeights.Uniform;

    /// <summary>The distance between samples (scikit-learn: <c>metric</c>). Default <see cref="DistanceMetric.Euclidean"/>.</summary>
    public DistanceMetric Metric { get; init; } = DistanceMetric.Euclidean;

    /// <summary>
    /// The most threads that search for neighbours of different samples at once (scikit-learn: <c>n_jobs</c>, whose
    /// default is one thread). Default -1: all cores. Results do not depend on it.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Neighbors < 1)
        {
            throw new ArgumentException($"KNearestNeighborsOptions: Neighbors must be at least 1, got {Neighbors}.");
        }
        if (!Enum.IsDefined(Weights))
        {
            throw new ArgumentException($"KNearestNeighborsOptions: Weights {Weights} is not known.");
        }
        if (!Enum.IsDefined(Metric))
        {
            throw new ArgumentException($"KNearestNeighborsOptions: Metric {Metric} is not known.");
        }
        if (MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentException($"KNearestNeighborsOptions: MaxDegreeOfParallelism must be -1 (all cores) or at least 1, got {MaxDegreeOfParallelism}.");
        }
    }
}
