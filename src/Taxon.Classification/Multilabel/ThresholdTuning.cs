using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Multilabel;

/// <summary>
/// Per-label decision thresholds tuned on validation data (scikit-learn 1.5's <c>TunedThresholdClassifierCV</c>,
/// per label): for each label, the threshold on its probability that maximises its F-beta score on the validation
/// samples. Thresholds are midpoints between consecutive distinct validation probabilities, so they sit between
/// the samples they separate; among equally good ones the nearest to the label's current threshold wins. A label
/// with no positive validation sample keeps its threshold (every threshold scores 0). For a
/// <see cref="ClassifierChainModel"/>, whose later links read the decisions of earlier ones, labels are tuned in
/// chain order, each with the probabilities that the thresholds chosen before it give.
/// </summary>
public static class ThresholdTuning
{
    /// <summary><paramref name="model"/> with the thresholds of <see cref="BestThresholds"/>.</summary>
    public static MultiLabelModel Tune(MultiLabelModel model, LabeledData validation, double beta = 1) =>
        model.WithThresholds(BestThresholds(model, validation, beta));

    /// <summary>
    /// For each label of <paramref name="model"/>, the threshold maximising its F-beta score on
    /// <paramref name="validation"/> (beta = 1: F1; beta &gt; 1 favours recall). Validation labels the model does not
    /// know are an <see cref="ArgumentException"/> naming the sample.
    /// </summary>
    public static double[] BestThresholds(MultiLabelModel model, LabeledData validation, double beta = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(validation);
        if (!(double.IsFinite(beta) && beta > 0))
        {
            throw new ArgumentException($"ThresholdTuning: beta must be a positive number, got {beta}.", nameof(beta));
        }
        if (!validation.IsMultiLabel)
        {
            throw new ArgumentException($"{validation.Source ?? "the validation data"}: is single-label; thresholds are tuned on multi-label data.");
        }
        if (validation.Count == 0)
        {
            throw new ArgumentException($"{validation.Source ?? "the validation data"}: has no samples to tune thresholds on.");
        }
        byte[] truth = Encode(model.Labels, validation);
        FeatureMatrix x = validation.Features;
        x.CheckFinite(validation.Source, validation.LineNumbers);
        int width = model.Labels.Count;
        double[] thresholds = [.. model.Thresholds];
        if (model is ClassifierChainModel chain)
        {
            foreach (int label in chain.Order)
            {
                double[,] p = model.WithThresholds(thresholds).PredictProba(x);
                thresholds[label] = Best(p, truth, width, label, thresholds[label], beta);
            }
            return thresholds;
        }
        double[,] probabilities = model.PredictProba(x);
        for (int label = 0; label < width; label++)
        {
            thresholds[label] = Best(probabilities, truth, width, label, thresholds[label], beta);
        }
        return thresholds;
    }

    private static byte[] Encode(IReadOnlyList<string> labels, LabeledData data)
    {
        var index = new Dictionary<string, int>(labels.Count, StringComparer.Ordinal);
        for (int j = 0; j < labels.Count; j++)
        {
            index[labels[j]] = j;
        }
        var y = new byte[data.Count * labels.Count];
        for (int i = 0; i < data.Count; i++)
        {
            foreach (string label in data.LabelSets[i])
            {
                if (!index.TryGetValue(label, out int j))
                {
                    throw new ArgumentException(
                        $"{data.Describe(i)}: label '{label}' was not seen in training; this model knows {ClassifierModel.LabelList(labels)}.");
                }
                y[i * labels.Count + j] = 1;
            }
        }
        return y;
    }

    /// <summary>The best threshold for one label: a sweep over the samples sorted by decreasing probability.</summary>
    internal static double Best(double[,] probabilities, byte[] truth, int width, int label, double current, double beta)
    {
        int n = probabilities.GetLength(0);
        var p = new double[n];
        var positive = new bool[n];
        int positives = 0;
        for (int i = 0; i < n; i++)
        {
            p[i] = probabilities[i, label];
            positive[i] = truth[i * width + label] == 1;
            positives += positive[i] ? 1 : 0;
        }
        if (positives == 0)
        {
            return current;
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }
        // Decreasing probability; the index breaks ties only to make the sort deterministic.
        Array.Sort(order, (a, b) => p[b] != p[a] ? p[b].CompareTo(p[a]) : a.CompareTo(b));
        double b2 = beta * beta;
        double bestScore = -1, bestThreshold = current;
        int truePositives = 0;
        // Cut m predicts the m most probable samples; a cut inside a run of equal probabilities is not reachable.
        for (int m = 0; m <= n; m++)
        {
            if (m > 0)
            {
                truePositives += positive[order[m - 1]] ? 1 : 0;
            }
            if (m > 0 && m < n && p[order[m - 1]] == p[order[m]])
            {
                continue;
            }
            double threshold;
            if (m == 0)
            {
                double top = p[order[0]];
                if (top >= 1)
                {
                    continue;
                }
                threshold = (top + 1) / 2;
            }
            else if (m == n)
            {
                threshold = p[order[n - 1]] / 2;
            }
            else
            {
                double above = p[order[m - 1]], below = p[order[m]];
                threshold = (above + below) / 2;
                // Adjacent doubles have no midpoint strictly above the lower one.
                if (threshold <= below)
                {
                    threshold = above;
                }
            }
            threshold = Math.Clamp(threshold, 0, 1);
            int falsePositives = m - truePositives, falseNegatives = positives - truePositives;
            double score = (1 + b2) * truePositives / ((1 + b2) * truePositives + b2 * falseNegatives + falsePositives);
            if (score > bestScore || (score == bestScore && Math.Abs(threshold - current) < Math.Abs(bestThreshold - current)))
            {
                bestScore = score;
                bestThreshold = threshold;
            }
        }
        return bestThreshold;
    }
}
