using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Tests.Multiclass;

/// <summary>
/// A two-class model with fixed outputs per sample, read from the sample's only feature (its index), so that
/// meta-models can be compared with scikit-learn's meta-estimators wrapping stubs with the same tables.
/// </summary>
internal sealed class FixedBinaryModel(double[] decision, double[] probability, int[] prediction) : ClassifierModel(["0", "1"], 1)
{
    public override string Kind => "test-fixed";

    private static int Sample(FeatureRow row) => (int)row[0];

    public override void DecisionFunction(FeatureRow row, Span<double> scores) => scores[0] = decision[Sample(row)];

    public override void PredictProba(FeatureRow row, Span<double> probabilities)
    {
        probabilities[1] = probability[Sample(row)];
        probabilities[0] = 1 - probabilities[1];
    }

    public override int PredictIndex(FeatureRow row) => prediction[Sample(row)];

    protected internal override void Write(ModelWriter writer) => throw new NotSupportedException("test stub");
}
