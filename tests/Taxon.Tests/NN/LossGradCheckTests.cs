using Taxon.Tests.Autograd;

namespace Taxon.Tests.NN;

/// <summary>
/// Finite-difference gradient checks (<see cref="GradCheck"/>) of every loss with every option and reduction: the
/// hand-written backward passes against the forward they differentiate.
/// </summary>
public sealed class LossGradCheckTests
{
    private static Generator Gen(string name)
    {
        ulong h = 14695981039346656037UL;
        foreach (char ch in name)
        {
            h = (h ^ ch) * 1099511628211UL;
        }
        return new Generator(h);
    }

    private static IndexTensor RandomTargets(Generator g, int classes, params int[] shape)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        var t = new int[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = g.NextInt(0, classes);
        }
        return IndexTensor.FromArray(t, shape);
    }

    private static IndexTensor WithIgnored(IndexTensor targets, int ignoreIndex, params int[] positions)
    {
        int[] t = targets.ToArray();
        foreach (int p in positions)
        {
            t[p] = ignoreIndex;
        }
        return IndexTensor.FromArray(t, targets.Shape.ToArray());
    }

    private static Tensor Constant(Generator g, int[] shape, float lo, float hi) => GradCheck.Uniform(g, shape, lo, hi, requiresGrad: false);

    public static TheoryData<string, Reduction> CrossEntropyCases
    {
        get
        {
            var data = new TheoryData<string, Reduction>();
            foreach (string option in new[] { "plain", "weight", "ignore", "ignore_class", "smooth", "weight_smooth", "weight_ignore_smooth" })
            {
                foreach (Reduction r in new[] { Reduction.Mean, Reduction.Sum, Reduction.None })
                {
                    data.Add(option, r);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(CrossEntropyCases))]
    public void CrossEntropyWithClassTargets(string option, Reduction reduction)
    {
        Generator g = Gen($"ce/{option}/{reduction}");
        int n = 5, c = 4;
        Tensor logits = GradCheck.Randn(g, [n, c], 2f);
        IndexTensor targets = RandomTargets(g, c, n);
        int ignoreIndex = option == "ignore_class" ? 1 : -100;
        if (option.Contains("ignore", StringComparison.Ordinal))
        {
            targets = WithIgnored(targets, ignoreIndex, 1, 3);
        }
        Tensor? weight = option.Contains("weight", StringComparison.Ordinal) ? Constant(g, [c], 0.2f, 2f) : null;
        float smoothing = option.Contains("smooth", StringComparison.Ordinal) ? 0.2f : 0f;
        GradCheck.Check(xs => Functional.CrossEntropy(xs[0], targets, weight, ignoreIndex, reduction, smoothing), logits);
    }

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.None)]
    public void CrossEntropyWithExtraDimensions(Reduction reduction)
    {
        Generator g = Gen($"ce/kdim/{reduction}");
        Tensor logits = GradCheck.Randn(g, [2, 3, 2, 2], 2f);
        IndexTensor targets = WithIgnored(RandomTargets(g, 3, 2, 2, 2), -100, 5);
        Tensor weight = Constant(g, [3], 0.2f, 2f);
        GradCheck.Check(xs => Functional.CrossEntropy(xs[0], targets, weight, reduction: reduction, labelSmoothing: 0.1f), logits);
    }

    [Fact]
    public void CrossEntropyOfOneSampleAndOfTransposedLogits()
    {
        Generator g = Gen("ce/single");
        Tensor logits = GradCheck.Randn(g, [5], 2f);
        GradCheck.Check(xs => Functional.CrossEntropy(xs[0], IndexTensor.FromArray([3]).Reshape(), reduction: Reduction.None), logits);
        Tensor wide = GradCheck.Randn(g, [4, 3], 2f);
        GradCheck.Check(xs => Functional.CrossEntropy(xs[0].Transpose(0, 1), IndexTensor.FromArray([0, 3, 1]), labelSmoothing: 0.3f), wide);
    }

    public static TheoryData<bool, float, Reduction> ProbabilityCases
    {
        get
        {
            var data = new TheoryData<bool, float, Reduction>();
            foreach (bool weighted in new[] { false, true })
            {
                foreach (float smoothing in new[] { 0f, 0.25f })
                {
                    foreach (Reduction r in new[] { Reduction.Mean, Reduction.Sum, Reduction.None })
                    {
                        data.Add(weighted, smoothing, r);
                    }
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ProbabilityCases))]
    public void CrossEntropyWithProbabilityTargetsWithRespectToBoth(bool weighted, float smoothing, Reduction reduction)
    {
        Generator g = Gen($"ce/prob/{weighted}/{smoothing}/{reduction}");
        int n = 4, c = 3;
        Tensor logits = GradCheck.Randn(g, [n, c], 2f);
        Tensor targets;
        using (global::Taxon.Autograd.NoGrad())
        {
            targets = GradCheck.Randn(g, [n, c], requiresGrad: false).Softmax(1);
        }
        targets.RequiresGrad = true;
        Tensor? weight = weighted ? Constant(g, [c], 0.2f, 2f) : null;
        GradCheck.Check(xs => Functional.CrossEntropy(xs[0], xs[1], weight, reduction, smoothing), logits, targets);
    }

    [Fact]
    public void CrossEntropyWithProbabilityTargetsAndExtraDimensions()
    {
        Generator g = Gen("ce/prob/kdim");
        Tensor logits = GradCheck.Randn(g, [2, 3, 4], 2f);
        Tensor targets = GradCheck.Uniform(g, [2, 3, 4], 0f, 1f);
        GradCheck.Check(xs => Functional.CrossEntropy(xs[0], xs[1], reduction: Reduction.None), GradCheckOptions.Default, logits, targets);
    }

    public static TheoryData<string, Reduction> NllCases
    {
        get
        {
            var data = new TheoryData<string, Reduction>();
            foreach (string option in new[] { "plain", "weight", "ignore", "weight_ignore" })
            {
                foreach (Reduction r in new[] { Reduction.Mean, Reduction.Sum, Reduction.None })
                {
                    data.Add(option, r);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(NllCases))]
    public void NllLoss(string option, Reduction reduction)
    {
        Generator g = Gen($"nll/{option}/{reduction}");
        int n = 5, c = 3;
        Tensor logits = GradCheck.Randn(g, [n, c]);
        IndexTensor targets = RandomTargets(g, c, n);
        if (option.Contains("ignore", StringComparison.Ordinal))
        {
            targets = WithIgnored(targets, -100, 0, 2);
        }
        Tensor? weight = option.Contains("weight", StringComparison.Ordinal) ? Constant(g, [c], 0.2f, 2f) : null;
        // Directly on arbitrary values (NLL is linear in its input), after a log-softmax, and on a transposed view.
        GradCheck.Check(xs => Functional.NllLoss(xs[0], targets, weight, reduction: reduction), logits);
        GradCheck.Check(xs => Functional.NllLoss(xs[0].LogSoftmax(1), targets, weight, reduction: reduction), logits);
        Tensor transposed = GradCheck.Randn(g, [c, n]);
        GradCheck.Check(xs => Functional.NllLoss(xs[0].Transpose(0, 1), targets, weight, reduction: reduction), transposed);
    }

    [Fact]
    public void NllLossWithExtraDimensions()
    {
        Generator g = Gen("nll/kdim");
        Tensor input = GradCheck.Randn(g, [2, 3, 4]);
        IndexTensor targets = RandomTargets(g, 3, 2, 4);
        Tensor weight = Constant(g, [3], 0.5f, 1.5f);
        GradCheck.Check(xs => Functional.NllLoss(xs[0], targets, weight), input);
    }

    public static TheoryData<string, Reduction> BceCases
    {
        get
        {
            var data = new TheoryData<string, Reduction>();
            foreach (string option in new[] { "plain", "weight", "pos_weight", "both" })
            {
                foreach (Reduction r in new[] { Reduction.Mean, Reduction.Sum, Reduction.None })
                {
                    data.Add(option, r);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(BceCases))]
    public void BinaryCrossEntropyWithLogitsWithRespectToInputAndTarget(string option, Reduction reduction)
    {
        Generator g = Gen($"bce/{option}/{reduction}");
        int n = 4, c = 3;
        Tensor x = GradCheck.Randn(g, [n, c], 3f);
        Tensor y = GradCheck.Uniform(g, [n, c], 0f, 1f);
        Tensor? weight = option is "weight" or "both" ? Constant(g, [n, 1], 0.2f, 2f) : null;
        Tensor? posWeight = option is "pos_weight" or "both" ? Constant(g, [c], 0.5f, 3f) : null;
        GradCheck.Check(xs => Functional.BinaryCrossEntropyWithLogits(xs[0], xs[1], weight, posWeight, reduction), GradCheckOptions.Default, x, y);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogitsOnLargeLogits()
    {
        Tensor x = GradCheck.Leaf([-60f, -25f, 25f, 60f], [4]);
        Tensor y = GradCheck.Leaf([0.2f, 1f, 0f, 0.7f], [4]);
        GradCheck.Check(xs => Functional.BinaryCrossEntropyWithLogits(xs[0], xs[1], posWeight: Tensor.Full([4], 2f), reduction: Reduction.Sum),
            GradCheckOptions.Default, x, y);
    }

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.None)]
    public void MseLossWithRespectToInputAndTarget(Reduction reduction)
    {
        Generator g = Gen($"mse/{reduction}");
        Tensor x = GradCheck.Randn(g, [3, 4]);
        Tensor y = GradCheck.Randn(g, [4, 3]);
        GradCheck.Check(xs => Functional.MseLoss(xs[0], xs[1].Transpose(0, 1), reduction), GradCheckOptions.Default, x, y);
    }

    public static TheoryData<int, float, bool, Reduction> MultiMarginCases
    {
        get
        {
            var data = new TheoryData<int, float, bool, Reduction>();
            foreach (int p in new[] { 1, 2 })
            {
                foreach (float margin in new[] { 1f, 0.5f })
                {
                    foreach (bool weighted in new[] { false, true })
                    {
                        foreach (Reduction r in new[] { Reduction.Mean, Reduction.Sum, Reduction.None })
                        {
                            data.Add(p, margin, weighted, r);
                        }
                    }
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(MultiMarginCases))]
    public void MultiMarginLoss(int p, float margin, bool weighted, Reduction reduction)
    {
        Generator g = Gen($"multi_margin/{p}/{margin}/{weighted}/{reduction}");
        int n = 4, c = 5;
        IndexTensor targets = RandomTargets(g, c, n);
        Tensor x = HingeInput(g, n, c, targets, margin);
        Tensor? weight = weighted ? Constant(g, [c], 0.2f, 2f) : null;
        GradCheck.Check(xs => Functional.MultiMarginLoss(xs[0], targets, p, margin, weight, reduction), x);
    }

    [Fact]
    public void MultiMarginLossOfOneSample()
    {
        Generator g = Gen("multi_margin/single");
        IndexTensor target = IndexTensor.FromArray([2]);
        Tensor x = HingeInput(g, 1, 6, target, 1f);
        GradCheck.Check(xs => Functional.MultiMarginLoss(xs[0].Reshape(6), target, p: 2, reduction: Reduction.None), x);
    }

    /// <summary>Scores whose hinge terms margin − x[y] + x[j] all lie at least 0.1 from the kink at 0 (2·eps of the checker is 0.02).</summary>
    private static Tensor HingeInput(Generator g, int n, int c, IndexTensor targets, float margin)
    {
        while (true)
        {
            Tensor x = GradCheck.Randn(g, [n, c]);
            float[] v = x.ToArray();
            bool ok = true;
            for (int i = 0; i < n; i++)
            {
                int y = targets.Span[i];
                for (int j = 0; j < c; j++)
                {
                    ok &= j == y || Math.Abs(margin - v[i * c + y] + v[i * c + j]) >= 0.1f;
                }
            }
            if (ok)
            {
                return x;
            }
        }
    }
}
