using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// A fitted naive Bayes classifier (scikit-learn: the <c>_BaseNB</c> behaviour of <c>MultinomialNB</c>,
/// <c>BernoulliNB</c>, <c>ComplementNB</c> and <c>GaussianNB</c>): each class gets a joint log likelihood
/// <c>log P(c) + log P(x | c)</c>; the prediction is the largest, probabilities are their normalised exponentials.
/// Decision values are the joint log likelihoods, and for two classes the single log-odds
/// <c>jll[1] − jll[0]</c> (positive means <c>Classes[1]</c>).
/// </summary>
public abstract class NaiveBayesModel : ClassifierModel
{
    private const int StackClasses = 128;

    private readonly double[] _classLogPrior;

    /// <summary>Sets the classes, the number of features and each class's log prior.</summary>
    protected NaiveBayesModel(IReadOnlyList<string> classes, int featureCount, double[] classLogPrior) : base(classes, featureCount)
    {
        ArgumentNullException.ThrowIfNull(classLogPrior);
        if (classLogPrior.Length != classes.Count)
        {
            throw new ArgumentException($"NaiveBayesModel: {classLogPrior.Length} class log priors for {classes.Count} classes.");
        }
        _classLogPrior = classLogPrior;
    }

    /// <summary>The log prior of each class (scikit-learn: <c>class_log_prior_</c>, for Gaussian NB <c>log(class_prior_)</c>).</summary>
    public ReadOnlySpan<double> ClassLogPrior => _classLogPrior;

    /// <summary>Writes each class's joint log likelihood, unnormalised (scikit-learn 1.2: <c>predict_joint_log_proba</c>).</summary>
    public abstract void PredictJointLogProba(FeatureRow row, Span<double> jointLogLikelihood);

    /// <inheritdoc />
    public override void DecisionFunction(FeatureRow row, Span<double> scores)
    {
        int k = Classes.Count;
        if (k != 2)
        {
            PredictJointLogProba(row, scores[..k]);
            return;
        }
        Span<double> jll = stackalloc double[2];
        PredictJointLogProba(row, jll);
        scores[0] = jll[1] - jll[0];
    }

    /// <inheritdoc />
    public override void PredictProba(FeatureRow row, Span<double> probabilities)
    {
        int k = Classes.Count;
        probabilities = probabilities[..k];
        PredictJointLogProba(row, probabilities);
        // exp(jll - logsumexp(jll)), as scikit-learn computes it, so the values match to rounding.
        double max = double.NegativeInfinity;
        foreach (double v in probabilities)
        {
            max = Math.Max(max, v);
        }
        double sum = 0;
        foreach (double v in probabilities)
        {
            sum += Math.Exp(v - max);
        }
        double logNormaliser = max + Math.Log(sum);
        for (int c = 0; c < k; c++)
        {
            probabilities[c] = Math.Exp(probabilities[c] - logNormaliser);
        }
    }

    /// <inheritdoc />
    public override int PredictIndex(FeatureRow row)
    {
        int k = Classes.Count;
        Span<double> jll = k <= StackClasses ? stackalloc double[k] : new double[k];
        PredictJointLogProba(row, jll);
        int best = 0;
        for (int c = 1; c < k; c++)
        {
            if (jll[c] > jll[best])
            {
                best = c;
            }
        }
        return best;
    }

    /// <summary>Writes the classes, the feature count and the class log priors; subclasses add their parameters.</summary>
    protected void WriteCommon(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteClasses(writer);
        writer.WriteJson("feature_count", FeatureCount);
        writer.Write("class_log_prior", _classLogPrior);
    }

    /// <summary>Reads what <see cref="WriteCommon"/> wrote.</summary>
    private protected static (string[] Classes, int FeatureCount, double[] ClassLogPrior) ReadCommon(ModelReader reader)
    {
        string[] classes = ReadClasses(reader);
        int features = reader.ReadJson<int>("feature_count");
        if (features < 0)
        {
            throw reader.Corrupt("feature_count", $"{features} is negative");
        }
        return (classes, features, reader.ReadDoubles("class_log_prior", classes.Length));
    }
}
