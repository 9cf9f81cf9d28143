namespace Taxon.Classification.Metrics;

/// <summary>
/// Precision, recall and F1 from true-positive, predicted and actual counts, with scikit-learn 1.2's zero-division
/// and averaging rules (<c>_prf_divide</c> and the averaging at the end of <c>precision_recall_fscore_support</c>).
/// </summary>
internal static class CountScores
{
    public static double Divide(double numerator, double denominator, double zeroDivision) =>
        denominator == 0 ? zeroDivision : numerator / denominator;

    // scikit-learn divides by 1 where precision + recall is 0, so F1 is 0 there whatever zero_division says.
    public static double F1(double precision, double recall)
    {
        double denominator = precision + recall;
        return 2 * precision * recall / (denominator == 0 ? 1 : denominator);
    }

    public static void PerClass(ReadOnlySpan<long> tp, ReadOnlySpan<long> predicted, ReadOnlySpan<long> actual, double zeroDivision,
        Span<double> precision, Span<double> recall, Span<double> f1)
    {
        for (int c = 0; c < tp.Length; c++)
        {
            precision[c] = Divide(tp[c], predicted[c], zeroDivision);
            recall[c] = Divide(tp[c], actual[c], zeroDivision);
            f1[c] = F1(precision[c], recall[c]);
        }
    }

    public static (double Precision, double Recall, double F1) Micro(ReadOnlySpan<long> tp, ReadOnlySpan<long> predicted, ReadOnlySpan<long> actual, double zeroDivision)
    {
        long t = 0, p = 0, a = 0;
        for (int c = 0; c < tp.Length; c++)
        {
            t += tp[c];
            p += predicted[c];
            a += actual[c];
        }
        double precision = Divide(t, p, zeroDivision);
        double recall = Divide(t, a, zeroDivision);
        return (precision, recall, F1(precision, recall));
    }

    public static double Mean(ReadOnlySpan<double> values)
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

    /// <summary>The support-weighted means; when no class has support, scikit-learn's fixed answers instead.</summary>
    public static (double Precision, double Recall, double F1) Weighted(ReadOnlySpan<double> precision, ReadOnlySpan<double> recall, ReadOnlySpan<double> f1,
        ReadOnlySpan<long> predicted, ReadOnlySpan<long> actual, double zeroDivision)
    {
        long total = 0, predictedTotal = 0;
        for (int c = 0; c < actual.Length; c++)
        {
            total += actual[c];
            predictedTotal += predicted[c];
        }
        if (total == 0)
        {
            return predictedTotal == 0 ? (zeroDivision, zeroDivision, zeroDivision) : (0, zeroDivision, 0);
        }
        return (WeightedMean(precision, actual), WeightedMean(recall, actual), WeightedMean(f1, actual));
    }

    public static double WeightedMean(ReadOnlySpan<double> values, ReadOnlySpan<long> weights)
    {
        double sum = 0, total = 0;
        for (int c = 0; c < values.Length; c++)
        {
            sum += values[c] * weights[c];
            total += weights[c];
        }
        return sum / total;
    }

    public static void CheckZeroDivision(double zeroDivision)
    {
        if (zeroDivision is not (0 or 1))
        {
            throw new ArgumentException($"Metrics: zeroDivision must be 0 or 1 (scikit-learn's zero_division), not {zeroDivision}.", nameof(zeroDivision));
        }
    }
}
