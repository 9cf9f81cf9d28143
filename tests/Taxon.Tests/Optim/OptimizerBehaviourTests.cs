using Taxon.Optim;

namespace Taxon.Tests.Optim;

/// <summary>The Optimizer base: groups and their options, ZeroGrad, skipping parameters without gradients, checks.</summary>
public sealed class OptimizerBehaviourTests
{
    private static Tensor Param(params float[] values)
    {
        Tensor p = Tensor.FromArray(values);
        p.RequiresGrad = true;
        return p;
    }

    [Fact]
    public void ZeroGradSetsToNullByDefaultOrFillsZeros()
    {
        Tensor a = Param(1, 2), b = Param(3);
        var sgd = new Sgd([a, b], new SgdOptions(0.1));
        a.Mul(a).Sum().Add(b.Sum()).Backward();
        Tensor grad = a.Grad!;

        sgd.ZeroGrad(setToNone: false);
        Assert.Same(grad, a.Grad);
        Assert.Equal([0f, 0f], a.Grad!.ToArray());
        Assert.Equal([0f], b.Grad!.ToArray());

        sgd.ZeroGrad();
        Assert.Null(a.Grad);
        Assert.Null(b.Grad);
    }

    [Fact]
    public void StepSkipsParametersWithoutGradientEvenWithWeightDecayAndMomentum()
    {
        Tensor used = Param(1, 2), unused = Param(5, 6);
        var sgd = new Sgd([used, unused], new SgdOptions(0.1, Momentum: 0.9, WeightDecay: 0.5));
        used.Sum().Backward();
        sgd.Step();
        Assert.Equal([5f, 6f], unused.ToArray());
        Assert.Null(sgd.GetState(unused));
        Assert.Equal(1, sgd.GetState(used)!.Step);
        Assert.True(sgd.GetState(used)!.Buffers.ContainsKey("momentum_buffer"));

        // A zero gradient is not a missing one: weight decay still acts.
        unused.Grad = unused.ZerosLike();
        sgd.Step();
        Assert.NotEqual([5f, 6f], unused.ToArray());
    }

    [Fact]
    public void EachGroupUsesItsOwnOptionsAndLearningRate()
    {
        Tensor a = Param(1), b = Param(1), c = Param(1);
        var defaults = new SgdOptions(0.1);
        var sgd = new Sgd(
            [new ParamGroup([a]), new ParamGroup([b], defaults with { LearningRate = 0.01 }), new ParamGroup([c], defaults with { WeightDecay = 1 })],
            defaults);
        Assert.Same(defaults, sgd.ParamGroups[0].Options);
        Assert.Equal(0.01, sgd.ParamGroups[1].LearningRate);
        foreach (Tensor p in new[] { a, b, c })
        {
            p.Grad = Tensor.Ones(1);
        }
        sgd.Step();
        Assert.Equal(0.9f, a.ToArray()[0], 6);
        Assert.Equal(0.99f, b.ToArray()[0], 6);
        Assert.Equal(0.8f, c.ToArray()[0], 6);   // gradient 1 + weight decay 1·θ

        sgd.ParamGroups[0].LearningRate = 0.5;   // as a scheduler does
        sgd.Step();
        Assert.Equal(0.4f, a.ToArray()[0], 6);
    }

    [Fact]
    public void AddParamGroupTakesDefaultsAndRejectsSharedParameters()
    {
        Tensor a = Param(1), b = Param(2);
        var adam = new Adam([a], new AdamOptions(LearningRate: 0.05, Amsgrad: true));
        adam.AddParamGroup(new ParamGroup([b]));
        Assert.Equal(2, adam.ParamGroups.Count);
        Assert.Equal(new AdamOptions(LearningRate: 0.05, Amsgrad: true), adam.ParamGroups[1].Options);
        Assert.Equal(0.05, adam.ParamGroups[1].LearningRate);

        var e = Assert.Throws<ArgumentException>(() => adam.AddParamGroup(new ParamGroup([a])));
        Assert.Contains("more than one parameter group", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Adam([b, b]));
        Assert.Throws<ArgumentException>(() => adam.AddParamGroup(adam.ParamGroups[0]));
    }

