using System.Globalization;
using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>The steps the count-based naive Bayes estimators share: input checks, class counts, class log priors.</summary>
internal static class DiscreteNaiveBayesFit
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the first negative value (scikit-learn: <c>check_non_negative</c>):
    /// counts and frequencies cannot be negative, and a negative one would make a log probability undefined.
    /// </summary>
    public static void CheckNonNegative(FeatureMatrix x, string estimator, Func<int, string> describeRow)
    {
        for (int i = 0; i < x.Rows; i++)
        {
            FeatureRow r = x.Row(i);
            ReadOnlySpan<float> v = r.Values;
            for (int k = 0; k < v.Length; k++)
            {
                if (v[k] < 0)
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"{describeRow(i)}, feature {r.ColumnAt(k)}: value {v[k]} is negative; {estimator} needs non-negative features (counts or frequencies such as TF-IDF). Scale or shift the features, or use Gaussian naive Bayes."));
                }
            }
        }
    }

    /// <summary>The number of samples of each class (scikit-learn: <c>class_count_</c>).</summary>
    public static double[] ClassCounts(int[] y, int classes)
    {
        var counts = new double[classes];
        foreach (int c in y)
        {
            counts[c]++;
        }
        return counts;
    }

    /// <summary>
    /// Each class's log prior (scikit-learn: <c>_update_class_log_prior</c>): the given priors, or the log class
    /// frequencies when <see cref="DiscreteNaiveBayesOptions.FitPrior"/>, otherwise uniform. A class without samples
    /// has a fitted log prior of <c>-inf</c>, as in scikit-learn.
    /// </summary>
    public static double[] ClassLogPrior(double[] classCounts, DiscreteNaiveBayesOptions options, string estimator)
    {
        int k = classCounts.Length;
        var logPrior = new double[k];
        if (options.ClassPrior is { } prior)
        {
            if (prior.Count != k)
            {
                throw new ArgumentException($"{estimator}: ClassPrior has {prior.Count} values but there are {k} classes.");
            }
            for (int c = 0; c < k; c++)
            {
                logPrior[c] = Math.Log(prior[c]);
            }
        }
        else if (options.FitPrior)
        {
            double total = 0;
            foreach (double n in classCounts)
            {
                total += n;
            }
            double logTotal = Math.Log(total);
            for (int c = 0; c < k; c++)
            {
                logPrior[c] = Math.Log(classCounts[c]) - logTotal;
            }
        }
        else
        {
            Array.Fill(logPrior, -Math.Log(k));
        }
        return logPrior;
    }

    /// <summary>Each class's summed feature values, [classes × features] row-major (scikit-learn: <c>feature_count_</c>).</summary>
    public static double[] FeatureCounts(FeatureMatrix x, int[] y, int classes, CancellationToken cancellationToken)
    {
        int d = x.Columns;
        var counts = new double[(long)classes * d];
        for (int i = 0; i < x.Rows; i++)
        {
            if ((i & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            x.Row(i).AddScaledTo(counts.AsSpan(y[i] * d, d), 1);
        }
        return counts;
    }
}
