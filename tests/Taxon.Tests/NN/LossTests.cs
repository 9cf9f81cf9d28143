using Taxon.NN;
using Taxon.Tests.TorchReference;

namespace Taxon.Tests.NN;

/// <summary>Loss semantics beyond the PyTorch fixtures: identities between options, edge cases, modules and errors.</summary>
public sealed class LossTests
{
    private static readonly IndexTensor s_targets = IndexTensor.FromArray([2, 0, 1, 2]);

    private static Tensor Logits(ulong seed = 1) => Tensor.Randn([4, 3], new Generator(seed)).Mul(2f);

    [Fact]
    public void WeightedMeanDividesByTheWeightsOfTheNonIgnoredTargets()
    {
        Tensor x = Logits();
        Tensor w = Tensor.FromArray([0.5f, 2f, 3f], 3);
        IndexTensor t = IndexTensor.FromArray([2, 0, -100, 1]);
        float[] lp = x.LogSoftmax(1).ToArray();
        double expected = -(3f * lp[0 * 3 + 2] + 0.5f * lp[1 * 3 + 0] + 2f * lp[3 * 3 + 1]) / (3.0 + 0.5 + 2.0);
        Assert.Equal(expected, Functional.CrossEntropy(x, t, w).Item(), 5);
        Assert.Equal(expected, Functional.NllLoss(x.LogSoftmax(1), t, w).Item(), 5);
    }