    [Fact]
    public void RejectsWrongOptionsTypeNonLeavesAndEmptyLists()
    {
        Tensor a = Param(1);
        var e = Assert.Throws<ArgumentException>(() => new Adam([new ParamGroup([a], new SgdOptions(0.1))]));
        Assert.Contains("AdamOptions", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Sgd([a.Mul(2f)], new SgdOptions(0.1)));
        e = Assert.Throws<ArgumentException>(() => new Adam(Array.Empty<Tensor>()));
        Assert.Contains("empty parameter list", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidatesOptionsAsPyTorchDoes()
    {
        Tensor a = Param(1);
        var e = Assert.Throws<ArgumentException>(() => new Sgd([a], new SgdOptions(0.1, Nesterov: true)));
        Assert.Contains("Nesterov momentum requires a momentum and zero dampening", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Sgd([a], new SgdOptions(0.1, Momentum: 0.9, Dampening: 0.1, Nesterov: true)));
        Assert.Throws<ArgumentException>(() => new Sgd([a], new SgdOptions(-0.1)));
        Assert.Throws<ArgumentException>(() => new Sgd([a], new SgdOptions(double.NaN)));
        e = Assert.Throws<ArgumentException>(() => new Adam([a], new AdamOptions(Beta2: 1.0)));
        Assert.Contains("Invalid beta parameter at index 1", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new AdamW([a], new AdamWOptions(Eps: -1)));
        Assert.Throws<ArgumentException>(() => new Adamax([a], new AdamaxOptions(Beta1: -0.1)));
        Assert.Throws<ArgumentException>(() => new NAdam([a], new NAdamOptions(MomentumDecay: -1)));
        Assert.Throws<ArgumentException>(() => new Adagrad([a], new AdagradOptions(LearningRateDecay: -1)));
        Assert.Throws<ArgumentException>(() => new Adadelta([a], new AdadeltaOptions(Rho: 1.5)));
        Assert.Throws<ArgumentException>(() => new RmsProp([a], new RmsPropOptions(Alpha: -1)));
        // A group's own options are checked too.
        Assert.Throws<ArgumentException>(() => new Sgd([new ParamGroup([a], new SgdOptions(0.1, Momentum: -1))], new SgdOptions(0.1)));
    }

    [Fact]
    public void DefaultsAreTorchs()
    {
        Assert.Equal(new AdamOptions(1e-3, 0.9, 0.999, 1e-8, 0, false), new AdamOptions());
        Assert.Equal(1e-2, new AdamWOptions().WeightDecay);
        Assert.Equal(2e-3, new AdamaxOptions().LearningRate);
        Assert.Equal(4e-3, new NAdamOptions().MomentumDecay);
        Assert.Equal(2e-3, new NAdamOptions().LearningRate);
        Assert.Equal(1.0, new AdadeltaOptions().LearningRate);
        Assert.Equal(1e-6, new AdadeltaOptions().Eps);
        Assert.Equal(1e-10, new AdagradOptions().Eps);
        Assert.Equal(0.99, new RmsPropOptions().Alpha);
        Assert.Equal(1e-2, new RmsPropOptions().LearningRate);
    }

    [Fact]
    public void ClosureStepEvaluatesTheLossWithGradEnabled()
    {
        Tensor a = Param(3);
        var sgd = new Sgd([a], new SgdOptions(0.25));
        Tensor loss;
        using (Taxon.Autograd.NoGrad())
        {
            loss = sgd.Step(() =>
            {
                sgd.ZeroGrad();
                Tensor l = a.Square().Sum();
                l.Backward();
                return l;
            });
        }
        Assert.Equal(9f, loss.Item());
        Assert.Equal(1.5f, a.ToArray()[0]);   // 3 − 0.25·6
    }

    [Fact]
    public void UpdatesAreOutsideTheGraphAndKeepParametersLeaves()
    {
        var problem = new OptimProblem();
        var adam = new Adam(problem.All, new AdamOptions(LearningRate: 0.01));
        problem.TrainStep(adam);
        Assert.All(problem.All, p =>
        {
            Assert.True(p.IsLeaf);
            Assert.True(p.RequiresGrad);
        });
        problem.TrainStep(adam);   // a second backward works: nothing stale was saved
    }
}
