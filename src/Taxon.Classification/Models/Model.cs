using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// A fitted model (scikit-learn: an estimator after <c>fit</c>): what it predicts from, its kind, and how it is
/// saved. Models are immutable and safe to use from many threads. Every model saves to one file with
/// <see cref="Save"/> and comes back with <see cref="ModelFile.Load"/> (or its type's <c>Load</c>).
/// </summary>
public abstract class Model
{
    /// <summary>Sets the number of input features.</summary>
    protected Model(int featureCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(featureCount);
        FeatureCount = featureCount;
    }

    /// <summary>The name its file records and <see cref="ModelFile"/> dispatches on, e.g. <c>logistic-regression</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>The number of features a sample must have (scikit-learn: <c>n_features_in_</c>).</summary>
    public int FeatureCount { get; }

    /// <summary>Writes the model's parameters and settings; <see cref="ModelFile"/> calls the loader registered for <see cref="Kind"/> to read them back.</summary>
    protected internal abstract void Write(ModelWriter writer);

    /// <summary>
    /// Saves the model to one file, atomically (written beside <paramref name="path"/>, then renamed over it, so a
    /// failure never leaves a half-written file where a good model was).
    /// </summary>
    public void Save(string path) => ModelFile.Save(path, this);

    /// <summary>Throws an <see cref="ArgumentException"/> unless <paramref name="x"/> has <see cref="FeatureCount"/> finite-valued columns.</summary>
    protected void CheckInput(FeatureMatrix x, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Columns != FeatureCount)
        {
            throw new ArgumentException($"{source ?? "the data"}: has {x.Columns} features, but this {Kind} model was trained on {FeatureCount}.");
        }
        x.CheckFinite(source);
    }

    /// <summary>Throws an <see cref="ArgumentException"/> unless <paramref name="row"/> has <see cref="FeatureCount"/> columns.</summary>
    protected void CheckInput(FeatureRow row)
    {
        if (row.Length != FeatureCount)
        {
            throw new ArgumentException($"the sample has {row.Length} features, but this {Kind} model was trained on {FeatureCount}.");
        }
    }
}
