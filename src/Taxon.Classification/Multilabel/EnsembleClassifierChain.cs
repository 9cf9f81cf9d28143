using Taxon.Classification.Data;
using Taxon.Classification.Models;
using Taxon.Classification.Multiclass;

namespace Taxon.Classification.Multilabel;

/// <summary>
/// An ensemble of classifier chains (Read, Pfahringer, Holmes and Frank 2011): chains with random label orders,
/// each optionally fitted on a bootstrap sample, whose label probabilities are averaged and then thresholded
/// (scikit-learn: the mean of several <c>ClassifierChain(order='random')</c>'s <c>predict_proba</c>, as in its
/// documentation's example).
/// </summary>
public sealed class EnsembleClassifierChain : MultiLabelClassifier
{
    /// <summary>Wraps <paramref name="estimator"/>; invalid options throw <see cref="ArgumentException"/> here.</summary>
    public EnsembleClassifierChain(Classifier estimator, EnsembleClassifierChainOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        Estimator = estimator;
        Options = options ?? new EnsembleClassifierChainOptions();
        Options.Validate();
    }

    /// <summary>The binary estimator fitted once per label of every chain.</summary>
    public Classifier Estimator { get; }

    /// <summary>The settings.</summary>
    public EnsembleClassifierChainOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "ecc";

    /// <inheritdoc />
    protected override MultiLabelModel FitCore(FeatureMatrix x, byte[] y, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        int n = x.Rows, width = labels.Count;
        // Every random choice is drawn here, in chain order, so the chains come out the same whatever the thread count.
        var generator = new Generator(Options.Seed);
        var orders = new int[Options.ChainCount][];
        var samples = new int[Options.ChainCount][];
        for (int m = 0; m < orders.Length; m++)
        {
            orders[m] = ClassifierChain.RandomPermutation(width, generator);
            if (Options.Bootstrap)
            {
                samples[m] = new int[n];
                for (int i = 0; i < n; i++)
                {
                    samples[m][i] = generator.NextInt(0, n);
                }
            }
        }
        ClassifierChainModel[] chains = ParallelFits.Run(orders.Length, Options.MaxParallelism, m =>
        {
            if (samples[m] is not int[] rows)
            {
                return ClassifierChain.FitChain(Estimator, x, y, labels, orders[m], cancellationToken);
            }
            var sampled = new byte[rows.Length * width];
            for (int i = 0; i < rows.Length; i++)
            {
                y.AsSpan(rows[i] * width, width).CopyTo(sampled.AsSpan(i * width, width));
            }
            return ClassifierChain.FitChain(Estimator, x.SelectRows(rows), sampled, labels, orders[m], cancellationToken);
        }, cancellationToken);
        return new EnsembleClassifierChainModel(labels, x.Columns, chains);
    }
}
