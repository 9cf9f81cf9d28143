using System.Text.Json;
using Taxon.Classification.Metrics;
using static Taxon.Classification.Tests.Metrics.SklearnMetricCases;

namespace Taxon.Classification.Tests.Metrics;

/// <summary>Every metric against scikit-learn 1.2.1 on the randomised cases of fixtures/sklearn_metric_cases.json, to 1e-9.</summary>
public class SklearnMetricCaseTests
{
    public static TheoryData<string> Single() => Names("single");

    public static TheoryData<string> Binary() => Names("binary");

    public static TheoryData<string> Multiclass() => Names("multiclass");

    public static TheoryData<string> Multilabel() => Names("multilabel");

    [Theory]
    [MemberData(nameof(Single))]
    public void SingleLabelScoresMatch(string name)
    {
        JsonElement c = Case("single", name);
        double zd = c.GetProperty("zero_division").GetDouble();
        bool strings = c.GetProperty("strings").GetBoolean();
        JsonElement labelsJson = c.GetProperty("labels");
        ClassificationReport r;
        double accuracy;
        double? balanced, balancedAdjusted;
        int[,] confusion;
        Func<Averaging, double> f1, precision, recall;
        if (strings)
        {
            string[] t = Strings(c.GetProperty("y_true")), p = Strings(c.GetProperty("y_pred"));
            string[]? labels = labelsJson.ValueKind == JsonValueKind.Null ? null : Strings(labelsJson);
            r = ClassificationMetrics.Report(t, p, labels, zd);
            accuracy = ClassificationMetrics.Accuracy(t, p);
            balanced = ClassificationMetrics.BalancedAccuracy(t, p);
            balancedAdjusted = ClassificationMetrics.BalancedAccuracy(t, p, adjusted: true);
            confusion = ClassificationMetrics.ConfusionMatrix(t, p, labels);
            f1 = a => ClassificationMetrics.F1(t, p, a, labels, zd);
            precision = a => ClassificationMetrics.Precision(t, p, a, labels, zd);
            recall = a => ClassificationMetrics.Recall(t, p, a, labels, zd);
            if (c.TryGetProperty("pos_label", out JsonElement pos))
            {
                Close(c.GetProperty("binary_precision").GetDouble(), ClassificationMetrics.BinaryPrecision(t, p, pos.GetString()!, zd), "binary precision");
                Close(c.GetProperty("binary_recall").GetDouble(), ClassificationMetrics.BinaryRecall(t, p, pos.GetString()!, zd), "binary recall");
                Close(c.GetProperty("binary_f1").GetDouble(), ClassificationMetrics.BinaryF1(t, p, pos.GetString()!, zd), "binary f1");
            }
        }
        else
        {
            int[] t = Ints(c.GetProperty("y_true")), p = Ints(c.GetProperty("y_pred"));
            int[]? labels = labelsJson.ValueKind == JsonValueKind.Null ? null : Ints(labelsJson);
            r = ClassificationMetrics.Report(t, p, labels, zd);
            accuracy = ClassificationMetrics.Accuracy(t, p);
            balanced = ClassificationMetrics.BalancedAccuracy(t, p);
            balancedAdjusted = ClassificationMetrics.BalancedAccuracy(t, p, adjusted: true);
            confusion = ClassificationMetrics.ConfusionMatrix(t, p, labels);
            f1 = a => ClassificationMetrics.F1(t, p, a, labels, zd);
            precision = a => ClassificationMetrics.Precision(t, p, a, labels, zd);
            recall = a => ClassificationMetrics.Recall(t, p, a, labels, zd);
            if (c.TryGetProperty("pos_label", out JsonElement pos))
            {
                Close(c.GetProperty("binary_precision").GetDouble(), ClassificationMetrics.BinaryPrecision(t, p, pos.GetInt32(), zd), "binary precision");
                Close(c.GetProperty("binary_recall").GetDouble(), ClassificationMetrics.BinaryRecall(t, p, pos.GetInt32(), zd), "binary recall");
                Close(c.GetProperty("binary_f1").GetDouble(), ClassificationMetrics.BinaryF1(t, p, pos.GetInt32(), zd), "binary f1");
            }
        }
        Assert.Equal(Strings(c.GetProperty("used_labels")), r.Names);
        Close(c.GetProperty("accuracy").GetDouble(), accuracy, "accuracy");
        Close(c.GetProperty("accuracy").GetDouble(), r.Accuracy, "report accuracy");
        Assert.Equal(Optional(c, "balanced_accuracy").HasValue, balanced.HasValue);
        Close(Optional(c, "balanced_accuracy") ?? 0, balanced ?? 0, "balanced accuracy");
        if (Optional(c, "balanced_accuracy_adjusted") is double adj)
        {
            Close(adj, balancedAdjusted!.Value, "adjusted balanced accuracy");
        }
        Close(Doubles(c.GetProperty("precision")), r.Precision, "precision");
        Close(Doubles(c.GetProperty("recall")), r.Recall, "recall");
        Close(Doubles(c.GetProperty("f1")), r.F1, "f1");
        Assert.Equal(Ints(c.GetProperty("support")), r.Support);
        foreach (var (key, average) in Averages(multiLabel: false))
        {
            Close(c.GetProperty($"precision_{key}").GetDouble(), r.AveragePrecision(average), $"precision {key}");
            Close(c.GetProperty($"recall_{key}").GetDouble(), r.AverageRecall(average), $"recall {key}");
            Close(c.GetProperty($"f1_{key}").GetDouble(), r.AverageF1(average), $"f1 {key}");
            Close(c.GetProperty($"f1_{key}").GetDouble(), f1(average), $"f1 {key} shortcut");
            Close(c.GetProperty($"precision_{key}").GetDouble(), precision(average), $"precision {key} shortcut");
            Close(c.GetProperty($"recall_{key}").GetDouble(), recall(average), $"recall {key} shortcut");
        }
        if (c.GetProperty("confusion").ValueKind != JsonValueKind.Null)
        {
            Assert.Equal(Ints(c.GetProperty("confusion")), Flatten(confusion));
            Assert.Equal(Ints(c.GetProperty("confusion")), Flatten(r.ConfusionMatrix));
        }
        Assert.Equal(c.GetProperty("report2").GetString(), r.ToText());
        Assert.Equal(c.GetProperty("report4").GetString(), r.ToText(4));
    }

