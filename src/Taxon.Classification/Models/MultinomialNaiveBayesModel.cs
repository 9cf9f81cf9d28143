using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// A fitted <see cref="MultinomialNaiveBayes"/> (scikit-learn: a fitted <c>MultinomialNB</c>): the joint log
/// likelihood of class c is <c>ClassLogPrior[c] + x · FeatureLogProb(c)</c>.
/// </summary>
public sealed class MultinomialNaiveBayesModel : NaiveBayesModel
{
    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "multinomial-nb";

    private readonly double[] _featureLogProb;

    internal MultinomialNaiveBayesModel(MultinomialNaiveBayesOptions options, IReadOnlyList<string> classes, int featureCount,
        double[] classLogPrior, double[] featureLogProb) : base(classes, featureCount, classLogPrior)
    {
        if (featureLogProb.Length != (long)classes.Count * featureCount)
        {
            throw new ArgumentException($"MultinomialNaiveBayesModel: {featureLogProb.Length} feature log probabilities for {classes.Count} classes × {featureCount} features.");
        }
        Options = options;
        _featureLogProb = featureLogProb;
    }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>The options the model was fitted with.</summary>
    public MultinomialNaiveBayesOptions Options { get; }

    /// <summary>The log probability of each feature given class <paramref name="classIndex"/> (scikit-learn: <c>feature_log_prob_[classIndex]</c>).</summary>
    public ReadOnlySpan<double> FeatureLogProb(int classIndex) => _featureLogProb.AsSpan(checked(classIndex * FeatureCount), FeatureCount);

    /// <inheritdoc />
    public override void PredictJointLogProba(FeatureRow row, Span<double> jointLogLikelihood)
    {
        int d = FeatureCount;
        ReadOnlySpan<double> prior = ClassLogPrior;
        for (int c = 0; c < prior.Length; c++)
        {
            jointLogLikelihood[c] = prior[c] + row.Dot(_featureLogProb.AsSpan(c * d, d));
        }
    }

    /// <inheritdoc />
    protected internal override void Write(ModelWriter writer)
    {
        WriteCommon(writer);
        writer.WriteJson("options", Options);
        writer.Write("feature_log_prob", _featureLogProb, [Classes.Count, FeatureCount]);
    }

    internal static MultinomialNaiveBayesModel Read(ModelReader reader)
    {
        var (classes, features, prior) = ReadCommon(reader);
        return new MultinomialNaiveBayesModel(reader.ReadJson<MultinomialNaiveBayesOptions>("options"), classes, features, prior,
            reader.ReadDoubles("feature_log_prob", classes.Length * features));
    }
}
