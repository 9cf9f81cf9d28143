using Taxon.Tuning.Pruners;
using Taxon.Tuning.Samplers;

namespace Taxon.Tuning.Tests;

public class SuggestTests
{
    private static Study NewStudy(long seed = 1) =>
        Study.Create(new StudyOptions { Sampler = new RandomSampler(seed), Pruner = new NopPruner() });

    [Fact]
    public void FloatSuggestionsStayInBoundsAndLogSpreadsOverDecades()
    {
        var study = NewStudy();
        var logs = new List<double>();
        for (int i = 0; i < 400; i++)
        {
            var t = study.Ask();
            double x = t.SuggestFloat("x", -3, 5);
            double lr = t.SuggestFloat("lr", 1e-5, 1e-1, log: true);
            Assert.InRange(x, -3, 5);
            Assert.InRange(lr, 1e-5, 1e-1);
            logs.Add(Math.Log10(lr));
            study.Tell(t, x);
        }
        // Log-uniform: each of the four decades gets about a quarter; uniform would put ~90% in the top one.
        for (int decade = -5; decade < -1; decade++)
        {
            int count = logs.Count(l => l >= decade && l < decade + 1);
            Assert.InRange(count, 60, 140);
        }
    }

    [Fact]
    public void SteppedFloatsLieOnTheGridAndHighIsLoweredToIt()
    {
        var study = NewStudy();
        var seen = new HashSet<double>();
        for (int i = 0; i < 200; i++)
        {
            var t = study.Ask();
            double d = t.SuggestFloat("d", 0.1, 1.0, step: 0.2);   // grid 0.1, 0.3, 0.5, 0.7, 0.9: 1.0 is off it
            seen.Add(Math.Round(d, 10));
            study.Tell(t, d);
        }
        Assert.Equal(new[] { 0.1, 0.3, 0.5, 0.7, 0.9 }, seen.Order());
        var dist = Assert.IsType<FloatDistribution>(study.Trials[0].Distributions["d"]);
        Assert.Equal(0.9, dist.High, 12);
        Assert.Equal(0.2, dist.Step);
    }

    [Fact]
    public void IntegersRespectStepAndLog()
    {
        var study = NewStudy();
        var stepped = new HashSet<int>();
        var logged = new List<int>();
        for (int i = 0; i < 500; i++)
        {
            var t = study.Ask();
            stepped.Add(t.SuggestInt("n", 1, 10, step: 3));          // 1, 4, 7, 10
            int u = t.SuggestInt("u", 1, 1000, log: true);
            Assert.InRange(u, 1, 1000);
            logged.Add(u);
            study.Tell(t, 0);
        }
        Assert.Equal(new[] { 1, 4, 7, 10 }, stepped.Order());
        // Log-uniform over [0.5, 1000.5]: P(u <= 10) = ln(10.5/0.5)/ln(1000.5/0.5) ≈ 0.40.
        double small = logged.Count(u => u <= 10) / (double)logged.Count;
        Assert.InRange(small, 0.3, 0.5);
        var dist = Assert.IsType<IntDistribution>(study.Trials[0].Distributions["u"]);
        Assert.True(dist.Log);
    }

    [Fact]
    public void CategoricalReturnsTheCallersObjectsAndStoresTheIndex()
    {
        var study = NewStudy();
        var t = study.Ask();
        string opt = t.SuggestCategorical("opt", ["sgd", "adam", "rmsprop"]);
        Assert.Contains(opt, new[] { "sgd", "adam", "rmsprop" });
        int layers = t.SuggestCategorical("layers", [1, 2, 4]);
        study.Tell(t, 1);
        var frozen = study.Trials[0];
        Assert.Equal(opt, frozen.Params["opt"]);
        Assert.Equal((long)layers, frozen.Params["layers"]);
        Assert.Equal(Array.IndexOf(new[] { "sgd", "adam", "rmsprop" }, opt), (int)frozen.InternalParams["opt"]);
    }

    [Fact]
    public void AskingTwiceForANameReturnsTheFirstValue()
    {
        var study = NewStudy();
        var t = study.Ask();
        double a = t.SuggestFloat("x", 0, 1);
        Assert.Equal(a, t.SuggestFloat("x", 0, 1));
        Assert.Throws<ArgumentException>(() => t.SuggestCategorical("x", ["a", "b"]));
    }

    [Fact]
    public void InvalidRangesAreRejectedWithTheReason()
    {
        var t = NewStudy().Ask();
        Assert.Contains("low > 0", Assert.Throws<ArgumentException>(() => t.SuggestFloat("a", 0, 1, log: true)).Message);
        Assert.Contains("step cannot be used with log", Assert.Throws<ArgumentException>(() => t.SuggestFloat("b", 1, 2, log: true, step: 0.5)).Message);
        Assert.Contains("must not exceed", Assert.Throws<ArgumentException>(() => t.SuggestInt("c", 5, 1)).Message);
        Assert.Contains("log=true needs step 1", Assert.Throws<ArgumentException>(() => t.SuggestInt("d", 1, 9, log: true, step: 2)).Message);
    }

    [Fact]
    public void LaterTrialsCannotChangeAParametersKind()
    {
        var study = NewStudy();
        var t0 = study.Ask();
        t0.SuggestFloat("x", 0, 1);
        study.Tell(t0, 0);
        var t1 = study.Ask();
        Assert.Throws<ArgumentException>(() => t1.SuggestInt("x", 0, 1));
        // A float may change its range between trials (Optuna allows dynamic ranges).
        Assert.InRange(t1.SuggestFloat("x", 5, 6), 5, 6);
    }

    [Fact]
    public void SingleValueDistributionsNeedNoSampler()
    {
        var t = NewStudy().Ask();
        Assert.Equal(3.0, t.SuggestFloat("a", 3, 3));
        Assert.Equal(7, t.SuggestInt("b", 7, 7));
        Assert.Equal("only", t.SuggestCategorical("c", ["only"]));
    }
}
