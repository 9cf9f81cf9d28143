namespace Taxon.Classification.Metrics;

/// <summary>
/// Per-class precision, recall, F1 and support, with their averages, the accuracy and the confusion matrix
/// (scikit-learn: <c>classification_report</c>, <c>precision_recall_fscore_support</c>, <c>confusion_matrix</c>).
/// A class with no predicted samples has precision 0, one with no true samples recall 0, and F1 is 0 when
/// precision + recall is 0 (scikit-learn's <c>zero_division=0</c>). Create it with
/// <see cref="ClassificationMetrics.Report"/>.
/// </summary>
public sealed class ClassificationReport
{
    internal ClassificationReport(int[] labels, double[] precision, double[] recall, double[] f1, int[] support,
        long[] truePositives, long[] predicted, double accuracy, int[,] confusionMatrix)
    {
        Labels = labels;
        Precision = precision;
        Recall = recall;
        F1 = f1;
        Support = support;
        Accuracy = accuracy;
        ConfusionMatrix = confusionMatrix;
        MacroPrecision = Mean(precision);
        MacroRecall = Mean(recall);
        MacroF1 = Mean(f1);
        WeightedPrecision = Weighted(precision, support);
        WeightedRecall = Weighted(recall, support);
        WeightedF1 = Weighted(f1, support);
        long tp = 0, pred = 0, actual = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            tp += truePositives[i];
            pred += predicted[i];
            actual += support[i];
        }
        MicroPrecision = pred == 0 ? 0 : (double)tp / pred;
        MicroRecall = actual == 0 ? 0 : (double)tp / actual;
        MicroF1 = F1Of(MicroPrecision, MicroRecall);
    }

    /// <summary>The classes the scores are for, in order (scikit-learn: <c>labels</c>, by default the sorted union of true and predicted labels).</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>Per class: true positives / predicted positives.</summary>
    public IReadOnlyList<double> Precision { get; }

    /// <summary>Per class: true positives / actual positives.</summary>
    public IReadOnlyList<double> Recall { get; }

    /// <summary>Per class: the harmonic mean of precision and recall.</summary>
    public IReadOnlyList<double> F1 { get; }

    /// <summary>Per class: the number of samples whose true label it is.</summary>
    public IReadOnlyList<int> Support { get; }

    /// <summary>The fraction of samples predicted correctly (scikit-learn: <c>accuracy_score</c>), over all samples.</summary>
    public double Accuracy { get; }

    /// <summary>Counts [true class, predicted class] in the order of <see cref="Labels"/> (scikit-learn: <c>confusion_matrix</c>).</summary>
    public int[,] ConfusionMatrix { get; }

    /// <summary>The unweighted mean of <see cref="Precision"/> (scikit-learn: <c>precision_score(average='macro')</c>).</summary>
    public double MacroPrecision { get; }

    /// <summary>The unweighted mean of <see cref="Recall"/>.</summary>
    public double MacroRecall { get; }

    /// <summary>The unweighted mean of <see cref="F1"/> (scikit-learn: <c>f1_score(average='macro')</c>).</summary>
    public double MacroF1 { get; }

    /// <summary>Precision from counts summed over the classes.</summary>
    public double MicroPrecision { get; }

    /// <summary>Recall from counts summed over the classes.</summary>
    public double MicroRecall { get; }

    /// <summary>F1 from counts summed over the classes (scikit-learn: <c>f1_score(average='micro')</c>).</summary>
    public double MicroF1 { get; }

    /// <summary>The support-weighted mean of <see cref="Precision"/>.</summary>
    public double WeightedPrecision { get; }

    /// <summary>The support-weighted mean of <see cref="Recall"/>.</summary>
    public double WeightedRecall { get; }

    /// <summary>The support-weighted mean of <see cref="F1"/> (scikit-learn: <c>f1_score(average='weighted')</c>).</summary>
    public double WeightedF1 { get; }

    /// <summary>Precision combined as <paramref name="average"/> says.</summary>
    public double AveragePrecision(Averaging average) => Pick(average, MacroPrecision, MicroPrecision, WeightedPrecision);

    /// <summary>Recall combined as <paramref name="average"/> says.</summary>
    public double AverageRecall(Averaging average) => Pick(average, MacroRecall, MicroRecall, WeightedRecall);

    /// <summary>F1 combined as <paramref name="average"/> says.</summary>
    public double AverageF1(Averaging average) => Pick(average, MacroF1, MicroF1, WeightedF1);

    internal static double F1Of(double precision, double recall) =>
        precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);

    private static double Pick(Averaging average, double macro, double micro, double weighted) => average switch
    {
        Averaging.Macro => macro,
        Averaging.Micro => micro,
        Averaging.Weighted => weighted,
        _ => throw new ArgumentOutOfRangeException(nameof(average), average, "Unknown averaging."),
    };

    private static double Mean(double[] values)
    {
        if (values.Length == 0)
        {
            return 0;
        }
        double sum = 0;
        foreach (double v in values)
        {
            sum += v;
        }
        return sum / values.Length;
    }

    private static double Weighted(double[] values, int[] weights)
    {
        double sum = 0, total = 0;
        for (int i = 0; i < values.Length; i++)
        {
            sum += values[i] * weights[i];
            total += weights[i];
        }
        return total == 0 ? 0 : sum / total;
    }
}
