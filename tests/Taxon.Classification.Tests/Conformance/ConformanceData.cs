using Taxon.Classification.Data;

namespace Taxon.Classification.Tests.Conformance;

/// <summary>Small seeded data sets the conformance suites train on: separable-ish blobs with string labels.</summary>
public static class ConformanceData
{
    /// <summary>
    /// <paramref name="classes"/> Gaussian blobs in <paramref name="features"/> dimensions, labels "c0", "c1", ...
    /// (non-negative counts when <paramref name="nonNegative"/>, for naive Bayes). The centres depend only on the
    /// shape, so train and test sets drawn with different seeds share them.
    /// </summary>
    public static LabeledData Blobs(int samples, int features, int classes, int seed, bool nonNegative = false, bool sparse = false)
    {
        var centreRandom = new Random(1000 * classes + features);
        var centres = new double[classes, features];
        for (int c = 0; c < classes; c++)
        {
            for (int j = 0; j < features; j++)
            {
                centres[c, j] = centreRandom.NextDouble() * 6 - 3;
            }
        }
        var random = new Random(seed);
        var values = new float[samples * features];
        var labels = new string[samples];
        for (int i = 0; i < samples; i++)
        {
            int c = i % classes;
            labels[i] = "c" + c;
            for (int j = 0; j < features; j++)
            {
                double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
                double v = centres[c, j] + Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                if (nonNegative)
                {
                    v = Math.Round(Math.Max(0, v + 2) * 2);
                }
                if (sparse && random.NextDouble() < 0.5)
                {
                    v = 0;
                }
                values[i * features + j] = (float)v;
            }
        }
        FeatureMatrix x = new DenseMatrix(values, samples, features);
        return new LabeledData(sparse ? x.ToSparse() : x, labels) { Source = "blobs" };
    }

    /// <summary>Multi-label data: label j is on when a noisy linear score of the features is positive; labels "l0", "l1", ...</summary>
    public static LabeledData MultiLabel(int samples, int features, int labels, int seed)
    {
        var random = new Random(seed);
        var weights = new double[labels, features];
        for (int l = 0; l < labels; l++)
        {
            for (int j = 0; j < features; j++)
            {
                weights[l, j] = random.NextDouble() * 2 - 1;
            }
        }
        var values = new float[samples * features];
        var sets = new string[samples][];
        var names = Enumerable.Range(0, labels).Select(l => "l" + l).ToArray();
        for (int i = 0; i < samples; i++)
        {
            for (int j = 0; j < features; j++)
            {
                values[i * features + j] = (float)(random.NextDouble() * 2 - 1);
            }
            var set = new List<string>();
            for (int l = 0; l < labels; l++)
            {
                double s = (random.NextDouble() - 0.5) * 0.3;
                for (int j = 0; j < features; j++)
                {
                    s += weights[l, j] * values[i * features + j];
                }
                if (s > 0)
                {
                    set.Add(names[l]);
                }
            }
            sets[i] = [.. set];
        }
        return new LabeledData(new DenseMatrix(values, samples, features), sets, names) { Source = "multilabel" };
    }
}
