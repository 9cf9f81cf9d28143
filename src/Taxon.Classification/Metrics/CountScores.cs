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

    /// <summary>The mean as NumPy computes it (<see cref="Sum"/> / n); 0 for no values.</summary>
    public static double Mean(ReadOnlySpan<double> values) => values.Length == 0 ? 0 : Sum(values) / values.Length;

    /// <summary>
    /// The sum in NumPy's order (<c>np.add.reduce</c>: pairwise, eight accumulators in blocks of up to 128), so that
    /// averages are bit-for-bit scikit-learn's and the report text rounds the same way at exact ties.
    /// </summary>
    public static double Sum(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        if (n < 8)
        {
            double sum = 0;
            foreach (double v in values)
            {
                sum += v;
            }
            return sum;
        }
        if (n <= 128)
        {
            double r0 = values[0], r1 = values[1], r2 = values[2], r3 = values[3];
            double r4 = values[4], r5 = values[5], r6 = values[6], r7 = values[7];
            int i = 8;
            for (; i < n - n % 8; i += 8)
            {
                r0 += values[i];
                r1 += values[i + 1];
                r2 += values[i + 2];
                r3 += values[i + 3];
                r4 += values[i + 4];
                r5 += values[i + 5];
                r6 += values[i + 6];
                r7 += values[i + 7];
            }
            double sum = (r0 + r1 + (r2 + r3)) + (r4 + r5 + (r6 + r7));
            for (; i < n; i++)
            {
                sum += values[i];
            }
            return sum;
        }
        int half = n / 2;
        half -= half % 8;
        return Sum(values[..half]) + Sum(values[half..]);
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

    /// <summary>NumPy's <c>np.average(values, weights=weights)</c>: sum(values * weights) / sum(weights).</summary>
    public static double WeightedMean(ReadOnlySpan<double> values, ReadOnlySpan<long> weights)
    {
        var products = new double[values.Length];
        double total = 0;
        for (int c = 0; c < values.Length; c++)
        {
            products[c] = values[c] * weights[c];
            total += weights[c];
        }
        return Sum(products) / total;
    }

    public static void CheckZeroDivision(double zeroDivision)
    {
        if (zeroDivision is not (0 or 1))
        {
            throw new ArgumentException($"Metrics: zeroDivision must be 0 or 1 (scikit-learn's zero_division), not {zeroDivision}.", nameof(zeroDivision));
        }
    }
}
