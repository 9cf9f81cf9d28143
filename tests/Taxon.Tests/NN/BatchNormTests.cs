using Taxon.NN;
using Taxon.Tests.TorchReference;

namespace Taxon.Tests.NN;

/// <summary>BatchNorm1d/2d semantics: train vs eval, running statistics, momentum = null, options, state, printing and errors.</summary>
public sealed class BatchNormTests
{
    private static float[] ChannelValues(float[] data, int[] shape, int channel)
    {
        int n = shape[0], c = shape[1], inner = data.Length / (n * c);
        var values = new List<float>();
        for (int i = 0; i < n; i++)
        {
            values.AddRange(data.AsSpan((i * c + channel) * inner, inner).ToArray());
        }
        return [.. values];
    }

    private static (double Mean, double BiasedVar) Moments(float[] v)
    {
        double mean = v.Average(x => (double)x);
        return (mean, v.Average(x => (x - mean) * (x - mean)));
    }

    [Fact]
    public void TrainingNormalisesEachChannelByTheBatchStatistics()
    {
        var bn = new BatchNorm2d(3);
        int[] shape = [4, 3, 5, 6];
        Tensor x = Tensor.Randn(shape, new Generator(1)).Mul(3f).Add(2f);
        float[] y = bn.Forward(x).ToArray();
        for (int ch = 0; ch < 3; ch++)
        {
            var (mean, variance) = Moments(ChannelValues(y, shape, ch));
            Assert.Equal(0.0, mean, 5);
            Assert.Equal(1.0, variance, 3); // eps = 1e-5 against a variance of ~9
        }
    }

    [Fact]
    public void RunningStatisticsFollowTheMomentumWithTheUnbiasedVariance()
    {
        var bn = new BatchNorm1d(2, momentum: 0.25f);
        var g = new Generator(2);
        double[] rm = [0, 0], rv = [1, 1];
        for (int step = 0; step < 3; step++)
        {
            Tensor x = Tensor.Randn([5, 2, 3], g).Mul(step + 1f).Add(step);
            bn.Forward(x);
            float[] data = x.ToArray();
            for (int ch = 0; ch < 2; ch++)
            {
                float[] v = ChannelValues(data, [5, 2, 3], ch);
                var (mean, biased) = Moments(v);
                rm[ch] = 0.75 * rm[ch] + 0.25 * mean;
                rv[ch] = 0.75 * rv[ch] + 0.25 * biased * v.Length / (v.Length - 1);
            }
            Assert.Equal(step + 1f, bn.NumBatchesTracked!.Item());
        }
        TensorCompare.Close(Array.ConvertAll(rm, v => (float)v), bn.RunningMean!.ToArray(), 1e-5, 1e-5, "running mean");
        TensorCompare.Close(Array.ConvertAll(rv, v => (float)v), bn.RunningVar!.ToArray(), 1e-5, 1e-5, "running variance");
    }

    [Fact]
    public void EvaluationUsesTheRunningStatisticsAndLeavesThemAlone()
    {
        var bn = new BatchNorm1d(3);
        var g = new Generator(3);
        using (global::Taxon.Autograd.NoGrad())
        {
            bn.Weight!.Copy_(Tensor.FromArray([2f, 0.5f, 1f], 3));
            bn.Bias!.Copy_(Tensor.FromArray([0.1f, -0.2f, 0.3f], 3));
        }
        bn.Forward(Tensor.Randn([8, 3], g).Add(1f));
        bn.Eval();
        float[] rm = bn.RunningMean!.ToArray(), rv = bn.RunningVar!.ToArray();
        Tensor x = Tensor.Randn([4, 3], g);
        float[] y = bn.Forward(x).ToArray();
        float[] xv = x.ToArray();
        float[] w = [2f, 0.5f, 1f], b = [0.1f, -0.2f, 0.3f];
        var expected = new float[12];
        for (int i = 0; i < 12; i++)
        {
            int ch = i % 3;
            expected[i] = (float)((xv[i] - rm[ch]) / Math.Sqrt(rv[ch] + 1e-5) * w[ch] + b[ch]);
        }
        TensorCompare.Close(expected, y, 1e-5, 1e-5, "eval output");
        // Evaluation neither updates the statistics nor counts the batch, and one sample is fine.
        bn.Forward(Tensor.Randn([1, 3], g));
        Assert.Equal(rm, bn.RunningMean.ToArray());
        Assert.Equal(rv, bn.RunningVar.ToArray());
        Assert.Equal(1f, bn.NumBatchesTracked!.Item());
        // Eval output is per sample: a row's output does not depend on the rest of the batch.
        float[] first = bn.Forward(x.Narrow(0, 0, 1)).ToArray();
        TensorCompare.Close(expected.AsSpan(0, 3), first, 1e-6, 1e-6, "single-row eval output");
    }

