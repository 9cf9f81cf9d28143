using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// A single-label estimator (scikit-learn: a classifier before <c>fit</c>): immutable options in, a fitted
/// <see cref="ClassifierModel"/> out, so one estimator can fit many times (meta-estimators such as
/// <c>OneVsRestClassifier</c> wrap any estimator this way). The checks every estimator owes its users are made
/// here once: no samples, a sample count that does not match, NaN or infinite features, labels out of range.
/// A training set with only one class gives a <see cref="ConstantClassifierModel"/>, which always predicts it.
/// </summary>
public abstract class Classifier
{
    /// <summary>The short name used by the command line and in messages, e.g. <c>logreg</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Fits a model to labelled samples (scikit-learn: <c>fit(X, y)</c>); classes are the distinct labels in <see cref="LabelOrder"/>.</summary>
    public virtual ClassifierModel Fit(LabeledData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.IsMultiLabel)
        {
            throw new ArgumentException(
                $"{data.Source ?? "the data"}: is multi-label; {Name} predicts one label per sample. Use a multi-label estimator (binary relevance, a classifier chain) instead.");
        }
        if (data.Count == 0)
        {
            throw new ArgumentException($"{data.Source ?? "the data"}: has no samples to train {Name} on.");
        }
        data.Features.CheckFinite(data.Source, data.LineNumbers);
        var (classes, y) = LabelOrder.Encode(data.Labels);
        return FitChecked(data.Features, y, classes, cancellationToken);
    }

    /// <summary>
    /// Fits a model to samples whose labels are already indices into <paramref name="classes"/> (what
    /// meta-estimators use for their sub-problems). When the samples hold one class only, the model is a
    /// <see cref="ConstantClassifierModel"/> over all <paramref name="classes"/>.
    /// </summary>
    public ClassifierModel Fit(FeatureMatrix x, ReadOnlySpan<int> y, IReadOnlyList<string> classes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(classes);
        if (x.Rows != y.Length)
        {
            throw new ArgumentException($"{Name}: {x.Rows} samples but {y.Length} labels.");
        }
        if (x.Rows == 0)
        {
            throw new ArgumentException($"{Name}: no samples to train on.");
        }
        if (classes.Count == 0)
        {
            throw new ArgumentException($"{Name}: the class list is empty.");
        }
        for (int i = 0; i < y.Length; i++)
        {
            if ((uint)y[i] >= (uint)classes.Count)
            {
                throw new ArgumentException($"{Name}: sample {i} has class index {y[i]}, outside [0, {classes.Count}).");
            }
        }
        x.CheckFinite(Name);
        return FitChecked(x, y.ToArray(), [.. classes], cancellationToken);
    }

    private ClassifierModel FitChecked(FeatureMatrix x, int[] y, string[] classes, CancellationToken cancellationToken)
    {
        int first = y[0];
        bool single = true;
        for (int i = 1; i < y.Length && single; i++)
        {
            single = y[i] == first;
        }
        return single ? new ConstantClassifierModel(classes, first, x.Columns) : FitCore(x, y, classes, cancellationToken);
    }

    /// <summary>
    /// Fits to checked data: <paramref name="x"/> finite with at least one row, <paramref name="y"/>[i] in
    /// [0, classes.Count), at least two distinct classes among the samples (some classes may have no samples).
    /// </summary>
    protected abstract ClassifierModel FitCore(FeatureMatrix x, int[] y, IReadOnlyList<string> classes, CancellationToken cancellationToken);
}
