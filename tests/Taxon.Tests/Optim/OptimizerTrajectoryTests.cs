using System.Text.Json;
using Taxon.Optim;
using Taxon.Tests.TorchReference;

namespace Taxon.Tests.Optim;

/// <summary>
/// Every optimiser's 20-step trajectory on the fixed problem equals PyTorch 1.13's (fixtures/optim), step by step,
/// for its defaults and several option combinations, including two parameter groups with different options.
/// </summary>
public sealed class OptimizerTrajectoryTests
{
    private const double Atol = 1e-5;
    private const double Rtol = 1e-5;

    /// <summary>xunit MemberData: one row per optimiser case.</summary>
    public static TheoryData<string> Cases => OptimFixtures.Names("optimizers");

    [Fact]
    public void FixtureCoversEveryOptimizer()
    {
        string[] kinds = OptimFixtures.Root.GetProperty("optimizers").EnumerateArray()
            .Select(c => c.GetProperty("optimizer").GetString()!).Distinct().Order(StringComparer.Ordinal).ToArray();
        string[] expected = ["Adadelta", "Adagrad", "Adam", "AdamW", "Adamax", "NAdam", "RMSprop", "SGD"];
        Assert.Equal(expected, kinds);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name)
    {
        JsonElement c = OptimFixtures.Case("optimizers", name);
        string kind = c.GetProperty("optimizer").GetString()!;
        Dictionary<string, JsonElement> defaultArgs = OptimFixtures.Object(c.GetProperty("defaults"));
        OptimizerOptions defaults = OptimFixtures.Options(kind, defaultArgs);

        var problem = new OptimProblem();
        var groups = new List<ParamGroup>();
        foreach (JsonElement g in c.GetProperty("groups").EnumerateArray())
        {
            Tensor[] ps = g.GetProperty("params").EnumerateArray().Select(n => problem.Parameters[n.GetString()!]).ToArray();
            Dictionary<string, JsonElement> overrides = OptimFixtures.Object(g.GetProperty("options"));
            // A group without overrides takes the optimiser's defaults (options null), as in PyTorch.
            OptimizerOptions? options = overrides.Count == 0
                ? null
                : OptimFixtures.Options(kind, defaultArgs.Concat(overrides).GroupBy(p => p.Key).ToDictionary(p => p.Key, p => p.Last().Value));
            groups.Add(new ParamGroup(ps, options));
        }
        Optimizer optimizer = OptimFixtures.Create(kind, groups, defaults);

        int step = 0;
        foreach (JsonElement expected in c.GetProperty("trajectory").EnumerateArray())
        {
            step++;
            problem.TrainStep(optimizer);
            Assert.Null(problem.Parameters["z"].Grad);
            foreach (string n in OptimProblem.Names)
            {
                TensorCompare.Close(OptimFixtures.Floats(expected.GetProperty(n)), problem.Parameters[n].ToArray(), Atol, Rtol, $"{name}: {n} after step {step}");
            }
        }
        Assert.Equal(20, step);
        Assert.Null(optimizer.GetState(problem.Parameters["z"]));
    }
}
