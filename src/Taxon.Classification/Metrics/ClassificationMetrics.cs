namespace Taxon.Classification.Metrics;

/// <summary>
/// Scores of predicted class labels against true ones, with scikit-learn's definitions and <c>zero_division=0</c>
/// (scikit-learn: <c>sklearn.metrics</c>). Labels are arbitrary integers; unless given, the classes are the sorted
/// union of the true and predicted labels (<c>unique_labels</c>).
/// </summary>
public static class ClassificationMetrics
{
    /// <summary>The fraction of samples whose prediction equals the truth (scikit-learn: <c>accuracy_score</c>).</summary>
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
    public static double F1(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, Averaging average = Averaging.Macro, int[]? labels = null) =>
        Report(yTrue, yPred, labels).AverageF1(average);

    /// <summary>Precision averaged over the classes (scikit-learn: <c>precision_score</c>), macro by default.</summary>
    public static double Precision(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, Averaging average = Averaging.Macro, int[]? labels = null) =>
        Report(yTrue, yPred, labels).AveragePrecision(average);

    /// <summary>Recall averaged over the classes (scikit-learn: <c>recall_score</c>), macro by default.</summary>
    public static double Recall(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, Averaging average = Averaging.Macro, int[]? labels = null) =>
        Report(yTrue, yPred, labels).AverageRecall(average);

    /// <summary>
    /// Every score at once (scikit-learn: <c>precision_recall_fscore_support</c> with <c>average=None</c>, plus the
    /// averages, accuracy and confusion matrix). Per-class counts include samples whose other label is outside
    /// <paramref name="labels"/>, as scikit-learn's do; <see cref="ClassificationReport.Accuracy"/> covers all samples.
    /// </summary>
    public static ClassificationReport Report(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int[]? labels = null)
    {
        CheckLengths(yTrue, yPred);
        labels = labels is null ? UniqueLabels(yTrue, yPred) : (int[])labels.Clone();
        var index = IndexOf(labels);
        int k = labels.Length;
        var tp = new long[k];
        var predicted = new long[k];
        var support = new int[k];
        for (int i = 0; i < yTrue.Length; i++)
        {
            bool hasTrue = index.TryGetValue(yTrue[i], out int t);
            bool hasPred = index.TryGetValue(yPred[i], out int p);
            if (hasTrue)
            {
                support[t]++;
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
        var precision = new double[k];
        var recall = new double[k];
        var f1 = new double[k];
        for (int c = 0; c < k; c++)
        {
            precision[c] = predicted[c] == 0 ? 0 : (double)tp[c] / predicted[c];
            recall[c] = support[c] == 0 ? 0 : (double)tp[c] / support[c];
            f1[c] = ClassificationReport.F1Of(precision[c], recall[c]);
        }
        return new ClassificationReport(labels, precision, recall, f1, support, tp, predicted,
            Accuracy(yTrue, yPred), ConfusionMatrix(yTrue, yPred, labels));
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

    private static void CheckLengths(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred)
    {
        if (yTrue.Length != yPred.Length)
        {
            throw new ArgumentException($"Metrics: {yTrue.Length} true labels but {yPred.Length} predictions; they must pair up.");
        }
    }
}
