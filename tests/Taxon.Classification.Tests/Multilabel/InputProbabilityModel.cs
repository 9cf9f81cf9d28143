using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Tests.Multilabel;

/// <summary>
/// A two-class link whose probability is <c>base + Σ weight·feature</c> (clamped to [0, 1]) and which records the
/// rows it is asked about, to show what a chain feeds forward.
/// </summary>
internal sealed class InputProbabilityModel(int featureCount, double bias, double[] weights) : ClassifierModel(["0", "1"], featureCount)
{
    public List<float[]> Seen { get; } = [];

    public override string Kind => "test-input-probability";

    private double Probability(FeatureRow row)
    {
        var dense = new float[FeatureCount];
        row.CopyTo(dense);
        lock (Seen)
        {
            Seen.Add(dense);
        }
        double p = bias;
        for (int j = 0; j < FeatureCount; j++)
        {
            p += weights[j] * dense[j];
        }
        return Math.Clamp(p, 0, 1);
    }

    public override void DecisionFunction(FeatureRow row, Span<double> scores) => scores[0] = Probability(row) - 0.5;

    public override void PredictProba(FeatureRow row, Span<double> probabilities)
    {
        probabilities[1] = Probability(row);
        probabilities[0] = 1 - probabilities[1];
    }

    protected internal override void Write(ModelWriter writer) => throw new NotSupportedException("test stub");
}
