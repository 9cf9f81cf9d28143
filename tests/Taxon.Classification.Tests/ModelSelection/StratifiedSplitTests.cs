using System.Text.Json;
using Taxon.Classification.Data;
using Taxon.Classification.Models;
using Taxon.Classification.ModelSelection;
using static Taxon.Classification.Tests.Metrics.SklearnMetricCases;

namespace Taxon.Classification.Tests.ModelSelection;

public class StratifiedSplitTests
{
    public static TheoryData<string> ShuffleSplitCases() => Names("shuffle_split");

    public static TheoryData<string> KFoldCases() => Names("kfold");

    [Theory]
    [MemberData(nameof(ShuffleSplitCases))]
    public void TrainTestSizesAndClassCountsAreScikitLearns(string name)
    {
        JsonElement c = Case("shuffle_split", name);
        int[] y = Ints(c.GetProperty("y"));
        int[] classes = [.. y.Distinct().Order()];
        var outcomes = c.GetProperty("outcomes").EnumerateArray().Select(o => string.Join(",", Ints(o))).ToHashSet();
        for (int seed = 0; seed < 20; seed++)
        {
            TrainTestSplit split = c.GetProperty("size_is_count").GetBoolean()
                ? StratifiedSplit.TrainTest(y, c.GetProperty("test_size").GetInt32(), (ulong)seed)
                : StratifiedSplit.TrainTest(y, c.GetProperty("test_size").GetDouble(), (ulong)seed);
            Assert.Equal(c.GetProperty("n_train").GetInt32(), split.Train.Length);
            Assert.Equal(c.GetProperty("n_test").GetInt32(), split.Test.Length);
            AssertDisjoint(split, y.Length);
            // scikit-learn breaks ties in the rounding at random: the counts must be one of the outcomes it produced.
            int[] counts = [.. classes.Select(k => split.Train.Count(i => y[i] == k)), .. classes.Select(k => split.Test.Count(i => y[i] == k))];
            Assert.Contains(string.Join(",", counts), outcomes);
        }
    }

    [Fact]
    public void TrainTestIsSeeded()
    {
        int[] y = [.. Enumerable.Range(0, 60).Select(i => i % 3)];
        TrainTestSplit a = StratifiedSplit.TrainTest(y, 0.3, seed: 5), b = StratifiedSplit.TrainTest(y, 0.3, seed: 5), other = StratifiedSplit.TrainTest(y, 0.3, seed: 6);
        Assert.Equal(a.Train, b.Train);
        Assert.Equal(a.Test, b.Test);
        Assert.NotEqual(a.Test, other.Test);
    }

    [Theory]
    [MemberData(nameof(KFoldCases))]
    public void KFoldMatchesScikitLearn(string name)
    {
        JsonElement c = Case("kfold", name);
        int[] y = Ints(c.GetProperty("y"));
        int folds = c.GetProperty("folds").GetInt32();
        int[] classes = [.. y.Distinct().Order()];
        int[][] expectedCounts = [.. c.GetProperty("fold_class_counts").EnumerateArray().Select(Ints)];
        int[] expectedFold = Ints(c.GetProperty("test_fold"));

        TrainTestSplit[] plain = StratifiedSplit.KFold(y, folds);
        var fold = new int[y.Length];
        for (int f = 0; f < folds; f++)
        {
            foreach (int i in plain[f].Test)
            {
                fold[i] = f;
            }
        }
        Assert.Equal(expectedFold, fold);

        foreach (int seed in (int[])[1, 2])
        {
            TrainTestSplit[] shuffled = StratifiedSplit.KFold(y.Select(v => $"c{v}").ToArray(), folds, shuffle: true, seed: (ulong)seed);
            Assert.Equal(folds, shuffled.Length);
            var seen = new int[y.Length];
            for (int f = 0; f < folds; f++)
            {
                AssertDisjoint(shuffled[f], y.Length);
                Assert.Equal(expectedCounts[f], classes.Select(k => shuffled[f].Test.Count(i => y[i] == k)));
                foreach (int i in shuffled[f].Test)
                {
                    seen[i]++;
                }
            }
            Assert.All(seen, s => Assert.Equal(1, s));
        }
    }

    [Fact]
    public void SplitsApplyToLabeledData()
    {
        string[] labels = [.. Enumerable.Range(0, 40).Select(i => i % 4 == 0 ? "rare" : "common")];
        var data = new LabeledData(new DenseMatrix([.. Enumerable.Range(0, 40).Select(i => (float)i)], 40, 1), labels);
        TrainTestSplit split = StratifiedSplit.TrainTest(data, 0.25, seed: 1);
        var (train, test) = split.Apply(data);
        Assert.Equal(30, train.Count);
        Assert.Equal(10, test.Count);
        Assert.Equal(3, test.Labels.Count(l => l == "rare"));
        for (int i = 0; i < test.Count; i++)
        {
            Assert.Equal(labels[split.Test[i]], test.Labels[i]);
        }
    }

    [Fact]
    public void BadSizesAreNamed()
    {
        int[] y = [0, 0, 1, 1, 2, 2];
        Assert.Contains("test fraction", Assert.Throws<ArgumentException>(() => StratifiedSplit.TrainTest(y, 1.5)).Message, StringComparison.Ordinal);
        Assert.Contains("at least the number of classes", Assert.Throws<ArgumentException>(() => StratifiedSplit.TrainTest(y, 2)).Message, StringComparison.Ordinal);
        Assert.Contains("only 1 sample", Assert.Throws<ArgumentException>(() => StratifiedSplit.TrainTest([0, 0, 0, 1], 0.5)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => StratifiedSplit.KFold(y, 1));
    }

    internal static void AssertDisjoint(TrainTestSplit split, int n)
    {
        var seen = new HashSet<int>();
        foreach (int i in split.Train.Concat(split.Test))
        {
            Assert.InRange(i, 0, n - 1);
            Assert.True(seen.Add(i), $"sample {i} is in the split twice");
        }
    }
}
