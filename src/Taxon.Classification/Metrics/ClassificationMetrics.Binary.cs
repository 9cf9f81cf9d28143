namespace Taxon.Classification.Metrics;

public static partial class ClassificationMetrics
{
    /// <summary>
    /// The mean over classes of each class's recall (scikit-learn: <c>balanced_accuracy_score</c>); classes that only
    /// the predictions use are left out. <paramref name="adjusted"/> rescales it so chance scores 0 and perfect 1.
    /// </summary>
    public static double BalancedAccuracy(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, bool adjusted = false)
    {
        CheckLengths(yTrue, yPred);
        int[] labels = UniqueLabels(yTrue, yPred);
        int[,] matrix = ConfusionMatrix(yTrue, yPred, labels);
        var recalls = new double[labels.Length];
        int classes = 0;
        for (int c = 0; c < labels.Length; c++)
        {
            long row = 0;
            for (int j = 0; j < labels.Length; j++)
            {
                row += matrix[c, j];
            }
            if (row > 0)
            {
                recalls[classes++] = (double)matrix[c, c] / row;
            }
        }
        if (classes == 0)
        {
            throw new ArgumentException("Metrics: balanced accuracy needs at least one sample.");
        }
        double score = CountScores.Mean(recalls.AsSpan(0, classes));
        if (adjusted)
        {
            double chance = 1.0 / classes;
            score = (score - chance) / (1 - chance);
        }
        return score;
    }

    /// <summary>
    /// The precision of the class <paramref name="positive"/> in binary data (scikit-learn:
    /// <c>precision_score(average='binary', pos_label=positive)</c>). More than two distinct labels is an error, as is a
    /// <paramref name="positive"/> missing from data that has two.
    /// </summary>
    public static double BinaryPrecision(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int positive = 1, double zeroDivision = 0) =>
        BinaryReport(yTrue, yPred, positive, zeroDivision).Precision[0];

    /// <summary>The recall of the class <paramref name="positive"/> in binary data (scikit-learn: <c>recall_score(average='binary')</c>).</summary>
    public static double BinaryRecall(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int positive = 1, double zeroDivision = 0) =>
        BinaryReport(yTrue, yPred, positive, zeroDivision).Recall[0];

    /// <summary>The F1 of the class <paramref name="positive"/> in binary data (scikit-learn: <c>f1_score(average='binary')</c>).</summary>
    public static double BinaryF1(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int positive = 1, double zeroDivision = 0) =>
        BinaryReport(yTrue, yPred, positive, zeroDivision).F1[0];

    private static ClassificationReport BinaryReport(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int positive, double zeroDivision)
    {
        CheckLengths(yTrue, yPred);
        int[] present = UniqueLabels(yTrue, yPred);
        if (present.Length > 2)
        {
            throw new ArgumentException(
                $"Metrics: binary scores need at most two classes, but the labels have {present.Length}; use Macro, Micro or Weighted averaging.");
        }
        if (present.Length == 2 && Array.IndexOf(present, positive) < 0)
        {
            throw new ArgumentException($"Metrics: the positive label {positive} is not one of the labels {present[0]} and {present[1]}.", nameof(positive));
        }
        return Report(yTrue, yPred, [positive], zeroDivision);
    }
}
