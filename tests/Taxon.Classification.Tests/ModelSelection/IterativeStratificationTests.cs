using Taxon.Classification.Data;
using Taxon.Classification.ModelSelection;

namespace Taxon.Classification.Tests.ModelSelection;

public class IterativeStratificationTests
{
    private const int Samples = 400, Labels = 10, Folds = 5;

    /// <summary>A seeded multi-label set whose labels range from very rare (1%) to common (50%), some correlated.</summary>
    private static byte[] Indicator(int seed)
    {
        var random = new Random(seed);
        double[] rates = [0.01, 0.02, 0.03, 0.05, 0.08, 0.12, 0.2, 0.3, 0.4, 0.5];
        var y = new byte[Samples * Labels];
        for (int i = 0; i < Samples; i++)
        {
            for (int l = 0; l < Labels; l++)
            {
                y[i * Labels + l] = random.NextDouble() < rates[l] ? (byte)1 : (byte)0;
            }
            if (y[i * Labels + 8] == 1 && random.NextDouble() < 0.5)
            {
                y[i * Labels + 3] = 1;
            }
        }
        return y;
    }

    /// <summary>The summed |label count in fold - label count / folds| over folds and labels: 0 is perfect stratification.</summary>
    private static double Deviation(byte[] y, TrainTestSplit[] folds)
    {
        double total = 0;
        for (int l = 0; l < Labels; l++)
        {
            int all = 0;
            for (int i = 0; i < Samples; i++)
            {
                all += y[i * Labels + l];
            }
            foreach (TrainTestSplit fold in folds)
            {
                int inFold = fold.Test.Sum(i => y[i * Labels + l]);
                total += Math.Abs(inFold - (double)all / folds.Length);
            }
        }
        return total;
    }

    private static TrainTestSplit[] RandomFolds(int seed)
    {
        int[] order = [.. Enumerable.Range(0, Samples)];
        new Random(seed).Shuffle(order);
        var fold = new int[Samples];
        for (int i = 0; i < Samples; i++)
        {
            fold[order[i]] = i % Folds;
        }
        return [.. Enumerable.Range(0, Folds).Select(f => new TrainTestSplit(
            [.. Enumerable.Range(0, Samples).Where(i => fold[i] != f)], [.. Enumerable.Range(0, Samples).Where(i => fold[i] == f)]))];
    }

    [Fact]
    public void KFoldKeepsLabelProportionsBetterThanRandomFolds()
    {
        double iterative = 0, random = 0;
        for (int seed = 0; seed < 5; seed++)
        {
            byte[] y = Indicator(seed);
            TrainTestSplit[] folds = IterativeStratification.KFold(y, Labels, Folds, (ulong)seed);
            var seen = new int[Samples];
            foreach (TrainTestSplit fold in folds)
            {
                StratifiedSplitTests.AssertDisjoint(fold, Samples);
                Assert.Equal(Samples, fold.Train.Length + fold.Test.Length);
                Assert.InRange(fold.Test.Length, Samples / Folds - 3, Samples / Folds + 3);
                foreach (int i in fold.Test)
                {
                    seen[i]++;
                }
            }
            Assert.All(seen, s => Assert.Equal(1, s));
            iterative += Deviation(y, folds);
            random += Deviation(y, RandomFolds(seed));
        }
        Assert.True(iterative < 0.5 * random, $"iterative stratification deviates {iterative}, random folds {random}");
    }

    [Fact]
    public void TrainTestAimsAtScikitLearnsTestSizeAndIsSeeded()
    {
        byte[] y = Indicator(11);
        TrainTestSplit a = IterativeStratification.TrainTest(y, Labels, 0.25, seed: 3);
        TrainTestSplit b = IterativeStratification.TrainTest(y, Labels, 0.25, seed: 3);
        Assert.Equal(a.Test, b.Test);
        Assert.Equal(a.Train, b.Train);
        StratifiedSplitTests.AssertDisjoint(a, Samples);
        Assert.Equal(Samples, a.Train.Length + a.Test.Length);
        Assert.InRange(a.Test.Length, 100 - 3, 100 + 3);
        // Every label with at least 4 samples lands in the test part in about its share.
        for (int l = 0; l < Labels; l++)
        {
            int all = Enumerable.Range(0, Samples).Sum(i => y[i * Labels + l]);
            int test = a.Test.Sum(i => y[i * Labels + l]);
            Assert.InRange(test, Math.Floor(all * 0.25) - 1, Math.Ceiling(all * 0.25) + 1);
        }
    }

    [Fact]
    public void MultiLabelDataIsSplitIteratively()
    {
        byte[] y = Indicator(4);
        string[] names = [.. Enumerable.Range(0, Labels).Select(l => $"tag{l}")];
        string[][] sets = Classification.Models.LabelIndicator.Decode(y, names);
        var data = new LabeledData(new DenseMatrix(new float[Samples], Samples, 1), sets, names);
        TrainTestSplit split = StratifiedSplit.TrainTest(data, 0.25, seed: 2);
        Assert.Equal(IterativeStratification.TrainTest(y, Labels, 0.25, seed: 2), split, new SplitComparer());
        var (train, test) = split.Apply(data);
        Assert.Equal(split.Test.Length, test.Count);
        Assert.Equal(sets[split.Test[0]], test.LabelSets[0]);
        TrainTestSplit[] folds = StratifiedSplit.KFold(data, 4, seed: 2);
        Assert.Equal(4, folds.Length);
        Assert.Equal(Samples, folds.Sum(f => f.Test.Length));
    }

    private sealed class SplitComparer : IEqualityComparer<TrainTestSplit>
    {
        public bool Equals(TrainTestSplit? x, TrainTestSplit? y) => x!.Train.SequenceEqual(y!.Train) && x.Test.SequenceEqual(y.Test);

        public int GetHashCode(TrainTestSplit obj) => obj.Test.Length;
    }
}
