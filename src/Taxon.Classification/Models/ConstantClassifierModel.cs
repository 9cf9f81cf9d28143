using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// What fitting returns when the training samples hold one class only: a model that predicts that class for every
/// sample with probability 1 (decision values: +1 for that class and 0 for the others; for two classes a single ±1) (scikit-learn: the
/// <c>_ConstantPredictor</c> that <c>OneVsRestClassifier</c> uses for a class with one value).
/// </summary>
public sealed class ConstantClassifierModel : ClassifierModel
{
    /// <summary>Always predicts <c>classes[constant]</c>.</summary>
    public ConstantClassifierModel(IReadOnlyList<string> classes, int constant, int featureCount) : base(classes, featureCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(constant);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(constant, classes.Count);
        Constant = constant;
    }

    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "constant";

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>The index into <see cref="ClassifierModel.Classes"/> of the class always predicted.</summary>
    public int Constant { get; }

    /// <inheritdoc />
    public override int DecisionWidth => Classes.Count == 2 ? 1 : Classes.Count;

    /// <inheritdoc />
    public override void DecisionFunction(FeatureRow row, Span<double> scores)
    {
        if (Classes.Count == 2)
        {
            scores[0] = Constant == 1 ? 1 : -1;
            return;
        }
        scores[..Classes.Count].Clear();
        scores[Constant] = 1;
    }

    /// <inheritdoc />
    public override void PredictProba(FeatureRow row, Span<double> probabilities)
    {
        probabilities[..Classes.Count].Clear();
        probabilities[Constant] = 1;
    }

    /// <inheritdoc />
    public override int PredictIndex(FeatureRow row) => Constant;

    /// <inheritdoc />
    protected internal override void Write(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteClasses(writer);
        writer.WriteJson("constant", Constant);
        writer.WriteJson("feature_count", FeatureCount);
    }

    internal static ConstantClassifierModel Read(ModelReader reader)
    {
        string[] classes = ReadClasses(reader);
        int constant = reader.ReadJson<int>("constant");
        if ((uint)constant >= (uint)classes.Length)
        {
            throw reader.Corrupt("constant", $"class index {constant} is outside the {classes.Length} classes");
        }
        return new ConstantClassifierModel(classes, constant, reader.ReadJson<int>("feature_count"));
    }
}
