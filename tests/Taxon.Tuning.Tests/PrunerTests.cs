using Taxon.Tuning.Pruners;
using Taxon.Tuning.Samplers;

namespace Taxon.Tuning.Tests;

public class PrunerTests
{
    /// <summary>A study whose complete trials reported the given curves (one value per step).</summary>
    private static Study StudyWith(IPruner pruner, StudyDirection direction, params double[][] curves)
    {
        var study = Study.Create(new StudyOptions { Name = "p", Direction = direction, Sampler = new RandomSampler(0), Pruner = pruner });
        foreach (var curve in curves)
        {
            var t = study.Ask();
            for (int s = 0; s < curve.Length; s++)
            {
                t.Report(curve[s], s);
            }
            study.Tell(t, curve[^1]);
        }
        return study;
    }

    private static bool Judge(Study study, params double[] curve)
    {
        var t = study.Ask();
        for (int s = 0; s < curve.Length; s++)
        {
            t.Report(curve[s], s);
        }
        bool prune = t.ShouldPrune();
        study.Tell(t, TrialState.Pruned);
        return prune;
    }

    [Fact]
    public void MedianPrunerComparesTheBestSoFarWithTheMedianAtTheStep()
    {
        var pruner = new MedianPruner(new PercentilePrunerOptions { StartupTrials = 3 });
        var study = StudyWith(pruner, StudyDirection.Minimize, [5, 4], [3, 2], [9, 8]);
        // Median at step 1 of 4, 2, 8 is 4: a trial at 4.5 whose best so far is 4.5 is pruned, one at 3.9 is not.
        Assert.True(Judge(study, 6, 4.5));
        Assert.False(Judge(study, 6, 3.9));
        // Its best over the steps counts, not the last value: 3 at step 0 keeps it alive at step 1.
        Assert.False(Judge(study, 3, 7));
        // Maximising flips the comparison.
        var max = StudyWith(new MedianPruner(new PercentilePrunerOptions { StartupTrials = 3 }), StudyDirection.Maximize, [5, 4], [3, 2], [9, 8]);
        Assert.True(Judge(max, 1, 3.9));
        Assert.False(Judge(max, 1, 4.1));
    }

    [Fact]
    public void PercentilePrunerRespectsStartupWarmupIntervalAndMinTrials()
    {
        // 25th percentile of 1, 2, 4, 8 with linear interpolation (NumPy) is 1.75.
        var curves = new[] { new[] { 1.0 }, [2.0], [4.0], [8.0] };
        var p = StudyWith(new PercentilePruner(new PercentilePrunerOptions { Percentile = 25, StartupTrials = 4 }), StudyDirection.Minimize, curves);
        Assert.True(Judge(p, 1.8));
        Assert.False(Judge(p, 1.7));
        Assert.Equal(1.75, PercentilePruner.NanPercentile([1, 2, 4, 8], 25), 12);
        Assert.Equal(5.0, PercentilePruner.NanPercentile([1, 2, 4, 8, double.NaN], 75), 12);

        var startup = StudyWith(new MedianPruner(new PercentilePrunerOptions { StartupTrials = 5 }), StudyDirection.Minimize, curves);
        Assert.False(Judge(startup, 100));   // only 4 completed trials

        var warm = StudyWith(new MedianPruner(new PercentilePrunerOptions { StartupTrials = 1, WarmupSteps = 2 }), StudyDirection.Minimize, [1, 1, 1], [1, 1, 1]);
        Assert.False(Judge(warm, 9, 9));       // step 1 is in the warm-up
        Assert.True(Judge(warm, 9, 9, 9));

        var interval = StudyWith(new MedianPruner(new PercentilePrunerOptions { StartupTrials = 1, IntervalSteps = 2 }), StudyDirection.Minimize, [1, 1, 1, 1]);
        Assert.False(Judge(interval, 9, 9));   // step 1 is not an interval boundary
        Assert.True(Judge(interval, 9, 9, 9));

        var minTrials = StudyWith(new MedianPruner(new PercentilePrunerOptions { StartupTrials = 1, MinTrials = 2 }), StudyDirection.Minimize, [1, 1], [1]);
        Assert.False(Judge(minTrials, 9, 9));  // one completed trial reported step 1
        Assert.True(Judge(minTrials, 9));

        var nan = StudyWith(new MedianPruner(new PercentilePrunerOptions { StartupTrials = 1 }), StudyDirection.Minimize, [1.0]);
        Assert.True(Judge(nan, double.NaN));
    }

