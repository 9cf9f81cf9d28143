using System.Text.Json;
using Taxon.Optim;

namespace Taxon.Tests.Optim;

/// <summary>
/// Learning-rate sequences over 30 epochs equal PyTorch 1.13's (fixtures/optim): every scheduler alone, two chained,
/// and ReduceLROnPlateau fed a fixed metric sequence in each mode.
/// </summary>
public sealed class LrSchedulerFixtureTests
{
    /// <summary>xunit MemberData: one row per scheduler case.</summary>
    public static TheoryData<string> Cases => OptimFixtures.Names("schedulers");

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name)
    {
        JsonElement c = OptimFixtures.Case("schedulers", name);
        double[] groupLrs = c.GetProperty("groups_lr").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var sgd = new Sgd(groupLrs.Select(lr => new ParamGroup([Tensor.Zeros(1)], new SgdOptions(lr))), new SgdOptions(0.5));
        var schedulers = c.GetProperty("schedulers").EnumerateArray().Select(s => Create(sgd, s)).ToList();
        double[]? metrics = c.TryGetProperty("metrics", out JsonElement m) ? m.EnumerateArray().Select(e => e.GetDouble()).ToArray() : null;

        int epoch = 0;
        foreach (JsonElement expected in c.GetProperty("lrs").EnumerateArray())
        {
            if (epoch > 0)
            {
                sgd.Step();
                foreach (LrScheduler s in schedulers)
                {
                    if (s is ReduceLROnPlateau plateau)
                    {
                        plateau.Step(metrics![epoch - 1]);
                    }
                    else
                    {
                        ((EpochLrScheduler)s).Step();
                    }
                }
            }
            double[] want = expected.EnumerateArray().Select(e => e.GetDouble()).ToArray();
            for (int g = 0; g < want.Length; g++)
            {
                double actual = sgd.ParamGroups[g].LearningRate;
                // The same double arithmetic as Python's; only cos/pow may differ in the last bit.
                Assert.True(Math.Abs(actual - want[g]) <= 1e-15 + 1e-12 * Math.Abs(want[g]),
                    $"{name}: group {g} at epoch {epoch}: lr {actual:R}, PyTorch {want[g]:R}");
                Assert.Equal(actual, schedulers[^1].LastLearningRates[g]);
            }
            epoch++;
        }
        Assert.Equal(31, epoch);
    }

    private static LrScheduler Create(Optimizer optimizer, JsonElement spec)
    {
        Dictionary<string, JsonElement> a = OptimFixtures.Object(spec.GetProperty("args"));
        double D(string key, double fallback) => a.TryGetValue(key, out JsonElement e) ? e.GetDouble() : fallback;
        int I(string key, int fallback) => a.TryGetValue(key, out JsonElement e) ? e.GetInt32() : fallback;
        string S(string key, string fallback) => a.TryGetValue(key, out JsonElement e) ? e.GetString()! : fallback;
        return spec.GetProperty("type").GetString() switch
        {
            "StepLR" => a.ContainsKey("gamma") ? new StepLR(optimizer, I("step_size", 0), D("gamma", 0)) : new StepLR(optimizer, I("step_size", 0)),
            "ExponentialLR" => new ExponentialLR(optimizer, D("gamma", double.NaN)),
            "CosineAnnealingLR" => a.ContainsKey("eta_min") ? new CosineAnnealingLR(optimizer, I("T_max", 0), D("eta_min", 0)) : new CosineAnnealingLR(optimizer, I("T_max", 0)),
            "LinearLR" => Linear(optimizer, a),
            "ReduceLROnPlateau" => new ReduceLROnPlateau(
                optimizer,
                mode: S("mode", "min") == "min" ? MetricMode.Min : MetricMode.Max,
                factor: D("factor", 0.1),
                patience: I("patience", 10),
                threshold: D("threshold", 1e-4),
                thresholdMode: S("threshold_mode", "rel") == "rel" ? ThresholdMode.Relative : ThresholdMode.Absolute,
                cooldown: I("cooldown", 0),
                minLearningRate: D("min_lr", 0),
                eps: D("eps", 1e-8)),
            var t => throw new NotSupportedException($"Unknown scheduler '{t}' in the fixture."),
        };
    }

    /// <summary>LinearLR with only the given arguments, so that the cases without arguments check the C# defaults.</summary>
    private static LinearLR Linear(Optimizer optimizer, Dictionary<string, JsonElement> a)
    {
        if (a.Count == 0)
        {
            return new LinearLR(optimizer);
        }
        var d = new LinearLR(new Sgd([Tensor.Zeros(1)], new SgdOptions(1)));
        return new LinearLR(
            optimizer,
            a.TryGetValue("start_factor", out JsonElement s) ? s.GetDouble() : d.StartFactor,
            a.TryGetValue("end_factor", out JsonElement e) ? e.GetDouble() : d.EndFactor,
            a.TryGetValue("total_iters", out JsonElement t) ? t.GetInt32() : d.TotalIters);
    }
}
