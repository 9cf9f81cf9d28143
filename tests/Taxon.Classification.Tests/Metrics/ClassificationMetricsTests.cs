using Taxon.Classification.Metrics;

namespace Taxon.Classification.Tests.Metrics;

public class ClassificationMetricsTests
{
    public sealed record Case(int[] YTrue, int[] YPred, int[]? GivenLabels, int[] Labels, double Accuracy,
        double[] Precision, double[] Recall, double[] F1, int[] Support, double MacroF1, double MicroF1, double WeightedF1, int[] Confusion);

    // Produced by fixtures/make_sklearn_metrics.py; the tests never run Python.
    // scikit-learn 1.2.1, zero_division=0
    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["never_predicted"] = new(
            [0, 1, 2, 2, 1, 0, 3, 3],
            [0, 2, 2, 2, 0, 0, 1, 1],
            null,
            Labels: [0, 1, 2, 3],
            Accuracy: 0.5,
            Precision: [0.6666666666666666, 0.0, 0.6666666666666666, 0.0],
            Recall: [1.0, 0.0, 1.0, 0.0],
            F1: [0.8, 0.0, 0.8, 0.0],
            Support: [2, 2, 2, 2],
            MacroF1: 0.4,
            MicroF1: 0.5,
            WeightedF1: 0.4,
            Confusion: [2, 0, 0, 0, 1, 0, 1, 0, 0, 0, 2, 0, 0, 2, 0, 0]),
        ["gapped"] = new(
            [5, 2, 0, 5, 5, 2],
            [5, 5, 7, 2, 5, 0],
            null,
            Labels: [0, 2, 5, 7],
            Accuracy: 0.3333333333333333,
            Precision: [0.0, 0.0, 0.6666666666666666, 0.0],
            Recall: [0.0, 0.0, 0.6666666666666666, 0.0],
            F1: [0.0, 0.0, 0.6666666666666666, 0.0],
            Support: [1, 2, 3, 0],
            MacroF1: 0.16666666666666666,
            MicroF1: 0.3333333333333333,
            WeightedF1: 0.3333333333333333,
            Confusion: [0, 0, 0, 1, 1, 0, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0]),
        ["explicit_labels"] = new(
            [5, 2, 0, 5, 5, 2],
            [5, 5, 7, 2, 5, 0],
            [0, 2, 5, 9],
            Labels: [0, 2, 5, 9],
            Accuracy: 0.3333333333333333,
            Precision: [0.0, 0.0, 0.6666666666666666, 0.0],
            Recall: [0.0, 0.0, 0.6666666666666666, 0.0],
            F1: [0.0, 0.0, 0.6666666666666666, 0.0],
            Support: [1, 2, 3, 0],
            MacroF1: 0.16666666666666666,
            MicroF1: 0.3636363636363636,
            WeightedF1: 0.3333333333333333,
            Confusion: [0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0]),
        ["random_10_classes"] = new(
            [9, 6, 6, 8, 5, 7, 8, 2, 0, 3, 2, 8, 9, 0, 4, 8, 1, 7, 1, 4, 8, 3, 3, 2, 7, 2, 9, 4, 4, 5, 5, 5, 5, 9, 8, 7, 7, 6, 3, 9, 4, 2, 8, 1, 8, 6, 1, 0, 4, 0, 1, 5, 9, 4, 8, 9, 8, 6, 4, 5, 2, 4, 3, 2, 9, 0, 0, 1, 9, 6, 8, 2, 7, 3, 4, 0, 6, 8, 6, 1, 5, 2, 9, 8, 1, 5, 9, 8, 7, 6, 0, 7, 4, 0, 2, 5, 7, 5, 6, 8, 6, 3, 6, 5, 1, 0, 6, 3, 5, 3, 2, 1, 3, 8, 4, 3, 5, 9, 3, 5, 4, 6, 4, 6, 5, 6, 9, 1, 5, 4, 3, 2, 0, 4, 8, 0, 4, 9, 9, 2, 0, 6, 0, 3, 4, 8, 0, 6, 5, 1, 8, 8, 4, 9, 6, 9, 9, 5, 2, 1, 5, 1, 7, 9, 2, 5, 0, 1, 3, 8, 9, 6, 5, 5, 0, 3, 9, 4, 2, 2, 7, 0, 9, 8, 5, 4, 7, 5, 4, 3, 4, 7, 0, 0, 7, 3, 8, 0, 9, 1, 4, 9, 1, 6, 7, 4, 0, 5, 4, 8, 6, 3, 0, 5, 2, 6, 8, 3, 9, 5, 5, 7, 7, 9, 9, 1, 4, 9, 3, 0, 5, 7, 7, 8, 6, 1, 8, 4, 8, 8, 9, 0, 8, 6, 4, 7, 9, 5, 0, 7, 2, 2, 1, 1, 9, 3, 1, 1, 3, 3, 3, 9, 8, 5, 9, 3, 1, 2, 0, 9, 2, 4, 2, 9, 1, 5, 9, 5, 8, 8, 7, 7, 5, 5, 8, 4, 9, 8, 3, 4, 7, 9, 0, 0, 2, 4, 1, 5, 5, 9],
            [9, 4, 8, 6, 0, 8, 8, 2, 0, 3, 2, 4, 1, 0, 2, 8, 1, 7, 1, 3, 8, 4, 0, 2, 7, 2, 0, 3, 1, 5, 8, 3, 3, 9, 0, 7, 7, 6, 3, 9, 4, 2, 8, 1, 8, 8, 1, 0, 4, 0, 8, 6, 7, 4, 8, 9, 3, 4, 1, 5, 2, 4, 3, 2, 2, 0, 5, 9, 9, 3, 3, 2, 7, 3, 2, 0, 7, 9, 2, 8, 5, 3, 3, 2, 1, 5, 3, 8, 7, 6, 0, 7, 4, 8, 2, 5, 7, 4, 0, 8, 6, 3, 6, 5, 1, 0, 6, 4, 5, 3, 2, 4, 3, 8, 4, 3, 3, 9, 3, 3, 5, 6, 4, 7, 5, 0, 9, 7, 5, 8, 4, 2, 0, 4, 1, 0, 4, 9, 3, 6, 0, 6, 2, 6, 8, 2, 2, 4, 1, 1, 8, 8, 1, 2, 0, 9, 9, 5, 2, 3, 5, 1, 7, 0, 2, 4, 9, 1, 3, 7, 8, 6, 1, 1, 0, 3, 9, 7, 2, 2, 7, 0, 2, 8, 5, 4, 8, 5, 4, 3, 4, 7, 2, 0, 7, 4, 0, 4, 9, 1, 4, 9, 1, 6, 7, 4, 8, 5, 4, 1, 6, 3, 0, 5, 2, 6, 8, 1, 4, 5, 5, 7, 8, 0, 9, 4, 4, 9, 3, 2, 5, 7, 7, 8, 6, 1, 1, 4, 8, 4, 4, 8, 6, 1, 4, 7, 2, 5, 5, 7, 2, 0, 1, 1, 9, 6, 1, 7, 3, 2, 1, 9, 0, 5, 9, 1, 2, 2, 3, 9, 2, 8, 2, 9, 1, 9, 9, 5, 7, 8, 7, 7, 5, 5, 1, 4, 9, 6, 3, 4, 7, 9, 0, 0, 2, 4, 2, 6, 5, 4],
            null,
            Labels: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
            Accuracy: 0.6233333333333333,
            Precision: [0.5862068965517241, 0.5161290322580645, 0.5675675675675675, 0.5161290322580645, 0.5526315789473685, 0.8888888888888888, 0.6, 0.7241379310344828, 0.5161290322580645, 0.8518518518518519],
            Recall: [0.5862068965517241, 0.6153846153846154, 0.875, 0.5925925925925926, 0.6363636363636364, 0.631578947368421, 0.48, 0.875, 0.45714285714285713, 0.5897435897435898],
            F1: [0.5862068965517241, 0.5614035087719298, 0.6885245901639344, 0.5517241379310345, 0.5915492957746479, 0.7384615384615385, 0.5333333333333332, 0.7924528301886793, 0.4848484848484849, 0.6969696969696971],
            Support: [29, 26, 24, 27, 33, 38, 25, 24, 35, 39],
            MacroF1: 0.6225474312995005,
            MicroF1: 0.6233333333333333,
            WeightedF1: 0.6236800491587372,
            Confusion: [17, 0, 4, 1, 1, 2, 0, 0, 3, 1, 0, 16, 2, 1, 2, 0, 0, 2, 2, 1, 1, 0, 21, 1, 0, 0, 1, 0, 0, 0, 1, 3, 1, 16, 4, 0, 2, 0, 0, 0, 0, 3, 2, 2, 21, 1, 0, 1, 3, 0, 1, 3, 0, 4, 2, 24, 2, 0, 1, 1, 3, 1, 1, 1, 3, 0, 12, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 21, 3, 0, 3, 4, 2, 2, 2, 0, 3, 2, 16, 1, 3, 1, 4, 3, 3, 0, 0, 1, 1, 23]),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ReportMatchesScikitLearn(string name)
    {
        Case c = Cases[name];
        ClassificationReport r = ClassificationMetrics.Report(c.YTrue, c.YPred, c.GivenLabels);
        Assert.Equal(c.Labels, r.Labels);
        Assert.Equal(c.Accuracy, r.Accuracy, 12);
        AssertClose(c.Precision, r.Precision);
        AssertClose(c.Recall, r.Recall);
        AssertClose(c.F1, r.F1);
        Assert.Equal(c.Support, r.Support);
        Assert.Equal(c.MacroF1, r.MacroF1, 12);
        Assert.Equal(c.MicroF1, r.MicroF1, 12);
        Assert.Equal(c.WeightedF1, r.WeightedF1, 12);
        int k = c.Labels.Length;
        var flat = new int[k * k];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                flat[i * k + j] = r.ConfusionMatrix[i, j];
            }
        }
        Assert.Equal(c.Confusion, flat);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ShortcutsAgreeWithTheReport(string name)
    {
        Case c = Cases[name];
        Assert.Equal(c.Accuracy, ClassificationMetrics.Accuracy(c.YTrue, c.YPred), 12);
        Assert.Equal(c.MacroF1, ClassificationMetrics.F1(c.YTrue, c.YPred, labels: c.GivenLabels), 12);
        Assert.Equal(c.MicroF1, ClassificationMetrics.F1(c.YTrue, c.YPred, Averaging.Micro, c.GivenLabels), 12);
        Assert.Equal(c.WeightedF1, ClassificationMetrics.F1(c.YTrue, c.YPred, Averaging.Weighted, c.GivenLabels), 12);
        int[,] m = ClassificationMetrics.ConfusionMatrix(c.YTrue, c.YPred, c.GivenLabels);
        Assert.Equal(c.Labels.Length, m.GetLength(0));
    }

    [Fact]
    public void MismatchedLengthsAreAnError()
    {
        var e = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Accuracy([1, 2, 3], [1, 2]));
        Assert.Contains("3 true labels but 2 predictions", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyInputScoresZero()
    {
        Assert.Equal(0, ClassificationMetrics.Accuracy(ReadOnlySpan<int>.Empty, ReadOnlySpan<int>.Empty));
        Assert.Equal(0, ClassificationMetrics.F1(ReadOnlySpan<int>.Empty, ReadOnlySpan<int>.Empty));
    }

    private static void AssertClose(double[] expected, IReadOnlyList<double> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 12);
        }
    }
}
