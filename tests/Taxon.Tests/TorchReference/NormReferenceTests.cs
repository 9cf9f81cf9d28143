using Taxon.NN;
using Taxon.Tests.Kernels;

namespace Taxon.Tests.TorchReference;

/// <summary>
/// BatchNorm1d/2d, LayerNorm and the losses against PyTorch 1.13 (<c>fixtures/norm/norm_fixtures.json</c>): outputs,
/// gradients, and for batch norm the running statistics after every step of a train/eval sequence.
/// </summary>
public sealed class NormReferenceTests
{
    // O(1) float32 values of short computations; the per-channel sums differ from PyTorch's in summation order only.
    private const double Atol = 1e-5;
    private const double Rtol = 1e-5;

    /// <summary>xunit MemberData: the batch-norm cases.</summary>
    public static TheoryData<string> BatchNormCases => NormFixtures.Names("batchnorm");

    /// <summary>xunit MemberData: the layer-norm cases.</summary>
    public static TheoryData<string> LayerNormCases => NormFixtures.Names("layernorm");

    /// <summary>xunit MemberData: the loss cases.</summary>
    public static TheoryData<string> LossCases => NormFixtures.Names("loss");

    [Fact]
    public void FixtureFileLoads()
    {
        Assert.True(NormFixtures.All.Count >= 100, $"only {NormFixtures.All.Count} cases in {NormFixtures.FixturePath}");
        Assert.Equal(NormFixtures.All.Count, NormFixtures.All.Select(c => c.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(BatchNormCases))]
    public void BatchNormMatchesPyTorch(string name)
    {
        NormCase c = NormFixtures.Get(name);
        int features = c.IntArg("num_features");
        float eps = c.FloatArg("eps");
        float? momentum = c.NullableFloatArg("momentum");
        bool affine = c.BoolArg("affine"), track = c.BoolArg("track_running_stats");
        BatchNorm m = c.Module == "BatchNorm1d"
            ? new BatchNorm1d(features, eps, momentum, affine, track)
            : new BatchNorm2d(features, eps, momentum, affine, track);
        if (affine)
        {
            using (global::Taxon.Autograd.NoGrad())
            {
                m.Weight!.Copy_(c.Weight!.ToTensor());
                m.Bias!.Copy_(c.Bias!.ToTensor());
            }
        }
        // An input of mean 100 and spread 0.1: y = x·scale + shift with scale ≈ 10 turns one float32 ulp of x (7.6e-6)
        // into 7.6e-5 of y, in PyTorch as here (measured worst difference 9e-5).
        double tol = name.Contains("large_mean", StringComparison.Ordinal) ? 3e-4 : Atol;
        for (int s = 0; s < c.Steps!.Count; s++)
        {
            BatchNormStep step = c.Steps[s];
            string at = $"{name} step {s} ({(step.Train ? "train" : "eval")})";
            m.Train(step.Train);
            Tensor x = step.Input.ToTensor();
            x.RequiresGrad = true;
            Tensor y = m.Forward(x);
            Assert.Equal("NativeBatchNormBackward0", y.GradFn!.Name);
            y.Backward(step.GradOutput.ToTensor());
            TensorCompare.Close(step.Output.Shape, step.Output.Data, y, tol, Rtol, $"{at} output");
            TensorCompare.Close(step.GradInput.Shape, step.GradInput.Data, x.Grad!, tol, Rtol, $"{at} input gradient");
            if (affine)
            {
                TensorCompare.Close(step.GradWeight!.Shape, step.GradWeight.Data, m.Weight!.Grad!, tol, Rtol, $"{at} weight gradient");
                TensorCompare.Close(step.GradBias!.Shape, step.GradBias.Data, m.Bias!.Grad!, tol, Rtol, $"{at} bias gradient");
            }
            if (track)
            {
                TensorCompare.Close(step.RunningMean!.Shape, step.RunningMean.Data, m.RunningMean!, Atol, Rtol, $"{at} running mean");
                TensorCompare.Close(step.RunningVar!.Shape, step.RunningVar.Data, m.RunningVar!, Atol, Rtol, $"{at} running variance");
                Assert.Equal((float)step.NumBatchesTracked!.Value, m.NumBatchesTracked!.Item());
            }
            else
            {
                Assert.Null(m.RunningMean);
                Assert.Null(step.RunningMean);
            }
            m.ZeroGrad();
        }
    }

    /// <summary>The *_wide cases (rows of 37 floats), once per vector width the kernels can take.</summary>
    public static TheoryData<string, int> WideCases => ForcedWidthScope.AtEveryWidth(NormFixtures.All.Select(c => c.Name).Where(n => n.EndsWith("_wide", StringComparison.Ordinal)));

    /// <summary>
    /// The wide cases with the vectorised loops forced to one width (1 = scalar), so that the 512-bit, 256-bit and scalar
    /// forms of the affine passes are all checked whatever this machine supports.
    /// </summary>
    [Theory]
    [MemberData(nameof(WideCases))]
    public void WideCaseMatchesPyTorchAtVectorWidth(string name, int width)
    {
        using (new ForcedWidthScope(width))
        {
            if (NormFixtures.Get(name).Kind == "batchnorm")
            {
                BatchNormMatchesPyTorch(name);
            }
            else
            {
                LayerNormMatchesPyTorch(name);
            }
        }
    }

    [Theory]
    [MemberData(nameof(LayerNormCases))]
    public void LayerNormMatchesPyTorch(string name)
    {
        NormCase c = NormFixtures.Get(name);
        bool affine = c.BoolArg("elementwise_affine");
        var m = new LayerNorm(c.IntsArg("normalized_shape"), c.FloatArg("eps"), affine);
        if (affine)
        {
            using (global::Taxon.Autograd.NoGrad())
            {
                m.Weight!.Copy_(c.Weight!.ToTensor());
                m.Bias!.Copy_(c.Bias!.ToTensor());
            }
        }
        // Mean 50, spread 0.1: as for batch norm, an ulp of x becomes ~1e-4 of y (measured worst difference 8e-5), and
        // the input gradients (~20 = rstd·g) differ from a float64 reference by up to 7e-4 in PyTorch and 6e-4 here.
        bool large = name.Contains("large_mean", StringComparison.Ordinal);
        double tol = large ? 3e-4 : Atol, rtol = large ? 1e-4 : Rtol;
        Tensor x = c.Input!.ToTensor();
        x.RequiresGrad = true;
        Tensor y = m.Forward(x);
        Assert.Equal("NativeLayerNormBackward0", y.GradFn!.Name);
        y.Backward(c.GradOutput!.ToTensor());
        TensorCompare.Close(c.Output!.Shape, c.Output.Data, y, tol, rtol, $"{name} output");
        TensorCompare.Close(c.GradInput!.Shape, c.GradInput.Data, x.Grad!, tol, rtol, $"{name} input gradient");
        if (affine)
        {
            TensorCompare.Close(c.GradWeight!.Shape, c.GradWeight.Data, m.Weight!.Grad!, tol, rtol, $"{name} weight gradient");
            TensorCompare.Close(c.GradBias!.Shape, c.GradBias.Data, m.Bias!.Grad!, tol, rtol, $"{name} bias gradient");
        }
    }

    [Theory]
    [MemberData(nameof(LossCases))]
    public void LossMatchesPyTorch(string name)
    {
        NormCase c = NormFixtures.Get(name);
        Reduction reduction = c.StringArg("reduction") switch
        {
            "none" => Reduction.None,
            "sum" => Reduction.Sum,
            _ => Reduction.Mean,
        };
        Tensor x = c.Input!.ToTensor();
        x.RequiresGrad = true;
        Tensor? weight = c.Weight?.ToTensor();
        Tensor? floatTarget = null;
        IndexTensor? indexTarget = null;
        if (c.TargetKind == "index")
        {
            int[] ints = c.Target!.Ints();
            indexTarget = c.Target.Shape.Length == 0 ? IndexTensor.FromArray(ints).Reshape() : IndexTensor.FromArray(ints, c.Target.Shape);
        }
        else
        {
            floatTarget = c.Target!.ToTensor();
            floatTarget.RequiresGrad = c.GradTarget is not null;
        }
        Tensor y = c.Loss switch
        {
            "cross_entropy" when indexTarget is not null =>
                new CrossEntropyLoss(weight, c.IntArg("ignore_index"), reduction, c.FloatArg("label_smoothing")).Forward(x, indexTarget),
            "cross_entropy" => new CrossEntropyLoss(weight, reduction: reduction, labelSmoothing: c.FloatArg("label_smoothing")).Forward(x, floatTarget!),
            "nll_loss" => new NllLoss(weight, c.IntArg("ignore_index"), reduction).Forward(x, indexTarget!),
            "bce_with_logits" => new BceWithLogitsLoss(weight, reduction, c.PosWeight?.ToTensor()).Forward(x, floatTarget!),
            "mse" => new MseLoss(reduction).Forward(x, floatTarget!),
            "multi_margin" => new MultiMarginLoss(c.IntArg("p"), c.FloatArg("margin"), weight, reduction).Forward(x, indexTarget!),
            _ => throw new InvalidDataException($"{name}: unknown loss {c.Loss}."),
        };
        y.Backward(c.GradOutput!.ToTensor());
        // Logits of magnitude ~100 (large_logits): absolute errors scale with the inputs.
        double tol = name.Contains("large", StringComparison.Ordinal) ? 1e-4 : Atol;
        TensorCompare.Close(c.Output!.Shape, c.Output.Data, y, tol, Rtol, $"{name} output");
        TensorCompare.Close(c.GradInput!.Shape, c.GradInput.Data, x.Grad!, tol, Rtol, $"{name} input gradient");
        if (c.GradTarget is not null)
        {
            TensorCompare.Close(c.GradTarget.Shape, c.GradTarget.Data, floatTarget!.Grad!, tol, Rtol, $"{name} target gradient");
        }
    }
}
