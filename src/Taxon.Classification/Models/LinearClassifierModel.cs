using System.Numerics;
using Taxon.Classification.Data;
using Taxon.Kernels;

namespace Taxon.Classification.Models;

/// <summary>
/// A fitted linear classifier: decision values <c>w_k·x + b_k</c> (scikit-learn: <c>LinearClassifierMixin</c> with
/// <c>coef_</c> and <c>intercept_</c>). Two classes have one row of weights (the score of <c>Classes[1]</c>), more
/// classes one row per class.
/// </summary>
/// <remarks>
/// The weights are kept feature-major (all classes' weights of a feature side by side): a sparse row then reads one
/// short run of memory per stored feature instead of one cache line per feature and class, which on a wide text
/// vocabulary (20 classes × a million terms) is most of the cost of scoring. Model files keep them row-major.
/// </remarks>
public abstract class LinearClassifierModel : ClassifierModel
{
    // [feature, row]: _weights[j * rows + k] is row k's weight of feature j.
    private readonly double[] _weights;
    private readonly double[] _intercepts;

    /// <summary>
    /// Takes row-major <paramref name="coefficients"/> (<c>intercepts.Length</c> rows of <paramref name="featureCount"/>):
    /// one row for two classes, otherwise one per class. The array is kept, not copied, when there is one row.
    /// </summary>
    protected LinearClassifierModel(IReadOnlyList<string> classes, int featureCount, double[] coefficients, double[] intercepts)
        : this(classes, featureCount, coefficients, intercepts, featureMajor: false)
    {
    }

    /// <summary>
    /// As the public constructor, or with <paramref name="featureMajor"/> taking the weights already [feature, row],
    /// without copying: a solver that builds them so spares a copy of a large model.
    /// </summary>
    private protected LinearClassifierModel(IReadOnlyList<string> classes, int featureCount, double[] coefficients, double[] intercepts, bool featureMajor)
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
        if (!AllFinite(coefficients) || !AllFinite(intercepts))
        {
            throw new ArgumentException($"{GetType().Name}: a coefficient or intercept is not a finite number.");
        }
        _weights = rows == 1 || featureMajor ? coefficients : Transpose(coefficients, rows, featureCount);
        _intercepts = intercepts;
    }

    /// <summary>The number of weight rows: 1 for two classes, otherwise the number of classes.</summary>
    public int CoefficientRows => _intercepts.Length;

    /// <summary>A copy of the weights, [<see cref="CoefficientRows"/>, features] (scikit-learn: <c>coef_</c>).</summary>
    public double[,] Coefficients
    {
        get
        {
            int rows = CoefficientRows;
            var result = new double[rows, FeatureCount];
            for (int j = 0; j < FeatureCount; j++)
            {
                for (int k = 0; k < rows; k++)
                {
                    result[k, j] = _weights[(long)j * rows + k];
                }
            }
            return result;
        }
    }

    /// <summary>A copy of the weights of row <paramref name="row"/> (for two classes, row 0 scores <c>Classes[1]</c>).</summary>
    public double[] CoefficientRow(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, CoefficientRows);
        int rows = CoefficientRows;
        var result = new double[FeatureCount];
        for (int j = 0; j < result.Length; j++)
        {
            result[j] = _weights[(long)j * rows + row];
        }
        return result;
    }

    /// <summary>The intercepts, one per weight row (scikit-learn: <c>intercept_</c>).</summary>
    public IReadOnlyList<double> Intercepts => _intercepts;

    /// <inheritdoc />
    public override int DecisionWidth => CoefficientRows;

    /// <inheritdoc />
    public override void DecisionFunction(FeatureRow row, Span<double> scores)
    {
        CheckInput(row);
        int rows = _intercepts.Length;
        if (rows == 1)
        {
            scores[0] = RowKernels.Dot(row, _weights) + _intercepts[0];
            return;
        }
        // Each class's sum runs over the features in order, as a dot product with its row would.
        Span<double> sums = scores[..rows];
        sums.Clear();
        ReadOnlySpan<float> values = row.Values;
        ReadOnlySpan<int> indices = row.Indices;
        for (int e = 0; e < values.Length; e++)
        {
            int j = row.IsDense ? e : indices[e];
            AddScaled(sums, _weights.AsSpan(j * rows, rows), values[e]);
        }
        for (int k = 0; k < rows; k++)
        {
            sums[k] += _intercepts[k];
        }
    }

    /// <inheritdoc />
    public override int[] PredictIndices(FeatureMatrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        // Scoring is read-only, so large batches split over threads.
        if (x.Rows < 512 || Parallelism.MaxThreads == 1)
        {
            return base.PredictIndices(x);
        }
        CheckInput(x);
        var result = new int[x.Rows];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism.MaxThreads };
        Parallel.For(0, (x.Rows + 255) / 256, options, chunk =>
        {
            int end = Math.Min(x.Rows, (chunk + 1) * 256);
            for (int i = chunk * 256; i < end; i++)
            {
                result[i] = PredictIndex(x.Row(i));
            }
        });
        return result;
    }

    /// <summary>Writes the classes, the feature count, the weights (row-major) and the intercepts.</summary>
    protected void WriteParameters(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteClasses(writer);
        writer.WriteJson("feature_count", FeatureCount);
        int rows = CoefficientRows;
        writer.Write("coefficients", rows == 1 ? _weights : Transpose(_weights, FeatureCount, rows), [rows, FeatureCount]);
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

    /// <summary><c>sums += scale · weights</c>, multiply then add (no fused multiply-add), so each class's sum is the one a dot product over its row gives.</summary>
    private static void AddScaled(Span<double> sums, ReadOnlySpan<double> weights, double scale)
    {
        int k = 0;
        if (Vector.IsHardwareAccelerated && sums.Length >= Vector<double>.Count)
        {
            var s = new Vector<double>(scale);
            for (; k + Vector<double>.Count <= sums.Length; k += Vector<double>.Count)
            {
                var w = new Vector<double>(weights[k..]);
                (new Vector<double>(sums[k..]) + w * s).CopyTo(sums[k..]);
            }
        }
        for (; k < sums.Length; k++)
        {
            sums[k] += scale * weights[k];
        }
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The [columns, rows] transpose of a row-major [rows, columns] array, in cache-sized blocks of columns.</summary>
    private static double[] Transpose(double[] source, int rows, int columns)
    {
        var result = new double[source.Length];
        const int Block = 512;
        for (int j0 = 0; j0 < columns; j0 += Block)
        {
            int j1 = Math.Min(columns, j0 + Block);
            for (int k = 0; k < rows; k++)
            {
                long from = (long)k * columns;
                for (int j = j0; j < j1; j++)
                {
                    result[(long)j * rows + k] = source[from + j];
                }
            }
        }
        return result;
    }
}
