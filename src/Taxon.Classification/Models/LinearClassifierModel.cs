using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// A fitted linear classifier: decision values <c>w_k·x + b_k</c> (scikit-learn: <c>LinearClassifierMixin</c> with
/// <c>coef_</c> and <c>intercept_</c>). Two classes have one row of weights (the score of <c>Classes[1]</c>), more
/// classes one row per class.
/// </summary>
public abstract class LinearClassifierModel : ClassifierModel
{
    private readonly double[] _coefficients;
    private readonly double[] _intercepts;

    /// <summary>
    /// Takes row-major <paramref name="coefficients"/> (<c>intercepts.Length</c> rows of <paramref name="featureCount"/>)
    /// without copying: one row for two classes, otherwise one per class.
    /// </summary>
    protected LinearClassifierModel(IReadOnlyList<string> classes, int featureCount, double[] coefficients, double[] intercepts)
        : base(classes, featureCount)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        ArgumentNullException.ThrowIfNull(intercepts);
        int rows = classes.Count == 2 ? 1 : classes.Count;
        if (intercepts.Length != rows || coefficients.Length != (long)rows * featureCount)
        {
            throw new ArgumentException(
                $"{GetType().Name}: {classes.Count} classes and {featureCount} features need {rows} intercepts and {rows}×{featureCount} coefficients, got {intercepts.Length} and {coefficients.Length}.");
        }
        foreach (double v in coefficients.Concat(intercepts))
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException($"{GetType().Name}: a coefficient or intercept is not a finite number.");
            }
        }
        _coefficients = coefficients;
        _intercepts = intercepts;
    }

    /// <summary>The number of weight rows: 1 for two classes, otherwise the number of classes.</summary>
    public int CoefficientRows => _intercepts.Length;

    /// <summary>A copy of the weights, [<see cref="CoefficientRows"/>, features] (scikit-learn: <c>coef_</c>).</summary>
    public double[,] Coefficients
    {
        get
        {
            var result = new double[CoefficientRows, FeatureCount];
            for (int k = 0; k < CoefficientRows; k++)
            {
                for (int j = 0; j < FeatureCount; j++)
                {
                    result[k, j] = _coefficients[k * FeatureCount + j];
                }
            }
            return result;
        }
    }

    /// <summary>The weights of row <paramref name="row"/> (for two classes, row 0 scores <c>Classes[1]</c>).</summary>
    public ReadOnlySpan<double> CoefficientRow(int row) => _coefficients.AsSpan(row * FeatureCount, FeatureCount);

    /// <summary>The intercepts, one per weight row (scikit-learn: <c>intercept_</c>).</summary>
    public IReadOnlyList<double> Intercepts => _intercepts;

    /// <inheritdoc />
    public override int DecisionWidth => CoefficientRows;

    /// <inheritdoc />
    public override void DecisionFunction(FeatureRow row, Span<double> scores)
    {
        CheckInput(row);
        int d = FeatureCount;
        for (int k = 0; k < _intercepts.Length; k++)
        {
            scores[k] = RowKernels.Dot(row, _coefficients.AsSpan(k * d, d)) + _intercepts[k];
        }
    }

    /// <summary>Writes the classes, the feature count, the weights and the intercepts.</summary>
    protected void WriteParameters(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteClasses(writer);
        writer.WriteJson("feature_count", FeatureCount);
        writer.Write("coefficients", _coefficients, [CoefficientRows, FeatureCount]);
        writer.Write("intercepts", _intercepts);
    }

    /// <summary>Reads what <see cref="WriteParameters"/> wrote, checking the sizes.</summary>
    protected static (string[] Classes, int FeatureCount, double[] Coefficients, double[] Intercepts) ReadParameters(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string[] classes = ReadClasses(reader);
        int d = reader.ReadJson<int>("feature_count");
        if (d < 0)
        {
            throw reader.Corrupt("feature_count", $"{d} is negative");
        }
        int rows = classes.Length == 2 ? 1 : classes.Length;
        return (classes, d, reader.ReadDoubles("coefficients", rows * d), reader.ReadDoubles("intercepts", rows));
    }

    /// <summary>The logistic sigmoid of the decision value (one coefficient row) or the softmax of the decision values.</summary>
    protected void SigmoidOrSoftmax(FeatureRow row, Span<double> probabilities)
    {
        if (CoefficientRows == 1)
        {
            Span<double> score = stackalloc double[1];
            DecisionFunction(row, score);
            double p = LogisticLoss.Sigmoid(score[0]);
            probabilities[0] = 1 - p;
            probabilities[1] = p;
            return;
        }
        Span<double> scores = probabilities[..CoefficientRows];
        DecisionFunction(row, scores);
        Softmax(scores);
    }

    /// <summary>Softmax of <paramref name="scores"/> in place (probabilities that sum to 1).</summary>
    internal static void Softmax(Span<double> scores)
    {
        double max = double.NegativeInfinity;
        foreach (double s in scores)
        {
            max = Math.Max(max, s);
        }
        double sum = 0;
        for (int k = 0; k < scores.Length; k++)
        {
            scores[k] = Math.Exp(scores[k] - max);
            sum += scores[k];
        }
        for (int k = 0; k < scores.Length; k++)
        {
            scores[k] /= sum;
        }
    }
}
