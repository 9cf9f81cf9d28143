using Taxon.Classification.Data;
using Taxon.Classification.Models;
using Taxon.Classification.Multiclass;

namespace Taxon.Classification.Multilabel;

/// <summary>
/// Binary relevance: one independent binary model per label, fitted with any <see cref="Classifier"/>
/// (scikit-learn: <c>OneVsRestClassifier</c> fitted on a label-indicator matrix). A label that every sample has, or
/// none has, gets a constant model.
/// </summary>
public sealed class BinaryRelevance : MultiLabelClassifier
{
    /// <summary>Wraps <paramref name="estimator"/>; invalid options throw <see cref="ArgumentException"/> here.</summary>
    public BinaryRelevance(Classifier estimator, BinaryRelevanceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        Estimator = estimator;
        Options = options ?? new BinaryRelevanceOptions();
        Options.Validate();
    }

    /// <summary>The binary estimator fitted once per label (scikit-learn: <c>estimator</c>).</summary>
    public Classifier Estimator { get; }

    /// <summary>The settings.</summary>
    public BinaryRelevanceOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "binary-relevance";

    /// <inheritdoc />
    protected override MultiLabelModel FitCore(FeatureMatrix x, byte[] y, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        int width = labels.Count;
        ClassifierModel[] estimators = ParallelFits.Run(width, Options.MaxParallelism,
            j => Estimator.Fit(x, LabelColumns.Column(y, width, j), LabelColumns.BinaryClasses(labels[j]), cancellationToken),
            cancellationToken);
        return new BinaryRelevanceModel(labels, x.Columns, estimators);
    }
}
