using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Tests.Models;

/// <summary>
/// A test-only binary logistic regression fitted by full-batch gradient descent (deterministic, no randomness): a
/// linear model, to show what features make separable for one.
/// </summary>
internal sealed class GradientLogisticClassifier : Classifier
{
    public override string Name => "test-logistic";

    protected override ClassifierModel FitCore(FeatureMatrix x, int[] y, IReadOnlyList<string> classes, CancellationToken cancellationToken)
    {
        if (classes.Count != 2)
        {
            throw new ArgumentException("test-logistic: two classes only.");
        }
        int d = x.Columns;
        var w = new double[d + 1];
        var gradient = new double[d + 1];
        for (int epoch = 0; epoch < 3000; epoch++)
        {
            Array.Clear(gradient);
            for (int i = 0; i < x.Rows; i++)
            {
                FeatureRow row = x.Row(i);
                double p = 1 / (1 + Math.Exp(-(row.Dot(w) + w[d])));
                row.AddScaledTo(gradient, p - y[i]);
                gradient[d] += p - y[i];
            }
            for (int j = 0; j <= d; j++)
            {
                w[j] -= 2.0 * gradient[j] / x.Rows;
            }
        }
        return new LogisticModel(classes, d, w);
    }

    private sealed class LogisticModel(IReadOnlyList<string> classes, int featureCount, double[] w) : ClassifierModel(classes, featureCount)
    {
        public override string Kind => "test-logistic";

        public override void DecisionFunction(FeatureRow row, Span<double> scores) => scores[0] = row.Dot(w) + w[FeatureCount];

        public override void PredictProba(FeatureRow row, Span<double> probabilities)
        {
            double p = 1 / (1 + Math.Exp(-(row.Dot(w) + w[FeatureCount])));
            probabilities[0] = 1 - p;
            probabilities[1] = p;
        }

        protected internal override void Write(ModelWriter writer) => throw new NotSupportedException("test-logistic models are not saved.");
    }
}
