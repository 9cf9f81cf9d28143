using Taxon.Classification.Models;

namespace Taxon.Classification.Metrics;

/// <summary>
/// Scores of multi-label predictions with scikit-learn 1.2's definitions (scikit-learn: <c>sklearn.metrics</c> on
/// label-indicator matrices). Truth and predictions are row-major [samples, labels] 0/1 indicators as
/// <see cref="LabelIndicator"/> writes them, or label sets with the list of label names; scores per label or sample
/// that divide by zero are <c>zeroDivision</c>, 0 or 1 (scikit-learn: <c>zero_division</c>).
/// </summary>
public static partial class MultiLabelMetrics
{
    /// <summary>The fraction of (sample, label) cells predicted wrongly (scikit-learn: <c>hamming_loss</c>).</summary>
    public static double HammingLoss(ReadOnlySpan<byte> yTrue, ReadOnlySpan<byte> yPred, int labelCount)
    {
        int n = CheckPair(yTrue, yPred, labelCount);
        long wrong = 0;
        for (int i = 0; i < yTrue.Length; i++)
        {
            wrong += yTrue[i] != yPred[i] ? 1 : 0;
        }
        return (double)wrong / ((double)n * labelCount);
    }

    /// <summary>The fraction of samples whose label set is predicted exactly (scikit-learn: <c>accuracy_score</c> on indicators).</summary>
    public static double SubsetAccuracy(ReadOnlySpan<byte> yTrue, ReadOnlySpan<byte> yPred, int labelCount)
    {
        int n = CheckPair(yTrue, yPred, labelCount);
        int exact = 0;
        for (int i = 0; i < n; i++)
        {
            exact += yTrue.Slice(i * labelCount, labelCount).SequenceEqual(yPred.Slice(i * labelCount, labelCount)) ? 1 : 0;
        }
        return (double)exact / n;
    }

    /// <summary>
    /// The Jaccard index |true ∩ predicted| / |true ∪ predicted| (scikit-learn: <c>jaccard_score</c>), per sample and
    /// averaged over samples by default, or per label and averaged macro, micro or weighted.
    /// </summary>
    public static double Jaccard(ReadOnlySpan<byte> yTrue, ReadOnlySpan<byte> yPred, int labelCount, Averaging average = Averaging.Samples, double zeroDivision = 0) =>
        Report(yTrue, yPred, labelCount, zeroDivision).AverageJaccard(average);

    /// <summary>F1 averaged as <paramref name="average"/> says (scikit-learn: <c>f1_score</c>); <see cref="Averaging.Samples"/> is the example-based F1.</summary>
    public static double F1(ReadOnlySpan<byte> yTrue, ReadOnlySpan<byte> yPred, int labelCount, Averaging average = Averaging.Macro, double zeroDivision = 0) =>
        Report(yTrue, yPred, labelCount, zeroDivision).AverageF1(average);

    /// <summary>Precision averaged as <paramref name="average"/> says (scikit-learn: <c>precision_score</c>).</summary>
    public static double Precision(ReadOnlySpan<byte> yTrue, ReadOnlySpan<byte> yPred, int labelCount, Averaging average = Averaging.Macro, double zeroDivision = 0) =>
        Report(yTrue, yPred, labelCount, zeroDivision).AveragePrecision(average);

    /// <summary>Recall averaged as <paramref name="average"/> says (scikit-learn: <c>recall_score</c>).</summary>
    public static double Recall(ReadOnlySpan<byte> yTrue, ReadOnlySpan<byte> yPred, int labelCount, Averaging average = Averaging.Macro, double zeroDivision = 0) =>
        Report(yTrue, yPred, labelCount, zeroDivision).AverageRecall(average);

    /// <summary>Every set-based score at once, with the labels named by <paramref name="names"/> (one per indicator column).</summary>
    public static MultiLabelReport Report(ReadOnlySpan<byte> yTrue, ReadOnlySpan<byte> yPred, IReadOnlyList<string> names, double zeroDivision = 0)
    {
        ArgumentNullException.ThrowIfNull(names);
        return Report(yTrue, yPred, [.. names], zeroDivision);
    }

