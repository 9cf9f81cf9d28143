namespace Taxon.Classification.Metrics;

// Scores of predicted probabilities or decision values rather than predicted labels.
public static partial class ClassificationMetrics
{
    /// <summary>The probability clip of <see cref="LogLoss(ReadOnlySpan{int}, double[,], int[])"/>: the machine epsilon of double (NumPy: <c>np.finfo(np.float64).eps</c>), as scikit-learn 1.2's <c>eps='auto'</c>.</summary>
    public const double LogLossEpsilon = 2.220446049250313e-16;

    /// <summary>
    /// The area under the ROC curve of binary scores (scikit-learn: <c>roc_auc_score</c>): the larger of the two
    /// labels is the positive class, higher scores mean more positive, tied scores count half.
    /// </summary>
    public static double RocAuc(ReadOnlySpan<int> yTrue, ReadOnlySpan<double> scores)
    {
        int[] classes = Distinct(yTrue);
        if (classes.Length > 2)
        {
            throw new ArgumentException($"Metrics: binary ROC AUC needs two classes, but the true labels have {classes.Length}; pass a probability matrix for one-vs-rest.");
        }
        return BinaryRanking.RocAuc(Positives(yTrue, classes[^1]), scores, "the data");
    }

    /// <summary>The area under the ROC curve of scores for the class <paramref name="positive"/> (scikit-learn: <c>roc_auc_score</c> on <c>y_true == positive</c>).</summary>
    public static double RocAuc(IReadOnlyList<string> yTrue, ReadOnlySpan<double> scores, string positive) =>
        BinaryRanking.RocAuc(Positives(yTrue, positive), scores, "the data");

