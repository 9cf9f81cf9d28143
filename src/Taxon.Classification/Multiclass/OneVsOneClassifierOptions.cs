namespace Taxon.Classification.Multiclass;

/// <summary>Settings of <see cref="OneVsOneClassifier"/> (scikit-learn: <c>OneVsOneClassifier(estimator, n_jobs=None)</c>).</summary>
public sealed record OneVsOneClassifierOptions
{
    /// <summary>The most sub-models fitted at once (scikit-learn: <c>n_jobs</c>). Default null: <c>Parallelism.MaxThreads</c>.</summary>
    public int? MaxParallelism { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate() => ParallelFits.CheckMaxParallelism(MaxParallelism, nameof(OneVsOneClassifierOptions));
}