    [Theory]
    [MemberData(nameof(Binary))]
    public void BinaryScoresMatch(string name)
    {
        JsonElement c = Case("binary", name);
        double[] scores = Doubles(c.GetProperty("scores"));
        if (c.GetProperty("strings").GetBoolean())
        {
            string[] t = Strings(c.GetProperty("y_true"));
            string pos = c.GetProperty("pos_label").GetString()!;
            Check(Optional(c, "roc_auc_pos"), () => ClassificationMetrics.RocAuc(t, scores, pos), "ROC AUC (positive label)");
            Check(Optional(c, "average_precision"), () => ClassificationMetrics.AveragePrecision(t, scores, pos), "average precision");
            Check(Optional(c, "brier_pos"), () => ClassificationMetrics.BrierScore(t, scores, pos), "Brier score (positive label)");
        }
        else
        {
            int[] t = Ints(c.GetProperty("y_true"));
            int pos = c.GetProperty("pos_label").GetInt32();
            var truth = new string[t.Length];
            for (int i = 0; i < t.Length; i++)
            {
                truth[i] = t[i] == pos ? "yes" : "no";
            }
            Check(Optional(c, "roc_auc_pos"), () => ClassificationMetrics.RocAuc(truth, scores, "yes"), "ROC AUC (positive label)");
            Check(Optional(c, "average_precision"), () => ClassificationMetrics.AveragePrecision(t, scores, pos), "average precision");
            Check(Optional(c, "brier_pos"), () => ClassificationMetrics.BrierScore(t, scores, pos), "Brier score (positive label)");
            Check(Optional(c, "roc_auc"), () => ClassificationMetrics.RocAuc(t, scores), "ROC AUC");
            Check(Optional(c, "brier_default"), () => ClassificationMetrics.BrierScore(t, scores), "Brier score");
            Check(Optional(c, "log_loss"), () => ClassificationMetrics.LogLoss(t, scores), "log loss");
        }
    }

    [Theory]
    [MemberData(nameof(Multiclass))]
    public void MulticlassProbabilityScoresMatch(string name)
    {
        JsonElement c = Case("multiclass", name);
        int[] t = Ints(c.GetProperty("y_true"));
        int[] classes = Ints(c.GetProperty("classes"));
        int[]? labels = c.TryGetProperty("labels", out JsonElement l) ? Ints(l) : null;
        double[,] proba = Matrix(c.GetProperty("proba"));
        Close(c.GetProperty("log_loss").GetDouble(), ClassificationMetrics.LogLoss(t, proba, labels), "log loss");
        string[] names = [.. classes.Select(k => $"c{k}")];
        string[] ts = [.. t.Select(k => $"c{k}")];
        Close(c.GetProperty("log_loss").GetDouble(), ClassificationMetrics.LogLoss(ts, proba, names), "log loss (strings)");
        foreach (var (key, average) in new[] { ("macro", Averaging.Macro), ("weighted", Averaging.Weighted), ("micro", Averaging.Micro) })
        {
            Check(Optional(c, $"roc_auc_{key}"), () => ClassificationMetrics.RocAuc(t, proba, average, labels), $"ROC AUC {key}");
            Check(Optional(c, $"roc_auc_{key}"), () => ClassificationMetrics.RocAuc(ts, proba, names, average), $"ROC AUC {key} (strings)");
        }
    }

