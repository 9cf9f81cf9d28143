using Taxon.Classification.Multiclass;

namespace Taxon.Classification.Multilabel;

/// <summary>
/// Settings of <see cref="ClassifierChain"/> (scikit-learn: <c>ClassifierChain(base_estimator, order=None,
/// random_state=None)</c>; the order is given by label name rather than column index).
/// </summary>
public sealed record ClassifierChainOptions
{
    /// <summary>
    /// The labels in chain order, first fitted first (scikit-learn: <c>order</c> as a list); it must name every label
    /// once. Default null: the data's declared label order, or a random one with <see cref="RandomOrder"/>.
    /// </summary>
    public IReadOnlyList<string>? Order { get; init; }

    /// <summary>Whether the chain order is a random permutation drawn from <see cref="Seed"/> (scikit-learn: <c>order='random'</c>). Default false.</summary>
    public bool RandomOrder { get; init; }

    /// <summary>Seeds the random order (scikit-learn: <c>random_state</c>). Default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>The most sub-models fitted at once (training feeds the true labels forward, so the links are independent). Default null: <c>Parallelism.MaxThreads</c>.</summary>
    public int? MaxParallelism { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Order is not null && RandomOrder)
        {
            throw new ArgumentException($"{nameof(ClassifierChainOptions)}: Order and RandomOrder are both set; give an order or ask for a random one.");
        }
        if (Order is not null && Order.Distinct(StringComparer.Ordinal).Count() != Order.Count)
        {
            throw new ArgumentException($"{nameof(ClassifierChainOptions)}: Order names a label twice: [{string.Join(", ", Order)}].");
        }
        ParallelFits.CheckMaxParallelism(MaxParallelism, nameof(ClassifierChainOptions));
    }
}
