using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// A fitted <see cref="ComplementNaiveBayes"/> (scikit-learn: a fitted <c>ComplementNB</c>): the joint log
/// likelihood of class c is <c>x · FeatureLogProb(c)</c>, the complement weights; the class prior is left out, as
/// scikit-learn leaves it out whenever there are two classes or more.
/// </summary>
public sealed class ComplementNaiveBayesModel : NaiveBayesModel
{
    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "complement-nb";

    private readonly double[] _featureLogProb;

    internal ComplementNaiveBayesModel(ComplementNaiveBayesOptions options, IReadOnlyList<string> classes, int featureCount,
        double[] classLogPrior, double[] featureLogProb) : base(classes, featureCount, classLogPrior)
    {
        if (featureLogProb.Length != (long)classes.Count * featureCount)
        {
            throw new ArgumentException($"ComplementNaiveBayesModel: {featureLogProb.Length} weights for {classes.Count} classes × {featureCount} features.");
        }
        Options = options;
        _featureLogProb = featureLogProb;
    }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>The options the model was fitted with.</summary>
    public ComplementNaiveBayesOptions Options { get; }

    /// <summary>
    /// The complement weights of class <paramref name="classIndex"/> (scikit-learn: <c>feature_log_prob_[classIndex]</c>):
    /// minus the log probability of each feature in the other classes, or with <see cref="ComplementNaiveBayesOptions.Norm"/>
    /// that log probability divided by its sum.
    /// </summary>
    public ReadOnlySpan<double> FeatureLogProb(int classIndex) => _featureLogProb.AsSpan(checked(classIndex * FeatureCount), FeatureCount);

    /// <inheritdoc />
    public override void PredictJointLogProba(FeatureRow row, Span<double> jointLogLikelihood)
    {
        int d = FeatureCount, k = Classes.Count;
        for (int c = 0; c < k; c++)
        {
            jointLogLikelihood[c] = row.Dot(_featureLogProb.AsSpan(c * d, d));
        }
    }

    /// <inheritdoc />
    protected internal override void Write(ModelWriter writer)
    {
        WriteCommon(writer);
        writer.WriteJson("options", Options);
        writer.Write("feature_log_prob", _featureLogProb, [Classes.Count, FeatureCount]);
    }

    internal static ComplementNaiveBayesModel Read(ModelReader reader)
    {
        var (classes, features, prior) = ReadCommon(reader);
        return new ComplementNaiveBayesModel(reader.ReadJson<ComplementNaiveBayesOptions>("options"), classes, features, prior,
            reader.ReadDoubles("feature_log_prob", classes.Length * features));
    }
}
