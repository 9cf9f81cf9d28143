using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// Multinomial naive Bayes for counts such as word counts or TF-IDF (scikit-learn: <c>MultinomialNB</c>):
/// <c>P(feature j | class c)</c> is the class's smoothed share of the feature's total count. Features must be
/// non-negative; sparse input is read as stored.
/// </summary>
public sealed class MultinomialNaiveBayes : Classifier
{
    /// <summary>Creates the estimator; invalid options throw <see cref="ArgumentException"/> here.</summary>
    public MultinomialNaiveBayes(MultinomialNaiveBayesOptions? options = null)
    {
        Options = options ?? new MultinomialNaiveBayesOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters (scikit-learn: <c>get_params()</c>).</summary>
    public MultinomialNaiveBayesOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "multinomial-nb";

    /// <inheritdoc />
    public override ClassifierModel Fit(LabeledData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.HasFeatures && !data.IsMultiLabel)
        {
            DiscreteNaiveBayesFit.CheckNonNegative(data.Features, "multinomial naive Bayes", data.Describe);
        }
        return base.Fit(data, cancellationToken);
    }

    /// <inheritdoc />
    protected override ClassifierModel FitCore(FeatureMatrix x, int[] y, IReadOnlyList<string> classes, CancellationToken cancellationToken)
    {
        DiscreteNaiveBayesFit.CheckNonNegative(x, "multinomial naive Bayes", i => $"{Name}: row {i}");
        int k = classes.Count, d = x.Columns;
        double[] classCounts = DiscreteNaiveBayesFit.ClassCounts(y, k);
        double[] logProb = DiscreteNaiveBayesFit.FeatureCounts(x, y, k, cancellationToken);
        double alpha = Options.EffectiveAlpha;
        for (int c = 0; c < k; c++)
        {
            Span<double> row = logProb.AsSpan(c * d, d);
            double total = 0;
            for (int j = 0; j < d; j++)
            {
                row[j] += alpha;
                total += row[j];
            }
            double logTotal = Math.Log(total);
            for (int j = 0; j < d; j++)
            {
                row[j] = Math.Log(row[j]) - logTotal;
            }
        }
        return new MultinomialNaiveBayesModel(Options, classes, d, DiscreteNaiveBayesFit.ClassLogPrior(classCounts, Options, Name), logProb);
    }
}
