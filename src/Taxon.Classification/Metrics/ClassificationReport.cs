using System.Globalization;

namespace Taxon.Classification.Metrics;

/// <summary>
/// Per-class precision, recall, F1 and support, with their averages, the accuracy and the confusion matrix
/// (scikit-learn: <c>classification_report</c>, <c>precision_recall_fscore_support</c>, <c>confusion_matrix</c>).
/// A class with no predicted samples has precision <see cref="ZeroDivision"/>, one with no true samples recall
/// <see cref="ZeroDivision"/>, and F1 is 0 when precision + recall is 0 (scikit-learn's <c>zero_division</c>, 0 by
/// default). Create it with <see cref="ClassificationMetrics.Report(ReadOnlySpan{int}, ReadOnlySpan{int}, int[], double)"/>
/// or its string-label overload.
/// </summary>
public sealed class ClassificationReport
{
    private readonly bool _microIsAccuracy;
    private readonly bool _noneCorrect;

    internal ClassificationReport(int[] labels, string[] names, long[] truePositives, long[] predicted, long[] actual,
        double accuracy, int[,] confusionMatrix, double zeroDivision, bool microIsAccuracy, bool noneCorrect)
    {
        int k = labels.Length;
        var precision = new double[k];
        var recall = new double[k];
        var f1 = new double[k];
        CountScores.PerClass(truePositives, predicted, actual, zeroDivision, precision, recall, f1);
        var support = new int[k];
        for (int c = 0; c < k; c++)
        {
            support[c] = checked((int)actual[c]);
        }
        Labels = labels;
        Names = names;
        Precision = precision;
        Recall = recall;
        F1 = f1;
        Support = support;
        Accuracy = accuracy;
        ConfusionMatrix = confusionMatrix;
        ZeroDivision = zeroDivision;
        _microIsAccuracy = microIsAccuracy;
        _noneCorrect = noneCorrect;
        MacroPrecision = CountScores.Mean(precision);
        MacroRecall = CountScores.Mean(recall);
        MacroF1 = CountScores.Mean(f1);
        (WeightedPrecision, WeightedRecall, WeightedF1) = CountScores.Weighted(precision, recall, f1, predicted, actual, zeroDivision);
        (MicroPrecision, MicroRecall, MicroF1) = CountScores.Micro(truePositives, predicted, actual, zeroDivision);
    }

    /// <summary>
    /// The classes the scores are for, in order (scikit-learn: <c>labels</c>, by default the sorted union of true and
    /// predicted labels). For a report over string labels these are the indices 0..k-1 of <see cref="Names"/>.
    /// </summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>The classes as text, in the order of <see cref="Labels"/>: the string labels, or the integers written out (scikit-learn: <c>target_names</c>).</summary>
    public IReadOnlyList<string> Names { get; }

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

    /// <summary>The score given where a ratio divides by zero: 0 or 1 (scikit-learn: <c>zero_division</c>).</summary>
    public double ZeroDivision { get; }

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

    /// <summary>
    /// The report as scikit-learn's <c>classification_report(..., digits=digits)</c> prints it, character for
    /// character: a row per class, then "accuracy" (the micro F1; "micro avg" when given labels leave some out),
    /// "macro avg" and "weighted avg".
    /// </summary>
    public string ToText(int digits = 2)
    {
        var supports = new long[Support.Count];
        for (int i = 0; i < supports.Length; i++)
        {
            supports[i] = Support[i];
        }
        return ReportText.Build(Names, Precision, Recall, F1, supports,
        [
            (_microIsAccuracy ? "accuracy" : "micro avg", MicroPrecision, MicroRecall, MicroF1),
            ("macro avg", MacroPrecision, MacroRecall, MacroF1),
            ("weighted avg", WeightedPrecision, WeightedRecall, WeightedF1),
        ], digits, supportAsFloat: _noneCorrect);
    }

    /// <inheritdoc cref="ToText"/>
    public override string ToString() => ToText();

    internal static string[] NamesOf(int[] labels)
    {
        var names = new string[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            names[i] = labels[i].ToString(CultureInfo.InvariantCulture);
        }
        return names;
    }

    private static double Pick(Averaging average, double macro, double micro, double weighted) => average switch
    {
        Averaging.Macro => macro,
        Averaging.Micro => micro,
        Averaging.Weighted => weighted,
        Averaging.Samples => throw new ArgumentException("Metrics: samples averaging applies to multi-label data only; use Macro, Micro or Weighted.", nameof(average)),
        _ => throw new ArgumentOutOfRangeException(nameof(average), average, "Unknown averaging."),
    };
}
