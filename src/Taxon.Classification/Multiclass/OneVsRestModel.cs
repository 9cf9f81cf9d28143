using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Multiclass;

/// <summary>
/// A fitted <see cref="OneVsRestClassifier"/>: binary model c scores class c against the rest (scikit-learn: a
/// fitted <c>OneVsRestClassifier</c>). Decision values are each model's decision for its class; the prediction is
/// the largest, the last class winning ties as in scikit-learn's <c>predict</c>; probabilities are each model's
/// probability of its class, normalised to sum to 1 (uniform when every model gives 0). A class without training
/// samples gets a constant model (decision −1, probability 0).
/// </summary>
public sealed class OneVsRestModel : ClassifierModel
{
    private readonly ClassifierModel[] _estimators;

    internal OneVsRestModel(IReadOnlyList<string> classes, int featureCount, ClassifierModel[] estimators) : base(classes, featureCount)
    {
        int expected = classes.Count == 2 ? 1 : classes.Count;
        if (estimators.Length != expected)
        {
            throw new ArgumentException($"{KindName}: {estimators.Length} binary models for {classes.Count} classes; expected {expected}.");
        }
        for (int c = 0; c < estimators.Length; c++)
        {
            BinaryOutputs.CheckBinary(estimators[c], featureCount, KindName, c);
        }
        _estimators = estimators;
    }

    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "one-vs-rest";

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>The binary models, one per class (one in all for two classes) (scikit-learn: <c>estimators_</c>).</summary>
    public IReadOnlyList<ClassifierModel> Estimators => _estimators;

    /// <inheritdoc />
    public override void DecisionFunction(FeatureRow row, Span<double> scores)
    {
        for (int c = 0; c < _estimators.Length; c++)
        {
            scores[c] = BinaryOutputs.Decision(_estimators[c], row);
        }
    }

    /// <inheritdoc />
    public override void PredictProba(FeatureRow row, Span<double> probabilities)
    {
        if (_estimators.Length == 1)
        {
            double p = BinaryOutputs.PositiveProbability(_estimators[0], row);
            probabilities[0] = 1 - p;
            probabilities[1] = p;
            return;
        }
        double sum = 0;
        for (int c = 0; c < _estimators.Length; c++)
        {
            probabilities[c] = BinaryOutputs.PositiveProbability(_estimators[c], row);
            sum += probabilities[c];
        }
        // scikit-learn divides 0 by 0 here (NaN); no model claiming the sample says nothing about the classes.
        for (int c = 0; c < _estimators.Length; c++)
        {
            probabilities[c] = sum > 0 ? probabilities[c] / sum : 1.0 / _estimators.Length;
        }
    }

    /// <inheritdoc />
    public override int PredictIndex(FeatureRow row)
    {
        if (_estimators.Length == 1)
        {
            return BinaryOutputs.Decision(_estimators[0], row) > 0 ? 1 : 0;
        }
        int best = 0;
        double max = double.NegativeInfinity;
        for (int c = 0; c < _estimators.Length; c++)
        {
            double score = BinaryOutputs.Decision(_estimators[c], row);
            // >= : scikit-learn's predict lets the later class win a tie.
            if (score >= max)
            {
                max = score;
                best = c;
            }
        }
        return best;
    }

    /// <inheritdoc />
    protected internal override void Write(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteClasses(writer);
        writer.WriteJson("feature_count", FeatureCount);
        writer.WriteJson("estimator_count", _estimators.Length);
        for (int c = 0; c < _estimators.Length; c++)
        {
            writer.WriteModel($"estimators.{c}", _estimators[c]);
        }
    }

    internal static OneVsRestModel Read(ModelReader reader)
    {
        string[] classes = ReadClasses(reader);
        int count = reader.ReadJson<int>("estimator_count");
        if (count != (classes.Length == 2 ? 1 : classes.Length))
        {
            throw reader.Corrupt("estimator_count", $"{count} binary models for {classes.Length} classes");
        }
        var estimators = new ClassifierModel[count];
        for (int c = 0; c < count; c++)
        {
            estimators[c] = reader.ReadModel<ClassifierModel>($"estimators.{c}");
        }
        return new OneVsRestModel(classes, reader.ReadJson<int>("feature_count"), estimators);
    }
}
