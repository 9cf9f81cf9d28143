using Taxon.Classification.Multiclass;

namespace Taxon.Classification.Multilabel;

/// <summary>Settings of <see cref="BinaryRelevance"/> (scikit-learn: <c>OneVsRestClassifier(estimator, n_jobs=None)</c> on an indicator matrix).</summary>
public sealed record BinaryRelevanceOptions
{
    /// <summary>The most sub-models fitted at once (scikit-learn: <c>n_jobs</c>). Default null: <c>Parallelism.MaxThreads</c>.</summary>
    public int? MaxParallelism { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate() => ParallelFits.CheckMaxParallelism(MaxParallelism, nameof(BinaryRelevanceOptions));
}
