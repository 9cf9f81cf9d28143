using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// A multi-label estimator: each sample may have any number of labels (scikit-learn: a classifier fitted on a
/// label-indicator matrix, e.g. <c>OneVsRestClassifier</c>, <c>ClassifierChain</c>). Immutable options in, a
/// fitted <see cref="MultiLabelModel"/> out. The checks every estimator owes are made here once.
/// </summary>
public abstract class MultiLabelClassifier
{
    /// <summary>The short name used by the command line and in messages, e.g. <c>chain</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Fits a model to multi-label samples; the labels are <see cref="LabeledData.LabelNames"/>, in that order.</summary>
    public virtual MultiLabelModel Fit(LabeledData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.IsMultiLabel)
        {
            throw new ArgumentException(
                $"{data.Source ?? "the data"}: is single-label; {Name} fits a set of labels per sample. Use a single-label estimator, or give each sample a label set.");
        }
        if (data.Count == 0)
        {
            throw new ArgumentException($"{data.Source ?? "the data"}: has no samples to train {Name} on.");
        }
        IReadOnlyList<string> names = data.LabelNames!;
        if (names.Count == 0)
        {
            throw new ArgumentException($"{data.Source ?? "the data"}: no sample has a label and no label names were given; there is nothing to learn.");
        }
        data.Features.CheckFinite(data.Source, data.LineNumbers);
        return FitCore(data.Features, LabelIndicator.Encode(data.LabelSets, names), [.. names], cancellationToken);
    }

    /// <summary>
    /// Fits to checked data: <paramref name="x"/> finite with at least one row; <paramref name="y"/> a row-major
    /// [samples, labels.Count] indicator of 0s and 1s (a label column may be constant).
    /// </summary>
    protected abstract MultiLabelModel FitCore(FeatureMatrix x, byte[] y, IReadOnlyList<string> labels, CancellationToken cancellationToken);
}
