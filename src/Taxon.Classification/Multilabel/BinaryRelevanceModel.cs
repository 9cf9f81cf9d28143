using Taxon.Classification.Data;
using Taxon.Classification.Models;
using Taxon.Classification.Multiclass;

namespace Taxon.Classification.Multilabel;

/// <summary>A fitted <see cref="BinaryRelevance"/>: label j's probability is its binary model's probability of the label (scikit-learn: <c>predict_proba</c> of a multi-label <c>OneVsRestClassifier</c>).</summary>
public sealed class BinaryRelevanceModel : MultiLabelModel
{
    private readonly ClassifierModel[] _estimators;

    internal BinaryRelevanceModel(IReadOnlyList<string> labels, int featureCount, ClassifierModel[] estimators) : base(labels, featureCount)
    {
        if (estimators.Length != labels.Count)
        {
            throw new ArgumentException($"{KindName}: {estimators.Length} binary models for {labels.Count} labels.");
        }
        for (int j = 0; j < estimators.Length; j++)
        {
            BinaryOutputs.CheckBinary(estimators[j], featureCount, KindName, j);
        }
        _estimators = estimators;
    }

    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "binary-relevance";

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>The binary models, one per label (scikit-learn: <c>estimators_</c>).</summary>
    public IReadOnlyList<ClassifierModel> Estimators => _estimators;

    /// <inheritdoc />
    public override void PredictProba(FeatureRow row, Span<double> probabilities)
    {
        for (int j = 0; j < _estimators.Length; j++)
        {
            probabilities[j] = BinaryOutputs.PositiveProbability(_estimators[j], row);
        }
    }

    /// <inheritdoc />
    protected internal override void Write(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteLabels(writer);
        writer.WriteJson("feature_count", FeatureCount);
        for (int j = 0; j < _estimators.Length; j++)
        {
            writer.WriteModel($"estimators.{j}", _estimators[j]);
        }
    }

    internal static BinaryRelevanceModel Read(ModelReader reader)
    {
        string[] labels = ReadLabels(reader);
        var estimators = new ClassifierModel[labels.Length];
        for (int j = 0; j < labels.Length; j++)
        {
            estimators[j] = reader.ReadModel<ClassifierModel>($"estimators.{j}");
        }
        var model = new BinaryRelevanceModel(labels, reader.ReadJson<int>("feature_count"), estimators);
        model.ReadThresholds(reader);
        return model;
    }
}
