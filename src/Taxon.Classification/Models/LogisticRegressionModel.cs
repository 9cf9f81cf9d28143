using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// A fitted <see cref="LogisticRegression"/> (scikit-learn: a fitted <c>LogisticRegression</c>). Probabilities are the
/// logistic sigmoid of the decision value for two classes and the softmax of the decision values for more
/// (multinomial), as scikit-learn's <c>predict_proba</c>.
/// </summary>
public sealed class LogisticRegressionModel : LinearClassifierModel
{
    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "logistic-regression";

    /// <summary>
    /// A model from its parameters: row-major <paramref name="coefficients"/> with one row for two classes
    /// (scoring <c>classes[1]</c>) or one per class, and one intercept per row.
    /// </summary>
    public LogisticRegressionModel(IReadOnlyList<string> classes, int featureCount, double[] coefficients, double[] intercepts,
        LogisticRegressionOptions options, int iterations)
        : base(classes, featureCount, coefficients, intercepts)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Iterations = iterations;
    }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>The options it was fitted with.</summary>
    public LogisticRegressionOptions Options { get; }

    /// <summary>The iterations (L-BFGS) or epochs (SGD) the solver ran (scikit-learn: <c>n_iter_</c>); equal to MaxIterations when it did not converge.</summary>
    public int Iterations { get; }

    /// <inheritdoc />
    public override void PredictProba(FeatureRow row, Span<double> probabilities) => SigmoidOrSoftmax(row, probabilities);

    /// <inheritdoc />
    protected internal override void Write(ModelWriter writer)
    {
        WriteParameters(writer);
        writer.WriteJson("options", Options);
        writer.WriteJson("iterations", Iterations);
    }

    internal static LogisticRegressionModel Read(ModelReader reader)
    {
        var (classes, d, coefficients, intercepts) = ReadParameters(reader);
        var options = reader.ReadJson<LogisticRegressionOptions>("options");
        return new LogisticRegressionModel(classes, d, coefficients, intercepts, options, reader.ReadJson<int>("iterations"));
    }
}