    [Fact]
    public void LabelSmoothingEqualsSmoothedProbabilityTargets()
    {
        // Per sample the two forms are the same loss; the weighted mean differs (Σ w[t] against N), so compare sums.
        Tensor x = Logits(2);
        Tensor w = Tensor.FromArray([0.5f, 2f, 3f], 3);
        const float eps = 0.2f;
        var smoothed = new float[12];
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                smoothed[i * 3 + j] = (j == s_targets.Span[i] ? 1f - eps : 0f) + eps / 3;
            }
        }
        Tensor probs = Tensor.FromArray(smoothed, 4, 3);
        float[] byIndex = Functional.CrossEntropy(x, s_targets, w, reduction: Reduction.None, labelSmoothing: eps).ToArray();
        float[] byProbs = Functional.CrossEntropy(x, probs, w, Reduction.None).ToArray();
        TensorCompare.Close(byProbs, byIndex, 1e-5, 1e-5, "per-sample loss");
        // And without weights, the means agree too.
        Assert.Equal(Functional.CrossEntropy(x, probs).Item(), Functional.CrossEntropy(x, s_targets, labelSmoothing: eps).Item(), 5);
    }

    [Fact]
    public void TheDefaultCrossEntropyIsTheMeanNegativeLogLikelihoodOfTheLogSoftmax()
    {
        Tensor x = Logits(3);
        Tensor fused = Functional.CrossEntropy(x, s_targets);
        Assert.Equal("NllLossBackward0", Record(x, t => Functional.CrossEntropy(t, s_targets)).GradFn!.Name);
        float expected = x.LogSoftmax(1).Gather(1, s_targets.Reshape(4, 1)).Mean().Neg().Item();
        Assert.Equal(expected, fused.Item(), 6);
        Assert.Equal(0, fused.Dim);
    }

    [Fact]
    public void ReductionsAndShapes()
    {
        Tensor x = Logits(4);
        float[] none = Functional.CrossEntropy(x, s_targets, reduction: Reduction.None).ToArray();
        Assert.Equal(none.Sum(), Functional.CrossEntropy(x, s_targets, reduction: Reduction.Sum).Item(), 5);
        Assert.Equal(none.Average(), Functional.CrossEntropy(x, s_targets).Item(), 5);

        Tensor seq = Tensor.Randn([2, 3, 5], new Generator(5));
        IndexTensor seqTargets = IndexTensor.FromArray([0, 1, 2, 0, 1, 2, 2, 1, 0, 0], 2, 5);
        Assert.Equal([2, 5], Functional.CrossEntropy(seq, seqTargets, reduction: Reduction.None).Shape.ToArray());
        Assert.Equal([2, 5], Functional.NllLoss(seq, seqTargets, reduction: Reduction.None).Shape.ToArray());
        Assert.Equal([4, 3], Functional.MseLoss(x, x, Reduction.None).Shape.ToArray());
        Assert.Equal([4], Functional.MultiMarginLoss(x, s_targets, reduction: Reduction.None).Shape.ToArray());
        Assert.Equal(0, Functional.CrossEntropy(Tensor.Randn([3], new Generator(6)), IndexTensor.FromArray([1]).Reshape(), reduction: Reduction.None).Dim);
    }

    [Fact]
    public void AllTargetsIgnored()
    {
        Tensor x = Logits(7);
        x.RequiresGrad = true;
        IndexTensor t = IndexTensor.FromArray([-100, -100, -100, -100]);
        Tensor mean = Functional.CrossEntropy(x, t);
        Assert.True(float.IsNaN(mean.Item())); // 0/0, as PyTorch
        Assert.Equal(0f, Functional.CrossEntropy(x, t, reduction: Reduction.Sum).Item());
        Assert.True(float.IsNaN(Functional.NllLoss(x, t).Item()));
        Tensor sum = Functional.CrossEntropy(x, t, reduction: Reduction.Sum, labelSmoothing: 0.1f);
        sum.Backward();
        Assert.All(x.Grad!.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void BinaryCrossEntropyWithLogitsIsStableForLargeLogits()
    {
        Tensor x = Tensor.FromArray([-1000f, -80f, 80f, 1000f], 4);
        x.RequiresGrad = true;
        Tensor y = Tensor.FromArray([1f, 0f, 1f, 0f], 4);
        Tensor loss = Functional.BinaryCrossEntropyWithLogits(x, y, reduction: Reduction.None);
        float[] l = loss.ToArray();
        Assert.Equal([1000f, 0f, 0f, 1000f], l);
        loss.Sum().Backward();
        TensorCompare.Close([-1f, 0f, 0f, 1f], x.Grad!.ToArray(), 1e-30, 0, "gradient"); // σ(−80) ≈ 1.8e-35 survives
        // Equal to the definition −(y·log σ(x) + (1 − y)·log(1 − σ(x))) where that is finite.
        Tensor small = Tensor.FromArray([-2f, 0.5f, 3f], 3), t = Tensor.FromArray([0.3f, 1f, 0f], 3);
        float[] direct = small.Sigmoid().Log().Mul(t).Add(small.Sigmoid().Neg().Add(1f).Log().Mul(t.Neg().Add(1f))).Neg().ToArray();
        TensorCompare.Close(direct, Functional.BinaryCrossEntropyWithLogits(small, t, reduction: Reduction.None).ToArray(), 1e-6, 1e-5, "bce");
    }

    [Fact]
    public void MultiMarginLossByHand()
    {
        Tensor x = Tensor.FromArray([0.1f, 0.2f, 0.4f, 0.8f], 1, 4);
        IndexTensor y = IndexTensor.FromArray([3]);
        // PyTorch's documented example: ((1 − 0.8 + 0.1) + (1 − 0.8 + 0.2) + (1 − 0.8 + 0.4)) / 4 = 0.325.
        Assert.Equal(0.325f, Functional.MultiMarginLoss(x, y).Item(), 6);
        Assert.Equal((0.09f + 0.16f + 0.36f) / 4, Functional.MultiMarginLoss(x, y, p: 2).Item(), 6);
        Tensor w = Tensor.FromArray([1f, 1f, 1f, 2f], 4);
        Assert.Equal(0.65f, Functional.MultiMarginLoss(x, y, weight: w).Item(), 6);
    }

    [Fact]
    public void ModulesRegisterWeightsAsBuffersAndPrintAsPyTorch()
    {
        Tensor w = Tensor.FromArray([1f, 2f, 3f], 3);
        var ce = new CrossEntropyLoss(w, labelSmoothing: 0.1f);
        Assert.Equal(["weight"], ce.NamedBuffers().Select(b => b.Name));
        Assert.Empty(ce.Parameters());
        Assert.Equal("CrossEntropyLoss()", ce.ToString());
        Assert.Empty(new CrossEntropyLoss().NamedBuffers());
        Assert.Equal(["weight", "pos_weight"], new BceWithLogitsLoss(Tensor.Ones(3), posWeight: Tensor.Ones(3)).NamedBuffers().Select(b => b.Name));
        Assert.Equal("MseLoss()", new MseLoss().ToString());
        Assert.Equal(["weight"], new NllLoss(w).NamedBuffers().Select(b => b.Name));
        Assert.Equal(["weight"], new MultiMarginLoss(weight: w).NamedBuffers().Select(b => b.Name));

        Tensor x = Logits(8);
        Assert.Equal(Functional.CrossEntropy(x, s_targets, w, labelSmoothing: 0.1f).Item(), ce.Forward(x, s_targets).Item());
        Assert.Equal(Functional.MultiMarginLoss(x, s_targets, 2, 0.5f).Item(), new MultiMarginLoss(2, 0.5f).Forward(x, s_targets).Item());
    }

    [Fact]
    public void OutOfRangeTargetsNameTheirPositionAndValue()
    {
        Tensor x = Logits();
        var e = Assert.Throws<ArgumentException>(() => Functional.CrossEntropy(x, IndexTensor.FromArray([0, 1, 7, 2])));
        Assert.Contains("target 7 at position 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("3 classes", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => Functional.CrossEntropy(x, IndexTensor.FromArray([0, -1, 1, 2])));
        Assert.Contains("target -1 at position 1", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => Functional.NllLoss(x, IndexTensor.FromArray([0, 1, 2, 3])));
        Assert.Contains("NllLoss: target 3 at position 3", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => Functional.MultiMarginLoss(x, IndexTensor.FromArray([0, 1, 5, 2])));
        Assert.Contains("MultiMarginLoss: target 5 at position 2", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => Functional.CrossEntropy(Tensor.Zeros(2, 3, 2), IndexTensor.FromArray([0, 1, 2, 4], 2, 2)));
        Assert.Contains("target 4 at position [1, 1]", e.Message, StringComparison.Ordinal);
        // The ignored index is allowed even outside [0, C).
        Functional.CrossEntropy(x, IndexTensor.FromArray([0, 1, -5, 2]), ignoreIndex: -5);
    }

    [Fact]
    public void ShapeAndOptionErrorsNameTheShapes()
    {
        Tensor x = Logits();
        var e = Assert.Throws<ArgumentException>(() => Functional.CrossEntropy(x, IndexTensor.FromArray([0, 1, 2])));
        Assert.Contains("[4]", e.Message, StringComparison.Ordinal);
        Assert.Contains("[3]", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => Functional.CrossEntropy(x, s_targets, Tensor.Ones(4)));
        Assert.Contains("class weight of shape [3]", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Functional.CrossEntropy(x, Tensor.Zeros(4, 2)));
        Assert.Throws<ArgumentException>(() => Functional.CrossEntropy(Tensor.Scalar(1f), s_targets));
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.CrossEntropy(x, s_targets, labelSmoothing: 1.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CrossEntropyLoss(labelSmoothing: -0.1f));
        e = Assert.Throws<ArgumentException>(() => Functional.BinaryCrossEntropyWithLogits(x, Tensor.Zeros(4, 1)));
        Assert.Contains("[4, 1]", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => Functional.BinaryCrossEntropyWithLogits(x, x, posWeight: Tensor.Ones(2)));
        Assert.Contains("posWeight", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => Functional.MseLoss(Tensor.Zeros(4, 1), Tensor.Zeros(4)));
        Assert.Contains("[4, 1]", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.MultiMarginLoss(x, s_targets, p: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MultiMarginLoss(p: 0));
        Assert.Throws<ArgumentException>(() => Functional.MultiMarginLoss(Tensor.Zeros(2, 3, 4), IndexTensor.FromArray([0, 1])));
        Assert.Throws<ArgumentException>(() => Functional.MultiMarginLoss(x, IndexTensor.FromArray([0, 1])));
    }

    private static Tensor Record(Tensor x, Func<Tensor, Tensor> f)
    {
        Tensor leaf = x.Detach().Clone();
        leaf.RequiresGrad = true;
        return f(leaf);
    }
}
