using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// Gaussian naive Bayes for continuous features (scikit-learn: <c>GaussianNB</c>): each feature is normal within
/// each class, with the class's mean and variance. Sparse input is accepted (scikit-learn requires dense); its
/// unstored values are zeros.
/// </summary>
public sealed class GaussianNaiveBayes : Classifier
{
    /// <summary>Creates the estimator; invalid options throw <see cref="ArgumentException"/> here.</summary>
    public GaussianNaiveBayes(GaussianNaiveBayesOptions? options = null)
    {
        Options = options ?? new GaussianNaiveBayesOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters (scikit-learn: <c>get_params()</c>).</summary>
    public GaussianNaiveBayesOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "gaussian-nb";

    /// <inheritdoc />
    protected override ClassifierModel FitCore(FeatureMatrix x, int[] y, IReadOnlyList<string> classes, CancellationToken cancellationToken)
    {
        int k = classes.Count, d = x.Columns;
        double[] classCounts = DiscreteNaiveBayesFit.ClassCounts(y, k);
        var (theta, variance) = MeanVariance(x, y, classCounts, cancellationToken);
        var (_, overall) = MeanVariance(x, new int[x.Rows], [x.Rows], cancellationToken);
        double largest = 0;
        foreach (double v in overall)
        {
            largest = Math.Max(largest, v);
        }
        // scikit-learn's epsilon is 0 when every feature is constant, and then divides by zero; the bare
        // smoothing keeps the variances positive instead.
        double epsilon = largest > 0 ? Options.VarSmoothing * largest : Math.Max(Options.VarSmoothing, double.Epsilon);
        for (int i = 0; i < variance.Length; i++)
        {
            variance[i] += epsilon;
        }
        var prior = new double[k];
        if (Options.Priors is { } given)
        {
            if (given.Count != k)
            {
                throw new ArgumentException($"{Name}: Priors has {given.Count} values but there are {k} classes.");
            }
            for (int c = 0; c < k; c++)
            {
                prior[c] = given[c];
            }
        }
        else
        {
            for (int c = 0; c < k; c++)
            {
                prior[c] = classCounts[c] / x.Rows;
            }
        }
        return new GaussianNaiveBayesModel(Options, classes, d, prior, theta, variance, epsilon);
    }

    /// <summary>
    /// Each class's mean and (biased) variance per feature, [classes × features], in two passes for accuracy. The
    /// second pass sums the squared deviations of stored values and adds those of the unstored zeros in one step.
    /// A class without samples gets mean and variance 0.
    /// </summary>
    private static (double[] Mean, double[] Variance) MeanVariance(FeatureMatrix x, int[] y, double[] classCounts, CancellationToken cancellationToken)
    {
        int k = classCounts.Length, d = x.Columns;
        var mean = new double[(long)k * d];
        for (int i = 0; i < x.Rows; i++)
        {
            x.Row(i).AddScaledTo(mean.AsSpan(y[i] * d, d), 1);
        }
        for (int c = 0; c < k; c++)
        {
            double n = Math.Max(classCounts[c], 1);
            Span<double> m = mean.AsSpan(c * d, d);
            for (int j = 0; j < d; j++)
            {
                m[j] /= n;
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        var squares = new double[mean.Length];
        var stored = new int[mean.Length];
        for (int i = 0; i < x.Rows; i++)
        {
            FeatureRow r = x.Row(i);
            int offset = y[i] * d;
            ReadOnlySpan<float> v = r.Values;
            for (int s = 0; s < v.Length; s++)
            {
                int at = offset + r.ColumnAt(s);
                double diff = v[s] - mean[at];
                squares[at] += diff * diff;
                stored[at]++;
            }
        }
        for (int c = 0; c < k; c++)
        {
            double n = classCounts[c];
            for (int j = 0; j < d; j++)
            {
                int at = c * d + j;
                double m = mean[at];
                squares[at] = n == 0 ? 0 : (squares[at] + (n - stored[at]) * m * m) / n;
            }
        }
        return (mean, squares);
    }
}
