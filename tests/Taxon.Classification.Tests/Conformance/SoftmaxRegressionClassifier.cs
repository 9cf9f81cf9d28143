using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Tests.Conformance;

/// <summary>
/// A test-only multinomial logistic regression written against the public contract: full-batch gradient descent on
/// the mean cross-entropy plus an L2 penalty, a fixed number of steps from zero weights, so it is deterministic.
/// Its probabilities vary smoothly with the inputs, which the chain and threshold tests need.
/// </summary>
public sealed class SoftmaxRegressionClassifier(int steps = 200, double learningRate = 0.5, double l2 = 1e-3) : Classifier
{
    public override string Name => "test-softmax";

    static SoftmaxRegressionClassifier() => ModelFile.Register(SoftmaxModel.KindName, SoftmaxModel.Read);

    protected override ClassifierModel FitCore(FeatureMatrix x, int[] y, IReadOnlyList<string> classes, CancellationToken cancellationToken)
    {
        int k = classes.Count, d = x.Columns, stride = d + 1, n = x.Rows;
        var w = new double[k * stride];
        var gradient = new double[w.Length];
        var p = new double[k];
        for (int step = 0; step < steps; step++)
        {
            Array.Clear(gradient);
            for (int i = 0; i < n; i++)
            {
                FeatureRow row = x.Row(i);
                SoftmaxModel.Probabilities(w, row, k, p);
                for (int c = 0; c < k; c++)
                {
                    double g = (p[c] - (y[i] == c ? 1 : 0)) / n;
                    row.AddScaledTo(gradient.AsSpan(c * stride, d), g);
                    gradient[c * stride + d] += g;
                }
            }
            for (int j = 0; j < w.Length; j++)
            {
                bool bias = j % stride == d;
                w[j] -= learningRate * (gradient[j] + (bias ? 0 : l2 * w[j]));
            }
        }
        return new SoftmaxModel(classes, d, w);
    }

    public sealed class SoftmaxModel(IReadOnlyList<string> classes, int featureCount, double[] weights) : ClassifierModel(classes, featureCount)
    {
        public const string KindName = "test-softmax";

        public override string Kind => KindName;

        internal static void Probabilities(double[] w, FeatureRow row, int k, Span<double> p)
        {
            int d = row.Length, stride = d + 1;
            double max = double.NegativeInfinity;
            for (int c = 0; c < k; c++)
            {
                p[c] = row.Dot(w.AsSpan(c * stride, d)) + w[c * stride + d];
                max = Math.Max(max, p[c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                p[c] = Math.Exp(p[c] - max);
                sum += p[c];
            }
            for (int c = 0; c < k; c++)
            {
                p[c] /= sum;
            }
        }

        public override void DecisionFunction(FeatureRow row, Span<double> scores)
        {
            int k = Classes.Count, d = FeatureCount, stride = d + 1;
            Span<double> z = stackalloc double[k];
            for (int c = 0; c < k; c++)
            {
                z[c] = row.Dot(weights.AsSpan(c * stride, d)) + weights[c * stride + d];
            }
            if (k == 2)
            {
                scores[0] = z[1] - z[0];
                return;
            }
            z.CopyTo(scores);
        }

        public override void PredictProba(FeatureRow row, Span<double> probabilities) => Probabilities(weights, row, Classes.Count, probabilities);

        protected internal override void Write(ModelWriter writer)
        {
            WriteClasses(writer);
            writer.WriteJson("feature_count", FeatureCount);
            writer.Write("weights", weights);
        }

        internal static SoftmaxModel Read(ModelReader reader)
        {
            string[] classes = ReadClasses(reader);
            int d = reader.ReadJson<int>("feature_count");
            return new SoftmaxModel(classes, d, reader.ReadDoubles("weights", classes.Length * (d + 1)));
        }
    }
}