    [Fact]
    public void SuccessiveHalvingPromotesTheTopQuarterAtEachRung()
    {
        // r = 1, eta = 4: rungs at steps 1, 4, 16. Values recorded at rung 0 so far: 1, 2, 3 from earlier trials.
        var pruner = new SuccessiveHalvingPruner(new SuccessiveHalvingPrunerOptions { MinResource = 1, ReductionFactor = 4 });
        var study = Study.Create(new StudyOptions { Name = "sh", Sampler = new RandomSampler(0), Pruner = pruner });
        bool Step(Trial t, int step, double v)
        {
            t.Report(v, step);
            return t.ShouldPrune();
        }
        var first = study.Ask();
        Assert.False(Step(first, 0, 10));        // before the first rung
        Assert.False(Step(first, 1, 1));         // alone at rung 0: promoted
        Assert.Equal(1.0, study.Storage.GetTrial(first.TrialId).SystemAttrs["completed_rung_0"]);
        var values = new List<bool>();
        foreach (double v in new[] { 2.0, 3.0, 0.5, 4.0 })
        {
            var t = study.Ask();
            values.Add(Step(t, 1, v));
        }
        // Competitors {1, 2}: 4/2-1 < 0 → index 0 → must be ≤ 1: 2 pruned. {1,2,3}: still index 0: 3 pruned.
        // {1,2,3,0.5}: index 0 → 0.5 promoted. {1,2,3,0.5,4}: 5/4-1 = 0 → 4 pruned.
        Assert.Equal([true, true, false, true], values);
        var late = study.Ask();
        late.Report(0.1, 1);
        late.Report(0.1, 4);                      // jumps to step 4: promoted at rung 0, then alone at rung 1
        Assert.False(late.ShouldPrune());
        var attrs = study.Storage.GetTrial(late.TrialId).SystemAttrs;
        Assert.True(attrs.ContainsKey("completed_rung_0") && attrs.ContainsKey("completed_rung_1"));
    }

    [Fact]
    public void HyperbandAssignsBracketsAsOptunaDoes()
    {
        var pruner = new HyperbandPruner(new HyperbandPrunerOptions { MinResource = 1, MaxResource = 27, ReductionFactor = 3 });
        var study = Study.Create(new StudyOptions { Name = "hb", Sampler = new RandomSampler(0), Pruner = pruner });
        var t = study.Ask();
        t.Report(1, 0);
        Assert.False(t.ShouldPrune());
        Assert.Equal(4, pruner.BracketCount);
        // Optuna 3.1: HyperbandPruner(1, 27, 3) on a study named "hb" puts trials 0..11 in these brackets.
        Assert.Equal([0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 3, 0], Enumerable.Range(0, 12).Select(n => pruner.BracketOf("hb", n)));
        Assert.Equal(2407493257u, Crc32.Compute("hb_0"u8));
    }

    [Fact]
    public void HyperbandPrunesWorseningTrialsMoreThanImprovingOnes()
    {
        var pruner = new HyperbandPruner(new HyperbandPrunerOptions { MinResource = 1, MaxResource = 9, ReductionFactor = 3 });
        var study = Study.Create(new StudyOptions { Name = "hb2", Sampler = new RandomSampler(0), Pruner = pruner });
        var pruned = new List<int>();
        study.Optimize(t =>
        {
            for (int step = 0; step < 9; step++)
            {
                t.Report(100 - t.Number, step);   // later trials are better: few are pruned
                if (t.ShouldPrune())
                {
                    pruned.Add(t.Number);
                    throw new TrialPrunedException();
                }
            }
            return 100 - t.Number;
        }, new OptimizeOptions { Trials = 30 });
        var worse = Study.Create(new StudyOptions { Name = "hb3", Sampler = new RandomSampler(0), Pruner = new HyperbandPruner(pruner.Options) });
        worse.Optimize(t =>
        {
            for (int step = 0; step < 9; step++)
            {
                t.Report(t.Number, step);         // later trials are worse: most are pruned
                t.PruneIfNeeded();
            }
            return t.Number;
        }, new OptimizeOptions { Trials = 30 });
        int prunedWorse = worse.Trials.Count(x => x.State == TrialState.Pruned);
        Assert.True(prunedWorse > pruned.Count + 10, $"pruned {prunedWorse} of worsening trials vs {pruned.Count} of improving ones");
    }
}
