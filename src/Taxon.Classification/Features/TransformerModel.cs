using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Features;

/// <summary>
/// A fitted feature transformer (scikit-learn: a transformer after <c>fit</c>, with <c>transform</c>,
/// <c>n_features_in_</c> and <c>n_features_out_</c>). It is a <see cref="Model"/>: immutable, saved to one file
/// with <see cref="Model.Save"/>, and nested in a <see cref="PipelineModel"/>'s file.
/// </summary>
public abstract class TransformerModel : Model
{
    /// <summary>Sets the number of input columns.</summary>
    protected TransformerModel(int inputColumns) : base(inputColumns)
    {
    }

    /// <summary>The number of columns a sample must have (scikit-learn: <c>n_features_in_</c>).</summary>
    public int InputColumns => FeatureCount;

    /// <summary>The number of columns a transformed sample has (scikit-learn: <c>n_features_out_</c>).</summary>
    public abstract int OutputColumns { get; }

    /// <summary>
    /// The transformed samples (scikit-learn: <c>transform(X)</c>); a wrong column count or a NaN or infinite value is
    /// an <see cref="ArgumentException"/>.
    /// </summary>
    public FeatureMatrix Transform(FeatureMatrix x)
    {
        CheckInput(x, Kind);
        return TransformCore(x);
    }

    /// <summary>The same labelled samples with transformed features.</summary>
    public LabeledData Transform(LabeledData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckInput(data.Features, data.Source);
        return data.WithFeatures(TransformCore(data.Features));
    }

    /// <summary>Transforms checked samples: <see cref="InputColumns"/> columns, all values finite.</summary>
    protected abstract FeatureMatrix TransformCore(FeatureMatrix x);

    /// <summary>Loads a fitted transformer saved by <see cref="Model.Save"/>.</summary>
    public static TransformerModel Load(string path) => ModelFile.Load(path) as TransformerModel
        ?? throw new InvalidDataException($"{path}: holds a model that is not a fitted feature transformer.");
}
