using Taxon.Classification.Multiclass;

namespace Taxon.Classification.Multilabel;

/// <summary>Settings of <see cref="EnsembleClassifierChain"/> (Read et al. 2011; the scikit-learn documentation builds one from <c>ClassifierChain(order='random')</c>).</summary>
public sealed record EnsembleClassifierChainOptions
{
    /// <summary>The number of chains. Default 10, as Read et al.</summary>
    public int ChainCount { get; init; } = 10;

    /// <summary>Whether each chain is fitted on a bootstrap sample (drawn with replacement, the size of the data) rather than on all of it. Default true, as Read et al.</summary>
    public bool Bootstrap { get; init; } = true;

    /// <summary>Seeds every chain's order and bootstrap sample (scikit-learn: <c>random_state</c>). Default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>The most chains fitted at once (scikit-learn: <c>n_jobs</c>). Default null: <c>Parallelism.MaxThreads</c>.</summary>
    public int? MaxParallelism { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (ChainCount < 1)
        {
            throw new ArgumentException($"{nameof(EnsembleClassifierChainOptions)}: ChainCount must be at least 1, got {ChainCount}.");
        }
        ParallelFits.CheckMaxParallelism(MaxParallelism, nameof(EnsembleClassifierChainOptions));
    }
}