    [Theory]
    [MemberData(nameof(Multilabel))]
    public void MultiLabelScoresMatch(string name)
    {
        JsonElement c = Case("multilabel", name);
        int labels = c.GetProperty("labels").GetInt32();
        double zd = c.GetProperty("zero_division").GetDouble();
        byte[] t = Bytes(c.GetProperty("y_true")), p = Bytes(c.GetProperty("y_pred"));
        string[] names = Strings(c.GetProperty("names"));
        double[,] scores = Matrix(c.GetProperty("scores"));
        MultiLabelReport r = MultiLabelMetrics.Report(t, p, names, zd);
        Close(c.GetProperty("hamming").GetDouble(), r.HammingLoss, "Hamming loss");
        Close(c.GetProperty("hamming").GetDouble(), MultiLabelMetrics.HammingLoss(t, p, labels), "Hamming loss shortcut");
        Close(c.GetProperty("subset_accuracy").GetDouble(), r.SubsetAccuracy, "subset accuracy");
        Close(c.GetProperty("subset_accuracy").GetDouble(), MultiLabelMetrics.SubsetAccuracy(t, p, labels), "subset accuracy shortcut");
        Close(Doubles(c.GetProperty("precision")), r.Precision, "precision");
        Close(Doubles(c.GetProperty("recall")), r.Recall, "recall");
        Close(Doubles(c.GetProperty("f1")), r.F1, "f1");
        Close(Doubles(c.GetProperty("jaccard")), r.Jaccard, "jaccard");
        Assert.Equal(Ints(c.GetProperty("support")).Select(v => (long)v), r.Support);
        foreach (var (key, average) in Averages(multiLabel: true))
        {
            Close(c.GetProperty($"precision_{key}").GetDouble(), MultiLabelMetrics.Precision(t, p, labels, average, zd), $"precision {key}");
            Close(c.GetProperty($"recall_{key}").GetDouble(), MultiLabelMetrics.Recall(t, p, labels, average, zd), $"recall {key}");
            Close(c.GetProperty($"f1_{key}").GetDouble(), MultiLabelMetrics.F1(t, p, labels, average, zd), $"f1 {key}");
            Close(c.GetProperty($"jaccard_{key}").GetDouble(), MultiLabelMetrics.Jaccard(t, p, labels, average, zd), $"jaccard {key}");
            Close(c.GetProperty($"f1_{key}").GetDouble(), r.AverageF1(average), $"report f1 {key}");
            Check(Optional(c, $"average_precision_{key}"), () => MultiLabelMetrics.AveragePrecision(t, scores, average), $"average precision {key}");
            Check(Optional(c, $"roc_auc_{key}"), () => MultiLabelMetrics.RocAuc(t, scores, average), $"ROC AUC {key}");
        }
        Close(c.GetProperty("label_ranking_loss").GetDouble(), MultiLabelMetrics.LabelRankingLoss(t, scores), "label ranking loss");
        Close(c.GetProperty("coverage_error").GetDouble(), MultiLabelMetrics.CoverageError(t, scores), "coverage error");
        Close(c.GetProperty("lrap").GetDouble(), MultiLabelMetrics.LabelRankingAveragePrecision(t, scores), "label ranking average precision");
        Assert.Equal(c.GetProperty("report2").GetString(), r.ToText());
        Assert.Equal(c.GetProperty("report3").GetString(), r.ToText(3));
        // The same through label sets.
        var sets = Models.LabelIndicatorSets(t, names);
        var predSets = Models.LabelIndicatorSets(p, names);
        MultiLabelReport fromSets = MultiLabelMetrics.Report(sets, predSets, names, zd);
        Close(r.SamplesF1, fromSets.SamplesF1, "samples F1 from label sets");
        Close(r.MacroJaccard, fromSets.MacroJaccard, "macro Jaccard from label sets");
    }

    /// <summary>A score scikit-learn computed must match; one it refused must be refused here too.</summary>
    private static void Check(double? expected, Func<double> actual, string what)
    {
        if (expected is double e)
        {
            Close(e, actual(), what);
        }
        else
        {
            Assert.Throws<ArgumentException>(() => actual());
        }
    }

    private static (string Key, Averaging Average)[] Averages(bool multiLabel) => multiLabel
        ? [("macro", Averaging.Macro), ("micro", Averaging.Micro), ("weighted", Averaging.Weighted), ("samples", Averaging.Samples)]
        : [("macro", Averaging.Macro), ("micro", Averaging.Micro), ("weighted", Averaging.Weighted)];

    private static int[] Flatten(int[,] m)
    {
        var flat = new int[m.Length];
        Buffer.BlockCopy(m, 0, flat, 0, flat.Length * sizeof(int));
        return flat;
    }

    private static class Models
    {
        public static IReadOnlyList<IReadOnlyList<string>> LabelIndicatorSets(byte[] y, string[] names) =>
            Classification.Models.LabelIndicator.Decode(y, names);
    }
}