    [Fact]
    public void MomentumNullIsTheCumulativeAverageOfTheBatches()
    {
        var bn = new BatchNorm1d(2, momentum: null);
        var g = new Generator(4);
        var means = new List<float[]>();
        var variances = new List<float[]>();
        for (int step = 0; step < 4; step++)
        {
            Tensor x = Tensor.Randn([6, 2], g).Mul(1f + step).Add(2f * step);
            bn.Forward(x);
            means.Add(x.Mean(0).ToArray());
            variances.Add(x.Var([0]).ToArray()); // unbiased, as the running variance
        }
        float[] meanOfMeans = [means.Average(m => m[0]), means.Average(m => m[1])];
        float[] meanOfVars = [variances.Average(v => v[0]), variances.Average(v => v[1])];
        TensorCompare.Close(meanOfMeans, bn.RunningMean!.ToArray(), 1e-5, 1e-5, "running mean");
        TensorCompare.Close(meanOfVars, bn.RunningVar!.ToArray(), 1e-5, 1e-5, "running variance");
        Assert.Equal(4f, bn.NumBatchesTracked!.Item());
        Assert.Null(bn.Momentum);
    }

    [Fact]
    public void WithoutRunningStatisticsEvaluationUsesTheBatch()
    {
        var bn = new BatchNorm1d(3, trackRunningStats: false);
        Assert.Null(bn.RunningMean);
        Assert.Null(bn.RunningVar);
        Assert.Null(bn.NumBatchesTracked);
        Assert.Empty(bn.NamedBuffers());
        Tensor x = Tensor.Randn([5, 3], new Generator(5));
        float[] train = bn.Forward(x).ToArray();
        bn.Eval();
        Assert.Equal(train, bn.Forward(x).ToArray());
        Assert.Throws<ArgumentException>(() => bn.Forward(Tensor.Randn([1, 3], new Generator(6))));
    }

    [Fact]
    public void WithoutAffineThereAreNoParameters()
    {
        var bn = new BatchNorm2d(4, affine: false);
        Assert.Null(bn.Weight);
        Assert.Null(bn.Bias);
        Assert.Empty(bn.Parameters());
        Tensor x = Tensor.Randn([2, 4, 3, 3], new Generator(7));
        x.RequiresGrad = true;
        bn.Forward(x).Square().Sum().Backward();
        Assert.NotNull(x.Grad);
    }

    [Fact]
    public void ParametersBuffersAndStateDictUsePyTorchNames()
    {
        var bn = new BatchNorm2d(3);
        Assert.Equal(["weight", "bias"], bn.NamedParameters().Select(p => p.Name));
        Assert.Equal(["running_mean", "running_var", "num_batches_tracked"], bn.NamedBuffers().Select(b => b.Name));
        Assert.Equal(new float[] { 1, 1, 1 }, bn.Weight!.ToArray());
        Assert.Equal(new float[] { 0, 0, 0 }, bn.Bias!.ToArray());
        Assert.Equal(new float[] { 0, 0, 0 }, bn.RunningMean!.ToArray());
        Assert.Equal(new float[] { 1, 1, 1 }, bn.RunningVar!.ToArray());
        Assert.Equal(0, bn.NumBatchesTracked!.Dim);
        Assert.False(bn.RunningMean.RequiresGrad);
        Assert.True(bn.Weight.RequiresGrad);

        bn.Forward(Tensor.Randn([4, 3, 2, 2], new Generator(8)).Add(5f));
        var copy = new BatchNorm2d(3);
        copy.LoadStateDict(bn.StateDict());
        Assert.Equal(bn.RunningMean.ToArray(), copy.RunningMean!.ToArray());
        Assert.Equal(1f, copy.NumBatchesTracked!.Item());

        bn.ResetRunningStats();
        Assert.Equal(new float[] { 0, 0, 0 }, bn.RunningMean.ToArray());
        Assert.Equal(new float[] { 1, 1, 1 }, bn.RunningVar.ToArray());
        Assert.Equal(0f, bn.NumBatchesTracked.Item());
    }

    [Fact]
    public void PrintsAsPyTorch()
    {
        Assert.Equal("BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", new BatchNorm1d(3).ToString());
        Assert.Equal("BatchNorm2d(3, eps=0.001, momentum=None, affine=True, track_running_stats=True)",
            new BatchNorm2d(3, eps: 1e-3f, momentum: null).ToString());
        Assert.Equal("BatchNorm2d(8, eps=1e-05, momentum=1.0, affine=False, track_running_stats=False)",
            new BatchNorm2d(8, momentum: 1f, affine: false, trackRunningStats: false).ToString());
    }

    [Fact]
    public void GradientsFlowToInputAndParametersButNotTheRunningStatistics()
    {
        var bn = new BatchNorm1d(3);
        Tensor x = Tensor.Randn([4, 3], new Generator(9));
        x.RequiresGrad = true;
        Tensor y = bn.Forward(x);
        Assert.Equal("NativeBatchNormBackward0", y.GradFn!.Name);
        y.Mul(Tensor.Randn([4, 3], new Generator(10))).Sum().Backward();
        Assert.NotNull(x.Grad);
        Assert.NotNull(bn.Weight!.Grad);
        Assert.NotNull(bn.Bias!.Grad);
        Assert.Null(bn.RunningMean!.Grad);
        // The batch mean is subtracted, so the input gradient of each channel sums to zero in training mode.
        float[] gx = x.Grad!.ToArray();
        for (int ch = 0; ch < 3; ch++)
        {
            Assert.Equal(0f, ChannelValues(gx, [4, 3], ch).Sum(), 5);
        }
    }