    /// <summary>
    /// One-vs-rest ROC AUC of a [samples, classes] probability matrix (scikit-learn: <c>roc_auc_score(y_true, proba,
    /// multi_class='ovr', average=...)</c>): each class's column scored against "is this class", then averaged macro
    /// (default), weighted by class support, or micro over every cell. The columns follow <paramref name="labels"/>
    /// (sorted, unique), by default the sorted distinct true labels; rows must sum to 1.
    /// </summary>
    public static double RocAuc(ReadOnlySpan<int> yTrue, double[,] probabilities, Averaging average = Averaging.Macro, int[]? labels = null)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        int[] classes = ProbabilityColumns(yTrue, probabilities, labels, "ROC AUC");
        CheckRowsSumToOne(probabilities);
        if (average == Averaging.Samples)
        {
            throw new ArgumentException("Metrics: one-vs-rest ROC AUC averages Macro, Weighted or Micro, not Samples.", nameof(average));
        }
        return BinaryRanking.AverageColumns(OneHot(yTrue, classes), probabilities, average, static (t, s, what) => BinaryRanking.RocAuc(t, s, what));
    }

    /// <summary>
    /// One-vs-rest ROC AUC for string labels; the probability columns follow <paramref name="classes"/> (e.g. a model's
    /// <see cref="Models.ClassifierModel.Classes"/>).
    /// </summary>
    public static double RocAuc(IReadOnlyList<string> yTrue, double[,] probabilities, IReadOnlyList<string> classes, Averaging average = Averaging.Macro)
    {
        int[] t = EncodeAgainst(yTrue, classes);
        return RocAuc(t, probabilities, average, Range(classes.Count));
    }

    /// <summary>
    /// Average precision of binary scores: the precision at each threshold weighted by the recall gained there, not
    /// interpolated (scikit-learn: <c>average_precision_score(y_true, scores, pos_label=positive)</c>). 0 when no
    /// sample is positive.
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<int> yTrue, ReadOnlySpan<double> scores, int positive = 1)
    {
        int[] classes = Distinct(yTrue);
        if (classes.Length > 2)
        {
            throw new ArgumentException($"Metrics: average precision needs binary labels, but the true labels have {classes.Length} classes.");
        }
        if (classes.Length == 2 && Array.IndexOf(classes, positive) < 0)
        {
            throw new ArgumentException($"Metrics: the positive label {positive} is not one of the labels {classes[0]} and {classes[1]}.", nameof(positive));
        }
        return BinaryRanking.AveragePrecision(Positives(yTrue, positive), scores);
    }

    /// <summary>Average precision of scores for the class <paramref name="positive"/> (scikit-learn: <c>average_precision_score</c>).</summary>
    public static double AveragePrecision(IReadOnlyList<string> yTrue, ReadOnlySpan<double> scores, string positive) =>
        BinaryRanking.AveragePrecision(Positives(yTrue, positive), scores);

    /// <summary>
    /// The mean negative log-likelihood of the true classes (scikit-learn 1.2: <c>log_loss(y_true, proba, labels=labels)</c>):
    /// probabilities are clipped to [<see cref="LogLossEpsilon"/>, 1 - <see cref="LogLossEpsilon"/>] and each row is then
    /// divided by its sum. The columns follow the sorted distinct <paramref name="labels"/>, by default of the true labels;
    /// there must be at least two classes.
    /// </summary>
    public static double LogLoss(ReadOnlySpan<int> yTrue, double[,] probabilities, int[]? labels = null)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        int[] classes = LogLossClasses(yTrue, labels);
        if (probabilities.GetLength(1) != classes.Length)
        {
            throw new ArgumentException($"Metrics: the probabilities have {probabilities.GetLength(1)} columns but there are {classes.Length} classes.", nameof(probabilities));
        }
        return LogLossOf(IndicesIn(yTrue, classes), probabilities);
    }

    /// <summary>The log loss of binary probabilities of the larger of two classes (scikit-learn: <c>log_loss</c> with a 1-D <c>y_pred</c>).</summary>
    public static double LogLoss(ReadOnlySpan<int> yTrue, ReadOnlySpan<double> positiveProbabilities, int[]? labels = null)
    {
        int[] classes = LogLossClasses(yTrue, labels);
        if (classes.Length != 2)
        {
            throw new ArgumentException($"Metrics: a single probability per sample needs two classes, but there are {classes.Length}.", nameof(positiveProbabilities));
        }
        if (positiveProbabilities.Length != yTrue.Length)
        {
            throw new ArgumentException($"Metrics: {yTrue.Length} true labels but {positiveProbabilities.Length} probabilities; they must pair up.");
        }
        var matrix = new double[yTrue.Length, 2];
        for (int i = 0; i < yTrue.Length; i++)
        {
            // scikit-learn clips before it forms 1 - p.
            double p = Clip(positiveProbabilities[i]);
            matrix[i, 0] = 1 - p;
            matrix[i, 1] = p;
        }
        return LogLossOf(IndicesIn(yTrue, classes), matrix);
    }

    /// <summary>The log loss of string labels; the probability columns follow <paramref name="classes"/> (e.g. a model's classes).</summary>
    public static double LogLoss(IReadOnlyList<string> yTrue, double[,] probabilities, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        int[] t = EncodeAgainst(yTrue, classes);
        if (classes.Count < 2 || probabilities.GetLength(1) != classes.Count)
        {
            throw new ArgumentException($"Metrics: log loss needs at least two classes and a probability column for each; got {classes.Count} classes and {probabilities.GetLength(1)} columns.");
        }
        return LogLossOf(t, probabilities);
    }

    /// <summary>
    /// The mean squared difference between the probability of the positive class and the truth (1 for
    /// <paramref name="positive"/>, else 0; scikit-learn: <c>brier_score_loss(y_true, prob, pos_label=positive)</c>). By
    /// default the positive class is 1 when the labels are among {0, 1} or {-1, 1}, otherwise the larger label.
    /// </summary>
    public static double BrierScore(ReadOnlySpan<int> yTrue, ReadOnlySpan<double> probabilities, int? positive = null)
    {
        int[] classes = Distinct(yTrue);
        if (classes.Length > 2)
        {
            throw new ArgumentException($"Metrics: the Brier score needs binary labels, but the true labels have {classes.Length} classes.");
        }
        bool zeroOne = Array.TrueForAll(classes, c => c is 0 or 1), signs = Array.TrueForAll(classes, c => c is -1 or 1);
        int pos = positive ?? (zeroOne || signs ? 1 : classes[^1]);
        return BrierOf(Positives(yTrue, pos), probabilities);
    }

    /// <summary>The Brier score of probabilities of the class <paramref name="positive"/> (scikit-learn: <c>brier_score_loss</c>).</summary>
    public static double BrierScore(IReadOnlyList<string> yTrue, ReadOnlySpan<double> probabilities, string positive) =>
        BrierOf(Positives(yTrue, positive), probabilities);

    private static double BrierOf(bool[] truth, ReadOnlySpan<double> probabilities)
    {
        if (truth.Length != probabilities.Length)
        {
            throw new ArgumentException($"Metrics: {truth.Length} true labels but {probabilities.Length} probabilities; they must pair up.");
        }
        if (truth.Length == 0)
        {
            throw new ArgumentException("Metrics: the Brier score needs at least one sample.");
        }
        var squares = new double[truth.Length];
        for (int i = 0; i < truth.Length; i++)
        {
            double p = probabilities[i];
            if (!(p >= 0 && p <= 1))
            {
                throw new ArgumentException($"Metrics: probability {i} is {p}; probabilities must lie in [0, 1].", nameof(probabilities));
            }
            double d = (truth[i] ? 1 : 0) - p;
            squares[i] = d * d;
        }
        return CountScores.Mean(squares);
    }

    private static double LogLossOf(int[] yTrue, double[,] probabilities)
    {
        int rows = probabilities.GetLength(0), columns = probabilities.GetLength(1);
        if (rows != yTrue.Length)
        {
            throw new ArgumentException($"Metrics: {yTrue.Length} true labels but {rows} probability rows; they must pair up.");
        }
        if (rows == 0)
        {
            throw new ArgumentException("Metrics: log loss needs at least one sample.");
        }
        var losses = new double[rows];
        var row = new double[columns];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                double p = probabilities[i, j];
                if (double.IsNaN(p))
                {
                    throw new ArgumentException($"Metrics: probability [{i}, {j}] is NaN.", nameof(probabilities));
                }
                row[j] = Clip(p);
            }
            losses[i] = -Math.Log(Clip(probabilities[i, yTrue[i]]) / CountScores.Sum(row));
        }
        return CountScores.Mean(losses);
    }

    private static double Clip(double p) => Math.Min(Math.Max(p, LogLossEpsilon), 1 - LogLossEpsilon);

    private static int[] LogLossClasses(ReadOnlySpan<int> yTrue, int[]? labels)
    {
        int[] classes = labels is null ? Distinct(yTrue) : Distinct(labels);
        if (classes.Length < 2)
        {
            throw new ArgumentException(labels is null
                ? $"Metrics: the true labels have only one class ({(classes.Length == 0 ? "none" : classes[0])}); give the labels explicitly for log loss."
                : "Metrics: log loss needs at least two labels.", nameof(labels));
        }
        return classes;
    }

    private static int[] ProbabilityColumns(ReadOnlySpan<int> yTrue, double[,] probabilities, int[]? labels, string metric)
    {
        if (probabilities.GetLength(0) != yTrue.Length)
        {
            throw new ArgumentException($"Metrics: {yTrue.Length} true labels but {probabilities.GetLength(0)} probability rows; they must pair up.");
        }
        int[] classes;
        if (labels is not null)
        {
            classes = Distinct(labels);
            if (classes.Length != labels.Length || !classes.AsSpan().SequenceEqual(labels))
            {
                throw new ArgumentException($"Metrics: the labels for {metric} must be unique and sorted ascending.", nameof(labels));
            }
            IndicesIn(yTrue, classes);
        }
        else
        {
            classes = Distinct(yTrue);
        }
        if (classes.Length != probabilities.GetLength(1))
        {
            throw new ArgumentException($"Metrics: {classes.Length} classes but {probabilities.GetLength(1)} probability columns; give the labels of the columns.", nameof(probabilities));
        }
        return classes;
    }

    private static void CheckRowsSumToOne(double[,] probabilities)
    {
        for (int i = 0; i < probabilities.GetLength(0); i++)
        {
            double sum = 0;
            for (int j = 0; j < probabilities.GetLength(1); j++)
            {
                sum += probabilities[i, j];
            }
            // NumPy's allclose(1, sum): |1 - sum| <= 1e-8 + 1e-5 * |sum|.
            if (!(Math.Abs(1 - sum) <= 1e-8 + 1e-5 * Math.Abs(sum)))
            {
                throw new ArgumentException($"Metrics: probability row {i} sums to {sum}, not 1; one-vs-rest ROC AUC needs probabilities.", nameof(probabilities));
            }
        }
    }

    private static bool[] OneHot(ReadOnlySpan<int> yTrue, int[] classes)
    {
        int[] indices = IndicesIn(yTrue, classes);
        var truth = new bool[yTrue.Length * classes.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            truth[i * classes.Length + indices[i]] = true;
        }
        return truth;
    }

    private static int[] IndicesIn(ReadOnlySpan<int> yTrue, int[] sortedClasses)
    {
        var indices = new int[yTrue.Length];
        for (int i = 0; i < yTrue.Length; i++)
        {
            indices[i] = Array.BinarySearch(sortedClasses, yTrue[i]);
            if (indices[i] < 0)
            {
                throw new ArgumentException($"Metrics: true label {yTrue[i]} (sample {i}) is not among the labels of the probability columns.", nameof(yTrue));
            }
        }
        return indices;
    }

    private static int[] EncodeAgainst(IReadOnlyList<string> yTrue, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(classes);
        var index = new Dictionary<string, int>(classes.Count, StringComparer.Ordinal);
        for (int j = 0; j < classes.Count; j++)
        {
            if (!index.TryAdd(classes[j], j))
            {
                throw new ArgumentException($"Metrics: class '{classes[j]}' appears twice in the classes.", nameof(classes));
            }
        }
        var t = new int[yTrue.Count];
        for (int i = 0; i < t.Length; i++)
        {
            if (!index.TryGetValue(yTrue[i], out t[i]))
            {
                throw new ArgumentException($"Metrics: true label '{yTrue[i]}' (sample {i}) is not one of the {classes.Count} classes of the probability columns.", nameof(yTrue));
            }
        }
        return t;
    }

    private static int[] Distinct(ReadOnlySpan<int> values)
    {
        var set = new SortedSet<int>();
        foreach (int v in values)
        {
            set.Add(v);
        }
        return [.. set];
    }

    private static int[] Range(int count)
    {
        var range = new int[count];
        for (int i = 0; i < count; i++)
        {
            range[i] = i;
        }
        return range;
    }

    private static bool[] Positives(ReadOnlySpan<int> yTrue, int positive)
    {
        var truth = new bool[yTrue.Length];
        for (int i = 0; i < truth.Length; i++)
        {
            truth[i] = yTrue[i] == positive;
        }
        return truth;
    }

    private static bool[] Positives(IReadOnlyList<string> yTrue, string positive)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(positive);
        var truth = new bool[yTrue.Count];
        for (int i = 0; i < truth.Length; i++)
        {
            truth[i] = string.Equals(yTrue[i], positive, StringComparison.Ordinal);
        }
        return truth;
    }
}
