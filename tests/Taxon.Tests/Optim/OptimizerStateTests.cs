using Taxon.Optim;

namespace Taxon.Tests.Optim;

/// <summary>
/// Saving and restoring optimiser and scheduler state: training resumes bit-exactly, and mismatched state is refused
/// with a message that says what differs, leaving the optimiser unchanged.
/// </summary>
public sealed class OptimizerStateTests
{
    /// <summary>xunit MemberData: every optimiser, with options that give it all its kinds of state.</summary>
    public static TheoryData<string> Kinds => ["sgd", "adagrad", "adadelta", "rmsprop", "adam", "adamw", "adamax", "nadam"];

    /// <summary>
    /// An optimiser over the problem in two groups with different options; <paramref name="plain"/> gives both
    /// groups the type's default options instead (for checking that loading restores the saved options).
    /// </summary>
    private static Optimizer Make(string kind, OptimProblem problem, bool plain = false)
    {
        Tensor w = problem.Parameters["w"], b = problem.Parameters["b"], v = problem.Parameters["v"], z = problem.Parameters["z"];
        ParamGroup First() => new([w, z]);
        ParamGroup Second(OptimizerOptions options) => new([b, v], plain ? null : options);
        return kind switch
        {
            "sgd" => new Sgd([First(), Second(new SgdOptions(0.02, Momentum: 0.9, Nesterov: true))], new SgdOptions(0.05, Momentum: plain ? 0 : 0.5)),
            "adagrad" => new Adagrad([First(), Second(new AdagradOptions(0.05, LearningRateDecay: 0.01, InitialAccumulatorValue: 0.1))]),
            "adadelta" => new Adadelta([First(), Second(new AdadeltaOptions(0.5, Rho: 0.8, WeightDecay: 0.01))]),
            "rmsprop" => new RmsProp([First(), Second(new RmsPropOptions(0.005, Momentum: 0.5, Centered: true))]),
            "adam" => new Adam([First(), Second(new AdamOptions(0.02, Amsgrad: true, WeightDecay: 0.01))]),
            "adamw" => new AdamW([First(), Second(new AdamWOptions(0.02, Amsgrad: true))]),
            "adamax" => new Adamax([First(), Second(new AdamaxOptions(0.02, Beta1: 0.8))]),
            "nadam" => new NAdam([First(), Second(new NAdamOptions(0.02, MomentumDecay: 0.01))]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void TrainingResumesBitExactlyFromSavedState(string kind)
    {
        var a = new OptimProblem();
        Optimizer optA = Make(kind, a);
        var schedA = new ExponentialLR(optA, 0.9);
        for (int i = 0; i < 10; i++)
        {
            a.TrainStep(optA);
            schedA.Step();
        }
        using var optimizerFile = new MemoryStream();
        using var schedulerFile = new MemoryStream();
        optA.Save(optimizerFile);
        schedA.Save(schedulerFile);
        OptimProblem b = a.Copy();
        for (int i = 0; i < 10; i++)
        {
            a.TrainStep(optA);
            schedA.Step();
        }

        Optimizer optB = Make(kind, b, plain: true);
        var schedB = new ExponentialLR(optB, 0.5);
        optimizerFile.Position = 0;
        optB.Load(optimizerFile);
        schedulerFile.Position = 0;
        schedB.Load(schedulerFile);
        Assert.Equal(0.9, schedB.Gamma);
        Assert.Equal(optA.ParamGroups[1].Options, optB.ParamGroups[1].Options);
        for (int i = 0; i < 10; i++)
        {
            b.TrainStep(optB);
            schedB.Step();
        }

        Assert.Equal(a.Values(), b.Values());
        Assert.Equal(optA.ParamGroups.Select(g => g.LearningRate), optB.ParamGroups.Select(g => g.LearningRate));
        Assert.Equal(20, optB.GetState(b.Parameters["w"])!.Step);
    }

    [Fact]
    public void SavesToAFileWithStateTensorsAndScalarsInSafeTensors()
    {
        var problem = new OptimProblem();
        Optimizer nadam = Make("nadam", problem);
        for (int i = 0; i < 3; i++)
        {
            problem.TrainStep(nadam);
        }
        string path = Path.Combine(Path.GetTempPath(), $"taxon-optim-{Guid.NewGuid():N}.safetensors");
        try
        {
            nadam.Save(path);
            var (tensors, metadata) = Taxon.Serialization.SafeTensors.Load(path);
            // w, z in group 0 (z has no state), b, v in group 1: parameters 0..3.
            Assert.Equal(["state.0.exp_avg", "state.0.exp_avg_sq", "state.2.exp_avg", "state.2.exp_avg_sq", "state.3.exp_avg", "state.3.exp_avg_sq"],
                tensors.Keys.Order(StringComparer.Ordinal));
            Assert.Equal([4, 3], tensors["state.0.exp_avg"].Shape.ToArray());
            Assert.Equal("3", metadata["state.2.step"]);
            Assert.False(metadata.ContainsKey("state.1.step"));
            Assert.True(metadata.ContainsKey("state.3.mu_product"));
            Assert.Equal("0.02", metadata["group.1.lr"]);
            Assert.Equal("NAdam", metadata["optimizer"]);

            var copy = new OptimProblem();
            Optimizer loaded = Make("nadam", copy);
            loaded.Load(path);
            Assert.Equal(nadam.GetState(problem.Parameters["v"])!.Scalars["mu_product"], loaded.GetState(copy.Parameters["v"])!.Scalars["mu_product"]);
            Assert.Equal(nadam.GetState(problem.Parameters["v"])!.Buffers["exp_avg"].ToArray(), loaded.GetState(copy.Parameters["v"])!.Buffers["exp_avg"].ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void StateDictIsASnapshotAndLoadCopies()
    {
        var problem = new OptimProblem();
        Optimizer adam = Make("adam", problem);
        problem.TrainStep(adam);
        OptimizerStateDict state = adam.StateDict();
        float[] before = state.Tensors["state.0.exp_avg"].ToArray();
        problem.TrainStep(adam);
        Assert.Equal(before, state.Tensors["state.0.exp_avg"].ToArray());

        adam.LoadStateDict(state);
        Assert.Equal(1, adam.GetState(problem.Parameters["w"])!.Step);
        Assert.NotSame(state.Tensors["state.0.exp_avg"], adam.GetState(problem.Parameters["w"])!.Buffers["exp_avg"]);
        Assert.Equal(before, adam.GetState(problem.Parameters["w"])!.Buffers["exp_avg"].ToArray());
    }

    [Fact]
    public void LoadingAnotherOptimizersStateFails()
    {
        var problem = new OptimProblem();
        Optimizer sgd = Make("sgd", problem);
        problem.TrainStep(sgd);
        var e = Assert.Throws<InvalidOperationException>(() => Make("adam", new OptimProblem()).LoadStateDict(sgd.StateDict()));
        Assert.Contains("saved by Sgd, but this is Adam", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadingIntoDifferentGroupsOrShapesFailsAndChangesNothing()
    {
        var problem = new OptimProblem();
        Optimizer adam = Make("adam", problem);
        problem.TrainStep(adam);
        OptimizerStateDict state = adam.StateDict();

        Tensor[] ps = new OptimProblem().All;
        var oneGroup = new Adam(ps);
        var e = Assert.Throws<InvalidOperationException>(() => oneGroup.LoadStateDict(state));
        Assert.Contains("the state has 2 parameter groups, but this optimizer has 1", e.Message, StringComparison.Ordinal);

        var fewer = new Adam([new ParamGroup([ps[0], ps[3]]), new ParamGroup([ps[1]])]);
        e = Assert.Throws<InvalidOperationException>(() => fewer.LoadStateDict(state));
        Assert.Contains("parameter group 1 has 2 parameters in the state, but 1 in this optimizer", e.Message, StringComparison.Ordinal);

        Tensor transposed = Tensor.Zeros(3, 4);
        var reshaped = new Adam([new ParamGroup([transposed, ps[3]]), new ParamGroup([ps[1], ps[2]])]);
        transposed.Grad = Tensor.Ones(3, 4);
        reshaped.Step();
        ParameterState before = reshaped.GetState(transposed)!;
        double lr = reshaped.ParamGroups[1].LearningRate;
        e = Assert.Throws<InvalidOperationException>(() => reshaped.LoadStateDict(state));
        Assert.Contains("parameter 0 (group 0, position 0) has shape [4, 3] in the state, but [3, 4] in this optimizer", e.Message, StringComparison.Ordinal);
        Assert.Same(before, reshaped.GetState(transposed));
        Assert.Equal(lr, reshaped.ParamGroups[1].LearningRate);
    }

    [Fact]
    public void MalformedStateIsReportedByKey()
    {
        var problem = new OptimProblem();
        Optimizer adam = Make("adam", problem);
        problem.TrainStep(adam);
        OptimizerStateDict state = adam.StateDict();

        OptimizerStateDict Edit(Action<Dictionary<string, string>> edit, Action<Dictionary<string, Tensor>>? tensors = null)
        {
            var m = new Dictionary<string, string>(state.Metadata);
            var t = new Dictionary<string, Tensor>(state.Tensors);
            edit(m);
            tensors?.Invoke(t);
            return new OptimizerStateDict(t, m);
        }

        var e = Assert.Throws<InvalidDataException>(() => adam.LoadStateDict(Edit(m => m.Remove("group.1.options"))));
        Assert.Contains("'group.1.options'", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<InvalidDataException>(() => adam.LoadStateDict(Edit(m => m["state.0.step"] = "ten")));
        Assert.Contains("'state.0.step'", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<InvalidDataException>(() => adam.LoadStateDict(Edit(m => m["group.0.options"] = "{\"Beta2\": 1.5}")));
        Assert.Contains("invalid", e.Message, StringComparison.Ordinal);
        var io = Assert.Throws<InvalidOperationException>(() => adam.LoadStateDict(Edit(m => m["state.9.step"] = "1")));
        Assert.Contains("refers to parameter 9, but the optimizer has 4 parameters", io.Message, StringComparison.Ordinal);
        io = Assert.Throws<InvalidOperationException>(() => adam.LoadStateDict(Edit(_ => { }, t => t["state.0.exp_avg"] = Tensor.Zeros(12))));
        Assert.Contains("'state.0.exp_avg' has shape [12], but parameter 0 has shape [4, 3]", io.Message, StringComparison.Ordinal);
        e = Assert.Throws<InvalidDataException>(() => adam.LoadStateDict(Edit(m => m.Remove("state.0.step"))));
        Assert.Contains("no 'state.0.step' entry", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => adam.Load(new MemoryStream([1, 2, 3])));
    }

    /// <summary>xunit MemberData: every scheduler kind.</summary>
    public static TheoryData<string> Schedulers => ["step", "exponential", "cosine", "linear", "plateau"];

    private static LrScheduler MakeScheduler(string kind, Optimizer optimizer) => kind switch
    {
        "step" => new StepLR(optimizer, 4, 0.5),
        "exponential" => new ExponentialLR(optimizer, 0.9),
        "cosine" => new CosineAnnealingLR(optimizer, 7, 0.001),
        "linear" => new LinearLR(optimizer, 0.2, 1.0, 15),
        "plateau" => new ReduceLROnPlateau(optimizer, factor: 0.5, patience: 1, cooldown: 1),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static void Epoch(LrScheduler scheduler, int epoch)
    {
        if (scheduler is ReduceLROnPlateau plateau)
        {
            plateau.Step(epoch % 3 == 0 ? 1.0 / (epoch + 1) : 2.0);
        }
        else
        {
            ((EpochLrScheduler)scheduler).Step();
        }
    }

    [Theory]
    [MemberData(nameof(Schedulers))]
    public void SchedulersResumeExactly(string kind)
    {
        var a = new Sgd([new ParamGroup([Tensor.Zeros(1)]), new ParamGroup([Tensor.Zeros(1)], new SgdOptions(0.01))], new SgdOptions(0.1));
        LrScheduler schedA = MakeScheduler(kind, a);
        for (int e = 0; e < 10; e++)
        {
            Epoch(schedA, e);
        }
        OptimizerStateDict optimizerState = a.StateDict();
        IReadOnlyDictionary<string, string> schedulerState = schedA.StateDict();
        var expected = new List<double[]>();
        for (int e = 10; e < 25; e++)
        {
            Epoch(schedA, e);
            expected.Add(a.ParamGroups.Select(g => g.LearningRate).ToArray());
        }

        // PyTorch's order: create the optimiser and the scheduler, then load both.
        var b = new Sgd([new ParamGroup([Tensor.Zeros(1)]), new ParamGroup([Tensor.Zeros(1)], new SgdOptions(0.01))], new SgdOptions(0.1));
        LrScheduler schedB = MakeScheduler(kind, b);
        b.LoadStateDict(optimizerState);
        schedB.LoadStateDict(schedulerState);
        Assert.Equal(10, schedB.LastEpoch);
        for (int e = 10; e < 25; e++)
        {
            Epoch(schedB, e);
            Assert.Equal(expected[e - 10], b.ParamGroups.Select(g => g.LearningRate).ToArray());
        }
        Assert.Equal(schedA.StateDict(), schedB.StateDict());
    }

    [Fact]
    public void SchedulerStateRestoresHyperparametersAndRejectsOtherKinds()
    {
        var sgd = new Sgd([Tensor.Zeros(1)], new SgdOptions(0.1));
        var plateau = new ReduceLROnPlateau(sgd, MetricMode.Max, factor: 0.3, patience: 4, threshold: 0.5, thresholdMode: ThresholdMode.Absolute, cooldown: 2, minLearningRate: 1e-4, eps: 1e-6);
        plateau.Step(3);
        plateau.Step(1);
        using var stream = new MemoryStream();
        plateau.Save(stream);
        stream.Position = 0;

        var other = new ReduceLROnPlateau(new Sgd([Tensor.Zeros(1)], new SgdOptions(0.1)));
        other.Load(stream);
        Assert.Equal(MetricMode.Max, other.Mode);
        Assert.Equal(ThresholdMode.Absolute, other.ThresholdMode);
        Assert.Equal((0.3, 4, 0.5, 2, 1e-6), (other.Factor, other.Patience, other.Threshold, other.Cooldown, other.Eps));
        Assert.Equal([1e-4], other.MinLearningRates);
        Assert.Equal((3.0, 1, 2), (other.Best, other.NumBadEpochs, other.LastEpoch));

        var e = Assert.Throws<InvalidOperationException>(() => new StepLR(sgd, 3).LoadStateDict(plateau.StateDict()));
        Assert.Contains("saved by ReduceLROnPlateau, but this is StepLR", e.Message, StringComparison.Ordinal);
        var twoGroups = new Sgd([new ParamGroup([Tensor.Zeros(1)]), new ParamGroup([Tensor.Zeros(1)])], new SgdOptions(0.1));
        e = Assert.Throws<InvalidOperationException>(() => new ReduceLROnPlateau(twoGroups).LoadStateDict(plateau.StateDict()));
        Assert.Contains("1 values in the state, but the optimizer has 2 parameter groups", e.Message, StringComparison.Ordinal);
    }
}
