namespace Taxon.Classification.Metrics;

/// <summary>
/// Scores of predicted class labels against true ones, with scikit-learn 1.2's definitions (scikit-learn:
/// <c>sklearn.metrics</c>). Labels are arbitrary integers or strings; unless given, the classes are the sorted union
/// of the true and predicted labels (<c>unique_labels</c>; strings in <see cref="Models.LabelOrder"/>'s order).
/// Where a ratio divides by zero the score is <c>zeroDivision</c>, 0 or 1 (scikit-learn: <c>zero_division</c>, whose
/// default "warn" scores 0).
/// </summary>
public static partial class ClassificationMetrics
{
    /// <summary>The fraction of samples whose prediction equals the truth (scikit-learn: <c>accuracy_score</c>); 0 for no samples.</summary>
    public static double Accuracy(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred)
    {
        CheckLengths(yTrue, yPred);
        if (yTrue.Length == 0)
        {
            return 0;
        }
        int correct = 0;
        for (int i = 0; i < yTrue.Length; i++)
        {
            correct += yTrue[i] == yPred[i] ? 1 : 0;
        }
        return (double)correct / yTrue.Length;
    }

    /// <summary>The sorted distinct labels of both arrays (scikit-learn: <c>unique_labels</c>).</summary>
    public static int[] UniqueLabels(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred)
    {
        var set = new SortedSet<int>();
        foreach (int y in yTrue)
        {
            set.Add(y);
        }
        foreach (int y in yPred)
        {
            set.Add(y);
        }
        return [.. set];
    }

    /// <summary>
    /// Counts [i, j] of samples with true label <c>labels[i]</c> predicted as <c>labels[j]</c>; samples whose true or
    /// predicted label is not in <paramref name="labels"/> are not counted (scikit-learn: <c>confusion_matrix</c>).
    /// </summary>
    public static int[,] ConfusionMatrix(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int[]? labels = null)
    {
        CheckLengths(yTrue, yPred);
        labels ??= UniqueLabels(yTrue, yPred);
        var index = IndexOf(labels);
        var matrix = new int[labels.Length, labels.Length];
        for (int i = 0; i < yTrue.Length; i++)
        {
            if (index.TryGetValue(yTrue[i], out int t) && index.TryGetValue(yPred[i], out int p))
            {
                matrix[t, p]++;
            }
        }
        return matrix;
    }

    /// <summary>F1 averaged over the classes (scikit-learn: <c>f1_score(y_true, y_pred, average=...)</c>), macro by default.</summary>
    public static double F1(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, Averaging average = Averaging.Macro, int[]? labels = null, double zeroDivision = 0) =>
        Report(yTrue, yPred, labels, zeroDivision).AverageF1(average);

    /// <summary>Precision averaged over the classes (scikit-learn: <c>precision_score</c>), macro by default.</summary>
    public static double Precision(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, Averaging average = Averaging.Macro, int[]? labels = null, double zeroDivision = 0) =>
        Report(yTrue, yPred, labels, zeroDivision).AveragePrecision(average);

    /// <summary>Recall averaged over the classes (scikit-learn: <c>recall_score</c>), macro by default.</summary>
    public static double Recall(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, Averaging average = Averaging.Macro, int[]? labels = null, double zeroDivision = 0) =>
        Report(yTrue, yPred, labels, zeroDivision).AverageRecall(average);

    /// <summary>
    /// Every score at once (scikit-learn: <c>precision_recall_fscore_support</c> with <c>average=None</c>, plus the
    /// averages, accuracy and confusion matrix). Per-class counts include samples whose other label is outside
    /// <paramref name="labels"/>, as scikit-learn's do; <see cref="ClassificationReport.Accuracy"/> covers all samples.
    /// </summary>
    public static ClassificationReport Report(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int[]? labels = null, double zeroDivision = 0) =>
        Report(yTrue, yPred, labels, null, zeroDivision);

    internal static ClassificationReport Report(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int[]? labels, string[]? names, double zeroDivision)
    {
        CheckLengths(yTrue, yPred);
        CountScores.CheckZeroDivision(zeroDivision);
        int[] present = UniqueLabels(yTrue, yPred);
        bool microIsAccuracy = labels is null || SameSet(labels, present);
        labels = labels is null ? present : (int[])labels.Clone();
        var index = IndexOf(labels);
        int k = labels.Length;
        var tp = new long[k];
        var predicted = new long[k];
        var actual = new long[k];
        for (int i = 0; i < yTrue.Length; i++)
        {
            bool hasTrue = index.TryGetValue(yTrue[i], out int t);
            bool hasPred = index.TryGetValue(yPred[i], out int p);
            if (hasTrue)
            {
                actual[t]++;
            }
            if (hasPred)
            {
                predicted[p]++;
            }
            if (hasTrue && yTrue[i] == yPred[i])
            {
                tp[t]++;
            }
        }
        double accuracy = Accuracy(yTrue, yPred);
        return new ClassificationReport(labels, names ?? ClassificationReport.NamesOf(labels), tp, predicted, actual,
            accuracy, ConfusionMatrix(yTrue, yPred, labels), zeroDivision, microIsAccuracy, noneCorrect: yTrue.Length > 0 && accuracy == 0);
    }

    private static bool SameSet(int[] labels, int[] present)
    {
        var set = new HashSet<int>(labels);
        return set.SetEquals(present);
    }

    private static Dictionary<int, int> IndexOf(int[] labels)
    {
        var index = new Dictionary<int, int>(labels.Length);
        for (int i = 0; i < labels.Length; i++)
        {
            if (!index.TryAdd(labels[i], i))
            {
                throw new ArgumentException($"Metrics: label {labels[i]} appears twice in the labels list.", nameof(labels));
            }
        }
        return index;
    }

    private static void CheckLengths(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred) => CheckLengths(yTrue.Length, yPred.Length);

    private static void CheckLengths(int trueCount, int predCount)
    {
        if (trueCount != predCount)
        {
            throw new ArgumentException($"Metrics: {trueCount} true labels but {predCount} predictions; they must pair up.");
        }
    }
}
