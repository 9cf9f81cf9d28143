namespace Taxon.Classification.Metrics;

// Scores of per-label scores or probabilities [samples, labels] against a true indicator, rather than of predicted sets.
public static partial class MultiLabelMetrics
{
    /// <summary>
    /// Average precision per label column, averaged macro (default), micro over every cell, weighted by label support,
    /// or per sample (scikit-learn: <c>average_precision_score(Y, scores, average=...)</c>); a label no sample has scores 0.
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<byte> yTrue, double[,] scores, Averaging average = Averaging.Macro)
    {
        bool[] truth = Truth(yTrue, scores);
        return BinaryRanking.AverageColumns(truth, scores, average, static (t, s, _) => BinaryRanking.AveragePrecision(t, s));
    }

    /// <summary>
    /// ROC AUC per label column, averaged as <paramref name="average"/> says (scikit-learn: <c>roc_auc_score(Y, scores,
    /// average=...)</c>); a label that every sample or no sample has makes it undefined, an error.
    /// </summary>
    public static double RocAuc(ReadOnlySpan<byte> yTrue, double[,] scores, Averaging average = Averaging.Macro)
    {
        bool[] truth = Truth(yTrue, scores);
        return BinaryRanking.AverageColumns(truth, scores, average, static (t, s, what) => BinaryRanking.RocAuc(t, s, what));
    }

    /// <summary>
    /// The mean over samples of the fraction of (true label, false label) pairs ranked wrongly, a tie counting as wrong
    /// (scikit-learn: <c>label_ranking_loss</c>); samples with all or none of the labels score 0.
    /// </summary>
    public static double LabelRankingLoss(ReadOnlySpan<byte> yTrue, double[,] scores)
    {
        bool[] truth = Truth(yTrue, scores);
        int n = scores.GetLength(0), labels = scores.GetLength(1);
        var losses = new double[n];
        for (int i = 0; i < n; i++)
        {
            long wrong = 0, positives = 0;
            for (int a = 0; a < labels; a++)
            {
                if (!truth[i * labels + a])
                {
                    continue;
                }
                positives++;
                for (int b = 0; b < labels; b++)
                {
                    wrong += !truth[i * labels + b] && scores[i, b] >= scores[i, a] ? 1 : 0;
                }
            }
            if (positives > 0 && positives < labels)
            {
                losses[i] = (double)wrong / ((labels - positives) * positives);
            }
        }
        return CountScores.Mean(losses);
    }

    /// <summary>
    /// The mean over samples of how far down the ranking of labels by score one must go to cover every true label,
    /// ties counted at their worst (scikit-learn: <c>coverage_error</c>); a sample without labels counts 0.
    /// </summary>
    public static double CoverageError(ReadOnlySpan<byte> yTrue, double[,] scores)
    {
        bool[] truth = Truth(yTrue, scores);
        int n = scores.GetLength(0), labels = scores.GetLength(1);
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            double lowest = double.PositiveInfinity;
            bool any = false;
            for (int j = 0; j < labels; j++)
            {
                if (truth[i * labels + j])
                {
                    lowest = Math.Min(lowest, scores[i, j]);
                    any = true;
                }
            }
            if (!any)
            {
                continue;
            }
            int covered = 0;
            for (int j = 0; j < labels; j++)
            {
                covered += scores[i, j] >= lowest ? 1 : 0;
            }
            total += covered;
        }
        return total / n;
    }

    /// <summary>
    /// For each true label, the fraction of labels scored at least as high that are true, averaged per sample and then
    /// over samples (scikit-learn: <c>label_ranking_average_precision_score</c>); samples with all or none of the labels score 1.
    /// </summary>
    public static double LabelRankingAveragePrecision(ReadOnlySpan<byte> yTrue, double[,] scores)
    {
        bool[] truth = Truth(yTrue, scores);
        int n = scores.GetLength(0), labels = scores.GetLength(1);
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            int relevant = 0;
            for (int j = 0; j < labels; j++)
            {
                relevant += truth[i * labels + j] ? 1 : 0;
            }
            if (relevant == 0 || relevant == labels)
            {
                total += 1;
                continue;
            }
            var ratios = new double[relevant];
            int r = 0;
            for (int j = 0; j < labels; j++)
            {
                if (!truth[i * labels + j])
                {
                    continue;
                }
                int rank = 0, relevantRank = 0;
                for (int k = 0; k < labels; k++)
                {
                    if (scores[i, k] >= scores[i, j])
                    {
                        rank++;
                        relevantRank += truth[i * labels + k] ? 1 : 0;
                    }
                }
                ratios[r++] = (double)relevantRank / rank;
            }
            // scikit-learn adds the per-sample means in a plain loop.
            total += CountScores.Mean(ratios);
        }
        return total / n;
    }

    private static bool[] Truth(ReadOnlySpan<byte> yTrue, double[,] scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        int n = scores.GetLength(0), labels = scores.GetLength(1);
        if (labels == 0 || yTrue.Length != n * labels)
        {
            throw new ArgumentException($"Metrics: the true indicator has {yTrue.Length} entries but the scores are [{n}, {labels}]; they must have the same shape.");
        }
        CheckIndicator(yTrue, labels, "true");
        var truth = new bool[yTrue.Length];
        for (int i = 0; i < truth.Length; i++)
        {
            truth[i] = yTrue[i] != 0;
        }
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < labels; j++)
            {
                if (!double.IsFinite(scores[i, j]))
                {
                    throw new ArgumentException($"Metrics: score [{i}, {j}] is {scores[i, j]}; scores must be finite.", nameof(scores));
                }
            }
        }
        return truth;
    }
}
