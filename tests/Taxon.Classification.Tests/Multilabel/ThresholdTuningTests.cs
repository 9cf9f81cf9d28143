using Taxon.Classification.Data;
using Taxon.Classification.Models;
using Taxon.Classification.Multilabel;
using Taxon.Classification.Tests.Conformance;

namespace Taxon.Classification.Tests.Multilabel;

public sealed class ThresholdTuningTests
{
    private static double FBeta(double[] p, bool[] truth, double threshold, double beta)
    {
        int tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < p.Length; i++)
        {
            bool predicted = p[i] >= threshold;
            tp += predicted && truth[i] ? 1 : 0;
            fp += predicted && !truth[i] ? 1 : 0;
            fn += !predicted && truth[i] ? 1 : 0;
        }
        double b2 = beta * beta;
        return tp == 0 ? 0 : (1 + b2) * tp / ((1 + b2) * tp + b2 * fn + fp);
    }

    private static double Best(double[] p, bool[] truth, double current = 0.5, double beta = 1)
    {
        var matrix = new double[p.Length, 1];
        for (int i = 0; i < p.Length; i++)
        {
            matrix[i, 0] = p[i];
        }
        return ThresholdTuning.Best(matrix, [.. truth.Select(t => t ? (byte)1 : (byte)0)], 1, 0, current, beta);
    }

    [Fact]
    public void The_threshold_is_the_midpoint_below_the_best_cut()
    {
        double[] p = [0.9, 0.8, 0.6, 0.4, 0.3, 0.1];
        bool[] truth = [true, true, false, true, false, false];
        // F1 by cut: 1 → 0.5, 2 → 0.8, 3 → 0.667, 4 → 0.857, 5 → 0.75, 6 → 0.667.
        Assert.Equal(0.35, Best(p, truth), 1e-15);
        // F2 weighs recall: predicting all 4 positives... the cut at 4 still wins (F2 0.9375 vs 0.9091 for all).
        Assert.Equal(0.35, Best(p, truth, beta: 2), 1e-15);
        // F0.5 weighs precision: the cut at 2 (F0.5 0.909) beats the cut at 4 (0.789).
        Assert.Equal(0.7, Best(p, truth, beta: 0.5), 1e-15);
    }

    [Fact]
    public void The_tuned_threshold_is_at_least_as_good_as_any_other_on_the_validation_data()
    {
        var random = new Random(4);
        for (int trial = 0; trial < 50; trial++)
        {
            int n = random.Next(1, 40);
            double[] p = [.. Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble(), 1))];
            bool[] truth = [.. p.Select(v => random.NextDouble() < v)];
            if (!truth.Any(t => t))
            {
                Assert.Equal(0.42, Best(p, truth, current: 0.42));
                continue;
            }
            foreach (double beta in new[] { 0.5, 1, 3 })
            {
                double best = Best(p, truth, beta: beta);
                Assert.InRange(best, 0, 1);
                double score = FBeta(p, truth, best, beta);
                for (double t = 0; t <= 1.0001; t += 0.01)
                {
                    Assert.True(score >= FBeta(p, truth, t, beta) - 1e-12, $"threshold {best} scores {score}, {t} scores {FBeta(p, truth, t, beta)}");
                }
            }
        }
    }

    [Fact]
    public void Tuning_a_model_raises_its_per_label_F1_on_the_validation_data()
    {
        LabeledData all = ConformanceData.MultiLabel(300, 6, 4, seed: 8);
        LabeledData train = all.Subset([.. Enumerable.Range(0, 150)]), validation = all.Subset([.. Enumerable.Range(150, 150)]);
        MultiLabelModel model = new BinaryRelevance(new CentroidClassifier()).Fit(train);
        MultiLabelModel tuned = ThresholdTuning.Tune(model, validation);
        Assert.Equal(ThresholdTuning.BestThresholds(model, validation), tuned.Thresholds);
        Assert.NotEqual(model.Thresholds, tuned.Thresholds);
        Assert.Equal(model.PredictProba(validation.Features), tuned.PredictProba(validation.Features));
        byte[] truth = LabelIndicator.Encode(validation.LabelSets, model.Labels);
        byte[] before = model.PredictIndicator(validation.Features), after = tuned.PredictIndicator(validation.Features);
        for (int j = 0; j < 4; j++)
        {
            Assert.True(F1(truth, after, j) >= F1(truth, before, j), $"label {j}: F1 {F1(truth, after, j)} after tuning, {F1(truth, before, j)} before");
        }
        Assert.Contains("beta", Assert.Throws<ArgumentException>(() => ThresholdTuning.Tune(model, validation, beta: 0)).Message);
        Assert.Contains("single-label", Assert.Throws<ArgumentException>(
            () => ThresholdTuning.Tune(model, new LabeledData(validation.Features, [.. validation.LabelSets.Select(_ => "x")]))).Message);
    }

    [Fact]
    public void A_chain_is_tuned_link_by_link_with_the_thresholds_chosen_before()
    {
        LabeledData all = ConformanceData.MultiLabel(300, 6, 4, seed: 8);
        LabeledData train = all.Subset([.. Enumerable.Range(0, 150)]), validation = all.Subset([.. Enumerable.Range(150, 150)]);
        var chain = (ClassifierChainModel)new ClassifierChain(new SoftmaxRegressionClassifier(100), new() { Order = ["l2", "l0", "l3", "l1"] }).Fit(train);
        double[] tuned = ThresholdTuning.BestThresholds(chain, validation);
        byte[] truth = LabelIndicator.Encode(validation.LabelSets, chain.Labels);
        // Each label's threshold is the best for the probabilities that the earlier links' tuned thresholds give.
        double[] current = [.. chain.Thresholds];
        foreach (int label in chain.Order)
        {
            double[,] p = chain.WithThresholds(current).PredictProba(validation.Features);
            current[label] = ThresholdTuning.Best(p, truth, 4, label, current[label], 1);
            Assert.Equal(current[label], tuned[label]);
        }
    }

    private static double F1(byte[] truth, byte[] predicted, int label)
    {
        int tp = 0, fp = 0, fn = 0;
        for (int i = label; i < truth.Length; i += 4)
        {
            tp += truth[i] == 1 && predicted[i] == 1 ? 1 : 0;
            fp += truth[i] == 0 && predicted[i] == 1 ? 1 : 0;
            fn += truth[i] == 1 && predicted[i] == 0 ? 1 : 0;
        }
        return tp == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn);
    }
}
