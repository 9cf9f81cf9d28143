using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// A fitted <see cref="BernoulliNaiveBayes"/> (scikit-learn: a fitted <c>BernoulliNB</c>): with <c>p = exp(FeatureLogProb(c))</c>
/// and binarised <c>b</c>, the joint log likelihood of class c is <c>ClassLogPrior[c] + Σ_j b_j log p_j + (1 − b_j) log(1 − p_j)</c>.
/// </summary>
public sealed class BernoulliNaiveBayesModel : NaiveBayesModel
{
    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "bernoulli-nb";

    private readonly double[] _featureLogProb;

    // log p − log(1 − p) per class and feature, and Σ_j log(1 − p_j) per class: a row then costs one dot product.
    private readonly double[] _presentWeight;
    private readonly double[] _absentSum;

    // Σ_j of _presentWeight per class, for sparse rows whose unstored zeros binarise to 1.
    private readonly double[] _presentSum;

    internal BernoulliNaiveBayesModel(BernoulliNaiveBayesOptions options, IReadOnlyList<string> classes, int featureCount,
        double[] classLogPrior, double[] featureLogProb) : base(classes, featureCount, classLogPrior)
    {
        int k = classes.Count, d = featureCount;
        if (featureLogProb.Length != (long)k * d)
        {
            throw new ArgumentException($"BernoulliNaiveBayesModel: {featureLogProb.Length} feature log probabilities for {k} classes × {d} features.");
        }
        Options = options;
        _featureLogProb = featureLogProb;
        _presentWeight = new double[featureLogProb.Length];
        _absentSum = new double[k];
        _presentSum = new double[k];
        for (int c = 0; c < k; c++)
        {
            for (int j = 0; j < d; j++)
            {
                double logP = featureLogProb[c * d + j];
                // log(1 − exp(log p)) as scikit-learn writes it, so the values match to rounding.
                double logNotP = Math.Log(1 - Math.Exp(logP));
                _presentWeight[c * d + j] = logP - logNotP;
                _absentSum[c] += logNotP;
                _presentSum[c] += logP - logNotP;
            }
        }
    }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>The options the model was fitted with.</summary>
    public BernoulliNaiveBayesOptions Options { get; }

    /// <summary>The log probability that each feature is present given class <paramref name="classIndex"/> (scikit-learn: <c>feature_log_prob_[classIndex]</c>).</summary>
    public ReadOnlySpan<double> FeatureLogProb(int classIndex) => _featureLogProb.AsSpan(checked(classIndex * FeatureCount), FeatureCount);

    /// <summary>A value as the model sees it: 1 above the threshold, else 0; the value itself without a threshold.</summary>
    internal static double Binary(double value, double? threshold) => threshold is double t ? (value > t ? 1 : 0) : value;

    /// <inheritdoc />
    public override void PredictJointLogProba(FeatureRow row, Span<double> jointLogLikelihood)
    {
        int d = FeatureCount, k = Classes.Count;
        double? threshold = Options.Binarize;
        double zero = row.IsDense ? 0 : Binary(0, threshold);
        ReadOnlySpan<float> v = row.Values;
        for (int c = 0; c < k; c++)
        {
            ReadOnlySpan<double> w = _presentWeight.AsSpan(c * d, d);
            double s = zero * _presentSum[c];
            for (int t = 0; t < v.Length; t++)
            {
                s += (Binary(v[t], threshold) - zero) * w[row.ColumnAt(t)];
            }
            jointLogLikelihood[c] = ClassLogPrior[c] + _absentSum[c] + s;
        }
    }

    /// <inheritdoc />
    protected internal override void Write(ModelWriter writer)
    {
        WriteCommon(writer);
        writer.WriteJson("options", Options);
        writer.Write("feature_log_prob", _featureLogProb, [Classes.Count, FeatureCount]);
    }

    internal static BernoulliNaiveBayesModel Read(ModelReader reader)
    {
        var (classes, features, prior) = ReadCommon(reader);
        return new BernoulliNaiveBayesModel(reader.ReadJson<BernoulliNaiveBayesOptions>("options"), classes, features, prior,
            reader.ReadDoubles("feature_log_prob", classes.Length * features));
    }
}
