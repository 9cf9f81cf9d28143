using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// A fitted <see cref="LinearSvc"/> (scikit-learn: a fitted <c>LinearSVC</c>): one-vs-rest decision values, one
/// column for two classes. scikit-learn's LinearSVC has no <c>predict_proba</c>; <see cref="PredictProba"/> here
/// returns uncalibrated scores that satisfy the probability contract: the logistic sigmoid of the decision value
/// for two classes, the softmax of the decision values for more. They rank like the decision values but are not
/// calibrated probabilities (scikit-learn: wrap in <c>CalibratedClassifierCV</c> for those).
/// </summary>
public sealed class LinearSvcModel : LinearClassifierModel
{
    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "linear-svc";

    /// <summary>
    /// A model from its parameters: row-major <paramref name="coefficients"/> with one row for two classes
    /// (scoring <c>classes[1]</c>) or one per class, and one intercept per row.
    /// </summary>
    public LinearSvcModel(IReadOnlyList<string> classes, int featureCount, double[] coefficients, double[] intercepts,
        LinearSvcOptions options, int iterations)
        : this(classes, featureCount, coefficients, intercepts, options, iterations, featureMajor: false)
    {
    }

    /// <summary>The fit's constructor: <paramref name="featureMajor"/> weights are [feature, row] and kept as they are.</summary>
    internal LinearSvcModel(IReadOnlyList<string> classes, int featureCount, double[] coefficients, double[] intercepts,
        LinearSvcOptions options, int iterations, bool featureMajor)
        : base(classes, featureCount, coefficients, intercepts, featureMajor)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Iterations = iterations;
    }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>The options it was fitted with.</summary>
    public LinearSvcOptions Options { get; }

    /// <summary>The most passes any binary problem took (scikit-learn: <c>n_iter_</c>); equal to MaxIterations when one did not converge.</summary>
    public int Iterations { get; }

    /// <summary>Uncalibrated class scores in [0, 1] that sum to 1: sigmoid (two classes) or softmax of the decision values.</summary>
    public override void PredictProba(FeatureRow row, Span<double> probabilities) => SigmoidOrSoftmax(row, probabilities);

    /// <inheritdoc />
    protected internal override void Write(ModelWriter writer)
    {
        WriteParameters(writer);
        writer.WriteJson("options", Options);
        writer.WriteJson("iterations", Iterations);
    }

    internal static LinearSvcModel Read(ModelReader reader)
    {
        var (classes, d, coefficients, intercepts) = ReadParameters(reader);
        var options = reader.ReadJson<LinearSvcOptions>("options");
        return new LinearSvcModel(classes, d, coefficients, intercepts, options, reader.ReadJson<int>("iterations"));
    }
}
