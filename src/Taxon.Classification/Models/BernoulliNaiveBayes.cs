using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// Bernoulli naive Bayes for binary (present/absent) features (scikit-learn: <c>BernoulliNB</c>): features are
/// thresholded at <see cref="BernoulliNaiveBayesOptions.Binarize"/>, and an absent feature counts as evidence too.
/// </summary>
public sealed class BernoulliNaiveBayes : Classifier
{
    /// <summary>Creates the estimator; invalid options throw <see cref="ArgumentException"/> here.</summary>
    public BernoulliNaiveBayes(BernoulliNaiveBayesOptions? options = null)
    {
        Options = options ?? new BernoulliNaiveBayesOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters (scikit-learn: <c>get_params()</c>).</summary>
    public BernoulliNaiveBayesOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "bernoulli-nb";

    /// <inheritdoc />
    protected override ClassifierModel FitCore(FeatureMatrix x, int[] y, IReadOnlyList<string> classes, CancellationToken cancellationToken)
    {
        int k = classes.Count, d = x.Columns;
        double[] classCounts = DiscreteNaiveBayesFit.ClassCounts(y, k);
        var logProb = new double[(long)k * d];
        double? threshold = Options.Binarize;
        double zero = BernoulliNaiveBayesModel.Binary(0, threshold);
        for (int i = 0; i < x.Rows; i++)
        {
            if ((i & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            FeatureRow r = x.Row(i);
            Span<double> counts = logProb.AsSpan(y[i] * d, d);
            if (!r.IsDense && zero != 0)
            {
                // A negative threshold makes the unstored zeros present: count them all, then correct the stored ones.
                for (int j = 0; j < d; j++)
                {
                    counts[j] += zero;
                }
            }
            ReadOnlySpan<float> v = r.Values;
            for (int s = 0; s < v.Length; s++)
            {
                counts[r.ColumnAt(s)] += BernoulliNaiveBayesModel.Binary(v[s], threshold) - (r.IsDense ? 0 : zero);
            }
        }
        double alpha = Options.EffectiveAlpha;
        for (int c = 0; c < k; c++)
        {
            Span<double> row = logProb.AsSpan(c * d, d);
            double logTotal = Math.Log(classCounts[c] + 2 * alpha);
            for (int j = 0; j < d; j++)
            {
                row[j] = Math.Log(row[j] + alpha) - logTotal;
            }
        }
        return new BernoulliNaiveBayesModel(Options, classes, d, DiscreteNaiveBayesFit.ClassLogPrior(classCounts, Options, Name), logProb);
    }
}
