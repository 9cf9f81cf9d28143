using Taxon.Classification.Models;

namespace Taxon.Classification.Metrics;

// String-label overloads: the labels are encoded as indices into one shared, sorted list of every label seen (true,
// predicted or given), so that labels outside a given list still compare equal for the accuracy.
public static partial class ClassificationMetrics
{
    /// <summary>The fraction of samples whose predicted label equals the true one (scikit-learn: <c>accuracy_score</c>).</summary>
    public static double Accuracy(IReadOnlyList<string> yTrue, IReadOnlyList<string> yPred)
    {
        var (t, p, _, _) = Encode(yTrue, yPred, null);
        return Accuracy(t, p);
    }

    /// <summary>The mean of the per-class recalls (scikit-learn: <c>balanced_accuracy_score</c>).</summary>
    public static double BalancedAccuracy(IReadOnlyList<string> yTrue, IReadOnlyList<string> yPred, bool adjusted = false)
    {
        var (t, p, _, _) = Encode(yTrue, yPred, null);
        return BalancedAccuracy(t, p, adjusted);
    }

    /// <summary>
    /// Counts [i, j] of samples with true label <c>labels[i]</c> predicted as <c>labels[j]</c> (scikit-learn:
    /// <c>confusion_matrix</c>); by default the labels are every label seen, in <see cref="LabelOrder"/>'s order.
    /// </summary>
    public static int[,] ConfusionMatrix(IReadOnlyList<string> yTrue, IReadOnlyList<string> yPred, IReadOnlyList<string>? labels = null)
    {
        var (t, p, selected, _) = Encode(yTrue, yPred, labels);
        return ConfusionMatrix(t, p, selected);
    }

    /// <summary>F1 averaged over the classes (scikit-learn: <c>f1_score</c>), macro by default.</summary>
    public static double F1(IReadOnlyList<string> yTrue, IReadOnlyList<string> yPred, Averaging average = Averaging.Macro,
        IReadOnlyList<string>? labels = null, double zeroDivision = 0) => Report(yTrue, yPred, labels, zeroDivision).AverageF1(average);

    /// <summary>Precision averaged over the classes (scikit-learn: <c>precision_score</c>), macro by default.</summary>
    public static double Precision(IReadOnlyList<string> yTrue, IReadOnlyList<string> yPred, Averaging average = Averaging.Macro,
        IReadOnlyList<string>? labels = null, double zeroDivision = 0) => Report(yTrue, yPred, labels, zeroDivision).AveragePrecision(average);

    /// <summary>Recall averaged over the classes (scikit-learn: <c>recall_score</c>), macro by default.</summary>
    public static double Recall(IReadOnlyList<string> yTrue, IReadOnlyList<string> yPred, Averaging average = Averaging.Macro,
        IReadOnlyList<string>? labels = null, double zeroDivision = 0) => Report(yTrue, yPred, labels, zeroDivision).AverageRecall(average);

    /// <summary>The precision of the class <paramref name="positive"/> in binary data (scikit-learn: <c>precision_score(average='binary', pos_label=...)</c>).</summary>
    public static double BinaryPrecision(IReadOnlyList<string> yTrue, IReadOnlyList<string> yPred, string positive, double zeroDivision = 0)
    {
        var (t, p, pos) = EncodeBinary(yTrue, yPred, positive);
        return BinaryPrecision(t, p, pos, zeroDivision);
    }

    /// <summary>The recall of the class <paramref name="positive"/> in binary data (scikit-learn: <c>recall_score(average='binary', pos_label=...)</c>).</summary>
    public static double BinaryRecall(IReadOnlyList<string> yTrue, IReadOnlyList<string> yPred, string positive, double zeroDivision = 0)
    {
        var (t, p, pos) = EncodeBinary(yTrue, yPred, positive);
        return BinaryRecall(t, p, pos, zeroDivision);
    }

    /// <summary>The F1 of the class <paramref name="positive"/> in binary data (scikit-learn: <c>f1_score(average='binary', pos_label=...)</c>).</summary>
    public static double BinaryF1(IReadOnlyList<string> yTrue, IReadOnlyList<string> yPred, string positive, double zeroDivision = 0)
    {
        var (t, p, pos) = EncodeBinary(yTrue, yPred, positive);
        return BinaryF1(t, p, pos, zeroDivision);
    }

    /// <summary>
    /// Every score at once, per class keyed by label (<see cref="ClassificationReport.Names"/>); by default the classes are
    /// every label seen, in <see cref="LabelOrder"/>'s order (scikit-learn: <c>classification_report</c>,
    /// <c>precision_recall_fscore_support</c>).
    /// </summary>
    public static ClassificationReport Report(IReadOnlyList<string> yTrue, IReadOnlyList<string> yPred, IReadOnlyList<string>? labels = null, double zeroDivision = 0)
    {
        var (t, p, selected, all) = Encode(yTrue, yPred, labels);
        var names = new string[selected.Length];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = all[selected[i]];
        }
        return Report(t, p, selected, names, zeroDivision);
    }

    private static (int[] True, int[] Pred, int[] Selected, string[] All) Encode(IReadOnlyList<string> yTrue, IReadOnlyList<string> yPred, IReadOnlyList<string>? labels)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        CheckLengths(yTrue.Count, yPred.Count);
        var seen = new List<string>(yTrue.Count + yPred.Count + (labels?.Count ?? 0));
        seen.AddRange(yTrue);
        seen.AddRange(yPred);
        if (labels is not null)
        {
            seen.AddRange(labels);
        }
        string[] all = LabelOrder.Distinct(seen);
        var index = new Dictionary<string, int>(all.Length, StringComparer.Ordinal);
        for (int i = 0; i < all.Length; i++)
        {
            index[all[i]] = i;
        }
        var t = new int[yTrue.Count];
        var p = new int[yPred.Count];
        for (int i = 0; i < t.Length; i++)
        {
            t[i] = index[yTrue[i] ?? throw new ArgumentException($"Metrics: true label {i} is null.", nameof(yTrue))];
            p[i] = index[yPred[i] ?? throw new ArgumentException($"Metrics: predicted label {i} is null.", nameof(yPred))];
        }
        int[] selected;
        if (labels is null)
        {
            selected = new int[all.Length];
            for (int i = 0; i < selected.Length; i++)
            {
                selected[i] = i;
            }
        }
        else
        {
            selected = new int[labels.Count];
            for (int i = 0; i < selected.Length; i++)
            {
                selected[i] = index[labels[i] ?? throw new ArgumentException($"Metrics: label {i} of the labels list is null.", nameof(labels))];
                if (Array.IndexOf(selected, selected[i], 0, i) >= 0)
                {
                    throw new ArgumentException($"Metrics: label '{labels[i]}' appears twice in the labels list.", nameof(labels));
                }
            }
        }
        return (t, p, selected, all);
    }

    private static (int[] True, int[] Pred, int Positive) EncodeBinary(IReadOnlyList<string> yTrue, IReadOnlyList<string> yPred, string positive)
    {
        ArgumentNullException.ThrowIfNull(positive);
        var (t, p, _, all) = Encode(yTrue, yPred, null);
        int pos = Array.IndexOf(all, positive);
        if (pos < 0 && all.Length == 2)
        {
            throw new ArgumentException($"Metrics: the positive label '{positive}' is not one of the labels '{all[0]}' and '{all[1]}'.", nameof(positive));
        }
        // A positive label absent from data with one class scores as a class nobody has (as scikit-learn does).
        return (t, p, pos < 0 ? all.Length : pos);
    }
}
