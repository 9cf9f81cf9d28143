using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// A fitted <see cref="GaussianNaiveBayes"/> (scikit-learn: a fitted <c>GaussianNB</c>): the joint log likelihood
/// of class c is <c>log ClassPrior[c] − ½ Σ_j log(2π Var[c, j]) − ½ Σ_j (x_j − Theta[c, j])² / Var[c, j]</c>.
/// </summary>
public sealed class GaussianNaiveBayesModel : NaiveBayesModel
{
    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "gaussian-nb";

    private readonly double[] _classPrior;
    private readonly double[] _theta;
    private readonly double[] _variance;

    // log prior − ½ Σ log(2π var) per class; and − ½ Σ θ²/var, the score of an all-zero row, for sparse rows.
    private readonly double[] _constant;
    private readonly double[] _zeroRow;

    internal GaussianNaiveBayesModel(GaussianNaiveBayesOptions options, IReadOnlyList<string> classes, int featureCount,
        double[] classPrior, double[] theta, double[] variance, double epsilon) : base(classes, featureCount, LogOf(classPrior))
    {
        int k = classes.Count, d = featureCount;
        if (classPrior.Length != k || theta.Length != (long)k * d || variance.Length != theta.Length)
        {
            throw new ArgumentException($"GaussianNaiveBayesModel: {classPrior.Length} priors, {theta.Length} means and {variance.Length} variances for {k} classes × {d} features.");
        }
        foreach (double v in variance)
        {
            if (!(v > 0))
            {
                throw new ArgumentException($"GaussianNaiveBayesModel: variance {v} is not positive.");
            }
        }
        Options = options;
        _classPrior = classPrior;
        _theta = theta;
        _variance = variance;
        Epsilon = epsilon;
        _constant = new double[k];
        _zeroRow = new double[k];
        for (int c = 0; c < k; c++)
        {
            double logNormaliser = 0, zero = 0;
            for (int j = 0; j < d; j++)
            {
                double v = variance[c * d + j], m = theta[c * d + j];
                logNormaliser += Math.Log(2.0 * Math.PI * v);
                zero += m * m / v;
            }
            _constant[c] = ClassLogPrior[c] - 0.5 * logNormaliser;
            _zeroRow[c] = -0.5 * zero;
        }
    }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>The options the model was fitted with.</summary>
    public GaussianNaiveBayesOptions Options { get; }

    /// <summary>The probability of each class (scikit-learn: <c>class_prior_</c>).</summary>
    public ReadOnlySpan<double> ClassPrior => _classPrior;

    /// <summary>The absolute variance added to every variance: <c>VarSmoothing</c> × the largest feature variance (scikit-learn: <c>epsilon_</c>).</summary>
    public double Epsilon { get; }

    /// <summary>The mean of each feature in class <paramref name="classIndex"/> (scikit-learn: <c>theta_[classIndex]</c>).</summary>
    public ReadOnlySpan<double> Theta(int classIndex) => _theta.AsSpan(checked(classIndex * FeatureCount), FeatureCount);

    /// <summary>The variance of each feature in class <paramref name="classIndex"/>, smoothing included (scikit-learn: <c>var_[classIndex]</c>).</summary>
    public ReadOnlySpan<double> Var(int classIndex) => _variance.AsSpan(checked(classIndex * FeatureCount), FeatureCount);

    /// <inheritdoc />
    public override void PredictJointLogProba(FeatureRow row, Span<double> jointLogLikelihood)
    {
        int d = FeatureCount, k = Classes.Count;
        ReadOnlySpan<float> v = row.Values;
        for (int c = 0; c < k; c++)
        {
            ReadOnlySpan<double> m = _theta.AsSpan(c * d, d), var = _variance.AsSpan(c * d, d);
            double s = 0;
            if (row.IsDense)
            {
                for (int j = 0; j < d; j++)
                {
                    double diff = v[j] - m[j];
                    s += diff * diff / var[j];
                }
                jointLogLikelihood[c] = _constant[c] - 0.5 * s;
                continue;
            }
            // An unstored zero contributes θ²/var, already in _zeroRow; a stored value replaces that term.
            ReadOnlySpan<int> idx = row.Indices;
            for (int t = 0; t < idx.Length; t++)
            {
                int j = idx[t];
                s += v[t] * (v[t] - 2 * m[j]) / var[j];
            }
            jointLogLikelihood[c] = _constant[c] + _zeroRow[c] - 0.5 * s;
        }
    }

    /// <inheritdoc />
    protected internal override void Write(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteClasses(writer);
        writer.WriteJson("feature_count", FeatureCount);
        writer.WriteJson("options", Options);
        writer.WriteJson("epsilon", Epsilon);
        writer.Write("class_prior", _classPrior);
        writer.Write("theta", _theta, [Classes.Count, FeatureCount]);
        writer.Write("var", _variance, [Classes.Count, FeatureCount]);
    }

    internal static GaussianNaiveBayesModel Read(ModelReader reader)
    {
        string[] classes = ReadClasses(reader);
        int d = reader.ReadJson<int>("feature_count");
        if (d < 0)
        {
            throw reader.Corrupt("feature_count", $"{d} is negative");
        }
        return new GaussianNaiveBayesModel(reader.ReadJson<GaussianNaiveBayesOptions>("options"), classes, d,
            reader.ReadDoubles("class_prior", classes.Length), reader.ReadDoubles("theta", classes.Length * d),
            reader.ReadDoubles("var", classes.Length * d), reader.ReadJson<double>("epsilon"));
    }

    private static double[] LogOf(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var logs = new double[values.Length];
        for (int i = 0; i < logs.Length; i++)
        {
            logs[i] = Math.Log(values[i]);
        }
        return logs;
    }
}
