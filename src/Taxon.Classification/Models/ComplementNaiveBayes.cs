using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// Complement naive Bayes (scikit-learn: <c>ComplementNB</c>; Rennie et al. 2003): each class is scored by how
/// unlike the <em>other</em> classes' feature distribution a sample is, which suits imbalanced text classes better
/// than <see cref="MultinomialNaiveBayes"/>. Features must be non-negative.
/// </summary>
public sealed class ComplementNaiveBayes : Classifier
{
    /// <summary>Creates the estimator; invalid options throw <see cref="ArgumentException"/> here.</summary>
    public ComplementNaiveBayes(ComplementNaiveBayesOptions? options = null)
    {
        Options = options ?? new ComplementNaiveBayesOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters (scikit-learn: <c>get_params()</c>).</summary>
    public ComplementNaiveBayesOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "complement-nb";

    /// <inheritdoc />
    public override ClassifierModel Fit(LabeledData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.HasFeatures && !data.IsMultiLabel)
        {
            DiscreteNaiveBayesFit.CheckNonNegative(data.Features, "complement naive Bayes", data.Describe);
        }
        return base.Fit(data, cancellationToken);
    }

    /// <inheritdoc />
    protected override ClassifierModel FitCore(FeatureMatrix x, int[] y, IReadOnlyList<string> classes, CancellationToken cancellationToken)
    {
        DiscreteNaiveBayesFit.CheckNonNegative(x, "complement naive Bayes", i => $"{Name}: row {i}");
        int k = classes.Count, d = x.Columns;
        double[] classCounts = DiscreteNaiveBayesFit.ClassCounts(y, k);
        double[] counts = DiscreteNaiveBayesFit.FeatureCounts(x, y, k, cancellationToken);
        var all = new double[d];
        for (int c = 0; c < k; c++)
        {
            ReadOnlySpan<double> row = counts.AsSpan(c * d, d);
            for (int j = 0; j < d; j++)
            {
                all[j] += row[j];
            }
        }
        double alpha = Options.EffectiveAlpha;
        var weights = new double[counts.Length];
        for (int c = 0; c < k; c++)
        {
            ReadOnlySpan<double> row = counts.AsSpan(c * d, d);
            Span<double> w = weights.AsSpan(c * d, d);
            double total = 0;
            for (int j = 0; j < d; j++)
            {
                w[j] = all[j] + alpha - row[j];
                total += w[j];
            }
            double logSum = 0;
            for (int j = 0; j < d; j++)
            {
                w[j] = Math.Log(w[j] / total);
                logSum += w[j];
            }
            for (int j = 0; j < d; j++)
            {
                w[j] = Options.Norm ? w[j] / logSum : -w[j];
            }
        }
        return new ComplementNaiveBayesModel(Options, classes, d, DiscreteNaiveBayesFit.ClassLogPrior(classCounts, Options, Name), weights);
    }
}
