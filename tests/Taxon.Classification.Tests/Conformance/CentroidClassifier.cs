using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Tests.Conformance;

/// <summary>
/// A minimal estimator written against the public contract only (as a user would write one): nearest centroid
/// with softmax of negative squared distances. It proves the conformance suite and the meta-estimators work with
/// classifiers defined outside Taxon.
/// </summary>
public sealed class CentroidClassifier : Classifier
{
    public override string Name => "centroid";

    static CentroidClassifier() => ModelFile.Register(CentroidModel.KindName, CentroidModel.Read);

    protected override ClassifierModel FitCore(FeatureMatrix x, int[] y, IReadOnlyList<string> classes, CancellationToken cancellationToken)
    {
        int k = classes.Count, d = x.Columns;
        var centroids = new double[k * d];
        var counts = new int[k];
        for (int i = 0; i < x.Rows; i++)
        {
            x.Row(i).AddScaledTo(centroids.AsSpan(y[i] * d, d), 1);
            counts[y[i]]++;
        }
        for (int c = 0; c < k; c++)
        {
            for (int j = 0; j < d; j++)
            {
                centroids[c * d + j] /= Math.Max(counts[c], 1);
            }
        }
        return new CentroidModel(classes, d, centroids);
    }

    public sealed class CentroidModel(IReadOnlyList<string> classes, int featureCount, double[] centroids) : ClassifierModel(classes, featureCount)
    {
        public const string KindName = "test-centroid";

        public override string Kind => KindName;

        public override void DecisionFunction(FeatureRow row, Span<double> scores)
        {
            if (Classes.Count == 2)
            {
                Span<double> both = stackalloc double[2];
                Distances(row, both);
                scores[0] = both[1] - both[0];
                return;
            }
            Distances(row, scores);
        }

        private void Distances(FeatureRow row, Span<double> scores)
        {
            var dense = new float[FeatureCount];
            row.CopyTo(dense);
            for (int c = 0; c < Classes.Count; c++)
            {
                double s = 0;
                for (int j = 0; j < FeatureCount; j++)
                {
                    double diff = dense[j] - centroids[c * FeatureCount + j];
                    s += diff * diff;
                }
                scores[c] = -s;
            }
        }

        public override void PredictProba(FeatureRow row, Span<double> probabilities)
        {
            Distances(row, probabilities);
            double max = double.NegativeInfinity, sum = 0;
            for (int c = 0; c < Classes.Count; c++)
            {
                max = Math.Max(max, probabilities[c]);
            }
            for (int c = 0; c < Classes.Count; c++)
            {
                probabilities[c] = Math.Exp(probabilities[c] - max);
                sum += probabilities[c];
            }
            for (int c = 0; c < Classes.Count; c++)
            {
                probabilities[c] /= sum;
            }
        }

        protected internal override void Write(ModelWriter writer)
        {
            WriteClasses(writer);
            writer.WriteJson("feature_count", FeatureCount);
            writer.Write("centroids", centroids);
        }

        internal static CentroidModel Read(ModelReader reader)
        {
            string[] classes = ReadClasses(reader);
            int d = reader.ReadJson<int>("feature_count");
            return new CentroidModel(classes, d, reader.ReadDoubles("centroids", classes.Length * d));
        }
    }
}