    [Fact]
    public void ModifyingTheWeightBeforeBackwardIsAnError()
    {
        var bn = new BatchNorm1d(2);
        Tensor x = Tensor.Randn([3, 2], new Generator(11));
        x.RequiresGrad = true;
        Tensor loss = bn.Forward(x).Square().Sum();
        using (global::Taxon.Autograd.NoGrad())
        {
            bn.Weight!.Mul_(2f);
        }
        var e = Assert.Throws<InvalidOperationException>(() => loss.Backward());
        Assert.Contains("NativeBatchNormBackward0", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(300, 7, 1)]   // [N, C] rows summed in chunks
    [InlineData(130, 5, 40)]  // [N, C, L]
    public void LargeBatchesEqualTheComposedDefinition(int n, int c, int l)
    {
        int[] shape = l == 1 ? [n, c] : [n, c, l];
        int[] reduce = l == 1 ? [0] : [0, 2];
        int[] bcast = l == 1 ? [1, c] : [1, c, 1];
        var g = new Generator(12);
        Tensor data = Tensor.Randn(shape, g).Mul(2f).Add(0.5f);
        Tensor w = Tensor.Uniform([c], 0.5f, 1.5f, g), b = Tensor.Randn([c], g);
        Tensor r = Tensor.Randn(shape, g);

        (float[] Y, float[] Gx, float[] Gw, float[] Gb) Run(Func<Tensor, Tensor, Tensor, Tensor> f)
        {
            Tensor x = data.Detach().Clone(), wl = w.Detach().Clone(), bl = b.Detach().Clone();
            x.RequiresGrad = wl.RequiresGrad = bl.RequiresGrad = true;
            Tensor y = f(x, wl, bl);
            y.Backward(r);
            return (y.ToArray(), x.Grad!.ToArray(), wl.Grad!.ToArray(), bl.Grad!.ToArray());
        }

        var fused = Run((x, wl, bl) => Functional.BatchNorm(x, null, null, wl, bl, training: true));
        var composed = Run((x, wl, bl) =>
        {
            Tensor centred = x.Sub(x.Mean(reduce, keepDim: true));
            Tensor variance = centred.Square().Mean(reduce, keepDim: true);
            return centred.Div(variance.Add(1e-5f).Sqrt()).Mul(wl.Reshape(bcast)).Add(bl.Reshape(bcast));
        });
        TensorCompare.Close(composed.Y, fused.Y, 1e-5, 1e-4, "output");
        TensorCompare.Close(composed.Gx, fused.Gx, 1e-5, 1e-3, "input gradient");
        TensorCompare.Close(composed.Gw, fused.Gw, 1e-3, 1e-4, "weight gradient");
        TensorCompare.Close(composed.Gb, fused.Gb, 1e-3, 1e-4, "bias gradient");
    }

    [Fact]
    public void ErrorsNameTheShapes()
    {
        var e1 = Assert.Throws<ArgumentException>(() => new BatchNorm1d(3).Forward(Tensor.Zeros(2, 3, 4, 5)));
        Assert.Contains("expected 2D or 3D input", e1.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 3, 4, 5]", e1.Message, StringComparison.Ordinal);
        var e2 = Assert.Throws<ArgumentException>(() => new BatchNorm2d(3).Forward(Tensor.Zeros(2, 3, 4)));
        Assert.Contains("expected 4D input", e2.Message, StringComparison.Ordinal);
        var e3 = Assert.Throws<ArgumentException>(() => new BatchNorm1d(3).Forward(Tensor.Zeros(2, 4)));
        Assert.Contains("expected 3 channels", e3.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 4]", e3.Message, StringComparison.Ordinal);

        var bn = new BatchNorm1d(3);
        var e4 = Assert.Throws<ArgumentException>(() => bn.Forward(Tensor.Zeros(1, 3)));
        Assert.Contains("more than 1 value per channel", e4.Message, StringComparison.Ordinal);
        Assert.Equal(0f, bn.NumBatchesTracked!.Item()); // the rejected batch was not counted
        bn.Forward(Tensor.Randn([1, 3, 2], new Generator(13))); // two values per channel are enough

        Assert.Throws<ArgumentException>(() => Functional.BatchNorm(Tensor.Zeros(4, 3), null, null, training: false));
        var e5 = Assert.Throws<ArgumentException>(() => Functional.BatchNorm(Tensor.Zeros(4, 3), null, null, Tensor.Ones(4), training: true));
        Assert.Contains("weight has shape [4]", e5.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Functional.BatchNorm(Tensor.Zeros(4), null, null, training: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNorm1d(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNorm1d(3, momentum: 1.5f));
    }
}
