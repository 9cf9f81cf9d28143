namespace Taxon.Classification.Metrics;

/// <summary>
/// Scores of a ranking of samples against binary truth (scikit-learn: <c>_binary_clf_curve</c> and what is built on
/// it): samples are ordered by decreasing score and tied scores form one threshold, as scikit-learn's curves do.
/// </summary>
internal static class BinaryRanking
{
    /// <summary>The area under the ROC curve by the trapezoidal rule (scikit-learn: <c>_binary_roc_auc_score</c>); ties count half.</summary>
    public static double RocAuc(ReadOnlySpan<bool> positive, ReadOnlySpan<double> scores, string what)
    {
        var (tps, fps, count) = Curve(positive, scores);
        long p = count == 0 ? 0 : tps[count - 1];
        long n = count == 0 ? 0 : fps[count - 1];
        if (p == 0 || n == 0)
        {
            throw new ArgumentException($"Metrics: ROC AUC is undefined when {what} has only one class in the true labels.");
        }
        // The trapezoids of scikit-learn's curve, (fpr, tpr) from (0, 0), with the normalising divisions done at the end.
        double area = 0;
        long prevTp = 0, prevFp = 0;
        for (int k = 0; k < count; k++)
        {
            area += (double)(fps[k] - prevFp) * (tps[k] + prevTp);
            prevTp = tps[k];
            prevFp = fps[k];
        }
        return area / 2 / ((double)p * n);
    }

    /// <summary>
    /// Average precision as the step-wise sum over thresholds of (recall change) x precision, not interpolated
    /// (scikit-learn: <c>average_precision_score</c>); 0 when there are no positives.
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<bool> positive, ReadOnlySpan<double> scores)
    {
        var (tps, fps, count) = Curve(positive, scores);
        long p = count == 0 ? 0 : tps[count - 1];
        double sum = 0, prevRecall = 0;
        for (int k = 0; k < count; k++)
        {
            // With no positives scikit-learn sets recall to 1 everywhere; every precision is then 0.
            double recall = p == 0 ? 1 : (double)tps[k] / p;
            double precision = (double)tps[k] / (tps[k] + fps[k]);
            sum += (recall - prevRecall) * precision;
            prevRecall = recall;
        }
        return sum;
    }

    /// <summary>Cumulative true and false positives at each distinct score, highest score first.</summary>
    private static (long[] Tps, long[] Fps, int Count) Curve(ReadOnlySpan<bool> positive, ReadOnlySpan<double> scores)
    {
        if (positive.Length != scores.Length)
        {
            throw new ArgumentException($"Metrics: {positive.Length} true labels but {scores.Length} scores; they must pair up.");
        }
        int n = scores.Length;
        var keys = new double[n];
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(scores[i]))
            {
                throw new ArgumentException($"Metrics: score {i} is {scores[i]}; scores must be finite.");
            }
            keys[i] = -scores[i];
            order[i] = i;
        }
        Array.Sort(keys, order);
        var tps = new long[n];
        var fps = new long[n];
        int count = 0;
        long tp = 0, fp = 0;
        for (int i = 0; i < n; i++)
        {
            if (positive[order[i]])
            {
                tp++;
            }
            else
            {
                fp++;
            }
            if (i == n - 1 || keys[i + 1] != keys[i])
            {
                tps[count] = tp;
                fps[count] = fp;
                count++;
            }
        }
        return (tps, fps, count);
    }

    /// <summary>
    /// A binary score per column of a [samples, columns] truth matrix, combined as scikit-learn's
    /// <c>_average_binary_score</c> does: macro mean, micro over all cells, weighted by column positives (0 when
    /// there are none), or the mean over rows (samples).
    /// </summary>
    public static double AverageColumns(ReadOnlySpan<bool> truth, double[,] scores, Averaging average,
        Func<bool[], double[], string, double> metric)
    {
        int rows = scores.GetLength(0), columns = scores.GetLength(1);
        if (truth.Length != rows * columns)
        {
            throw new ArgumentException($"Metrics: the true labels hold {truth.Length} entries but the scores are [{rows}, {columns}].");
        }
        switch (average)
        {
            case Averaging.Micro:
            {
                var flat = new double[rows * columns];
                Buffer.BlockCopy(scores, 0, flat, 0, flat.Length * sizeof(double));
                return metric(truth.ToArray(), flat, "the flattened label matrix");
            }
            case Averaging.Samples:
            {
                var perRow = new double[rows];
                var t = new bool[columns];
                var s = new double[columns];
                for (int i = 0; i < rows; i++)
                {
                    truth.Slice(i * columns, columns).CopyTo(t);
                    for (int j = 0; j < columns; j++)
                    {
                        s[j] = scores[i, j];
                    }
                    perRow[i] = metric(t, s, $"sample {i}");
                }
                return CountScores.Mean(perRow);
            }
            case Averaging.Macro:
            case Averaging.Weighted:
            {
                var weights = new long[columns];
                for (int i = 0; i < rows; i++)
                {
                    for (int j = 0; j < columns; j++)
                    {
                        weights[j] += truth[i * columns + j] ? 1 : 0;
                    }
                }
                long total = 0;
                foreach (long w in weights)
                {
                    total += w;
                }
                if (average == Averaging.Weighted && total == 0)
                {
                    return 0;
                }
                var t = new bool[rows];
                var s = new double[rows];
                var perColumn = new double[columns];
                for (int j = 0; j < columns; j++)
                {
                    for (int i = 0; i < rows; i++)
                    {
                        t[i] = truth[i * columns + j];
                        s[i] = scores[i, j];
                    }
                    perColumn[j] = metric(t, s, $"column {j}");
                    if (average == Averaging.Weighted && weights[j] == 0)
                    {
                        // scikit-learn scores every column (so an undefined one still fails) and then zeroes the weightless ones.
                        perColumn[j] = 0;
                    }
                }
                return average == Averaging.Macro ? CountScores.Mean(perColumn) : CountScores.WeightedMean(perColumn, weights);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(average), average, "Unknown averaging.");
        }
    }
}