    /// <summary>Every set-based score of label sets, with the indicator columns in the order of <paramref name="names"/>.</summary>
    public static MultiLabelReport Report(IReadOnlyList<IReadOnlyList<string>> yTrue, IReadOnlyList<IReadOnlyList<string>> yPred, IReadOnlyList<string> names, double zeroDivision = 0)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        if (yTrue.Count != yPred.Count)
        {
            throw new ArgumentException($"Metrics: {yTrue.Count} true label sets but {yPred.Count} predicted ones; they must pair up.");
        }
        return Report(LabelIndicator.Encode(yTrue, names), LabelIndicator.Encode(yPred, names), names, zeroDivision);
    }

    private static MultiLabelReport Report(ReadOnlySpan<byte> yTrue, ReadOnlySpan<byte> yPred, int labelCount, double zeroDivision)
    {
        var names = new string[labelCount];
        for (int j = 0; j < labelCount; j++)
        {
            names[j] = j.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return Report(yTrue, yPred, names, zeroDivision);
    }

    private static MultiLabelReport Report(ReadOnlySpan<byte> yTrue, ReadOnlySpan<byte> yPred, string[] names, double zeroDivision)
    {
        CountScores.CheckZeroDivision(zeroDivision);
        int labels = names.Length;
        int n = CheckPair(yTrue, yPred, labels);
        var tp = new long[labels];
        var predicted = new long[labels];
        var actual = new long[labels];
        var sampleP = new double[n];
        var sampleR = new double[n];
        var sampleF = new double[n];
        var sampleJ = new double[n];
        int exact = 0;
        long wrong = 0;
        for (int i = 0; i < n; i++)
        {
            int rowTp = 0, rowPred = 0, rowTrue = 0;
            for (int j = 0; j < labels; j++)
            {
                byte t = yTrue[i * labels + j], p = yPred[i * labels + j];
                rowTp += t & p;
                rowPred += p;
                rowTrue += t;
                wrong += t ^ p;
            }
            for (int j = 0; j < labels; j++)
            {
                byte t = yTrue[i * labels + j], p = yPred[i * labels + j];
                tp[j] += t & p;
                predicted[j] += p;
                actual[j] += t;
            }
            exact += rowTp == rowPred && rowTp == rowTrue ? 1 : 0;
            sampleP[i] = CountScores.Divide(rowTp, rowPred, zeroDivision);
            sampleR[i] = CountScores.Divide(rowTp, rowTrue, zeroDivision);
            sampleF[i] = CountScores.F1(sampleP[i], sampleR[i]);
            sampleJ[i] = CountScores.Divide(rowTp, rowPred + rowTrue - rowTp, zeroDivision);
        }
        double hamming = (double)wrong / ((double)n * labels);
        return new MultiLabelReport(names, tp, predicted, actual, sampleP, sampleR, sampleF, sampleJ, hamming, (double)exact / n, zeroDivision);
    }

    /// <summary>Checks two indicators pair up and hold only 0s and 1s; returns the number of samples.</summary>
    private static int CheckPair(ReadOnlySpan<byte> yTrue, ReadOnlySpan<byte> yPred, int labelCount)
    {
        int n = CheckIndicator(yTrue, labelCount, "true");
        if (yPred.Length != yTrue.Length)
        {
            throw new ArgumentException($"Metrics: the true indicator has {yTrue.Length} entries but the predicted one {yPred.Length}; they must pair up.");
        }
        CheckIndicator(yPred, labelCount, "predicted");
        return n;
    }

    private static int CheckIndicator(ReadOnlySpan<byte> y, int labelCount, string which)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(labelCount, 1);
        if (y.Length % labelCount != 0 || y.Length == 0)
        {
            throw new ArgumentException($"Metrics: the {which} indicator's {y.Length} entries do not make rows of {labelCount} labels.");
        }
        int bad = y.IndexOfAnyExcept((byte)0, (byte)1);
        if (bad >= 0)
        {
            throw new ArgumentException($"Metrics: the {which} indicator holds {y[bad]} at sample {bad / labelCount}, label {bad % labelCount}; only 0 and 1 are allowed.");
        }
        return y.Length / labelCount;
    }
}
