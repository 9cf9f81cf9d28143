using Taxon.NN;
using Taxon.Tests.TorchReference;

namespace Taxon.Tests.NN;

/// <summary>
/// Rnn, Lstm and Gru behaviour beyond the PyTorch fixtures: parameter names, shapes and initialisation, what padded
/// steps may and may not influence, layout options, dropout between layers, and the errors for bad arguments.
/// </summary>
public sealed class RnnTests
{
    public static TheoryData<string> Kinds => new(RnnHarness.Kinds);

    [Fact]
    public void ParameterNamesAndShapesFollowPyTorch()
    {
        var lstm = new Lstm(3, 4, numLayers: 2, bidirectional: true);
        Assert.Equal(
        [
            "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse",
            "bias_hh_l0_reverse", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1", "weight_ih_l1_reverse", "weight_hh_l1_reverse",
            "bias_ih_l1_reverse", "bias_hh_l1_reverse",
        ], lstm.NamedParameters().Select(p => p.Name));
        var shapes = lstm.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Shape.ToArray());
        Assert.Equal([16, 3], shapes["weight_ih_l0"]);
        Assert.Equal([16, 4], shapes["weight_hh_l0_reverse"]);
        Assert.Equal([16, 8], shapes["weight_ih_l1"]);
        Assert.Equal([16], shapes["bias_hh_l1_reverse"]);
        Assert.Equal([12, 3], new Gru(3, 4).Weight("weight_ih_l0"));
        Assert.Equal([4, 4], new Rnn(3, 4).Weight("weight_hh_l0"));
        Assert.Equal(["weight_ih_l0", "weight_hh_l0"], new Gru(3, 4, bias: false).NamedParameters().Select(p => p.Name));
        Assert.Equal(4, lstm.AllWeights.Count);
        Assert.Same(lstm.FlatWeights[5], lstm.AllWeights[1][1]);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryParameterIsUniformWithinOneOverSqrtHidden(string kind)
    {
        Module m = RnnHarness.Create(kind, 20, 64, numLayers: 2, bidirectional: true, generator: new Generator(11));
        float bound = 1f / 8f;
        var all = new List<float>();
        foreach (Tensor p in m.Parameters())
        {
            float[] v = p.ToArray();
            Assert.All(v, x => Assert.InRange(x, -bound, bound));
            all.AddRange(v);
        }
        double mean = all.Average(x => (double)x), std = Math.Sqrt(all.Average(x => (double)x * x) - mean * mean);
        Assert.InRange(mean, -0.003, 0.003);
        Assert.InRange(std, bound / Math.Sqrt(3) * 0.98, bound / Math.Sqrt(3) * 1.02); // U(−b, b) has std b/√3
    }

    [Fact]
    public void PrintsAsPyTorch()
    {
        Assert.Equal("Lstm(10, 20, num_layers=2, batch_first=True, dropout=0.5, bidirectional=True)",
            new Lstm(10, 20, 2, batchFirst: true, dropout: 0.5f, bidirectional: true).ToString());
        Assert.Equal("Gru(3, 4, bias=False)", new Gru(3, 4, bias: false).ToString());
        Assert.Equal("Rnn(3, 4)", new Rnn(3, 4, nonlinearity: Nonlinearity.Relu).ToString());
    }

    /// <summary>
    /// Each sequence of a padded batch gives exactly what it gives alone, truncated to its length: the same outputs at its
    /// steps, zeros after them, the same h_n and c_n; garbage in the padded steps changes nothing.
    /// </summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void PaddedStepsDoNotTouchStatesOrOutputs(string kind)
    {
        foreach (bool batchFirst in new[] { false, true })
        {
            var g = new Generator(12);
            Module m = RnnHarness.Create(kind, 3, 5, numLayers: 2, bidirectional: true, batchFirst: batchFirst, generator: g);
            int steps = 6, batch = 4;
            int[] lengths = [6, 2, 4, 1];
            Tensor x = Tensor.Randn(batchFirst ? [batch, steps, 3] : [steps, batch, 3], g);
            Tensor h0 = Tensor.Randn([4, batch, 5], g), c0 = Tensor.Randn([4, batch, 5], g);
            var (output, hn, cn) = RnnHarness.Run(m, x, h0, kind == "lstm" ? c0 : null, lengths);

            Tensor garbage = x.Clone();
            using (global::Taxon.Autograd.NoGrad())
            {
                for (int b = 0; b < batch; b++)
                {
                    for (int t = lengths[b]; t < steps; t++)
                    {
                        (batchFirst ? garbage.Select(0, b).Select(0, t) : garbage.Select(0, t).Select(0, b)).Fill_(1e3f);
                    }
                }
            }
            var (output2, hn2, _) = RnnHarness.Run(m, garbage, h0, kind == "lstm" ? c0 : null, lengths);
            Assert.Equal(output.ToArray(), output2.ToArray());
            Assert.Equal(hn.ToArray(), hn2.ToArray());

            int timeDim = batchFirst ? 1 : 0, batchDim = batchFirst ? 0 : 1;
            for (int b = 0; b < batch; b++)
            {
                Tensor alone = x.Narrow(batchDim, b, 1).Narrow(timeDim, 0, lengths[b]);
                var (o1, h1, c1) = RnnHarness.Run(m, alone, h0.Narrow(1, b, 1), kind == "lstm" ? c0.Narrow(1, b, 1) : null);
                Tensor mine = output.Narrow(batchDim, b, 1);
                TensorCompare.Close(o1.Shape.ToArray(), o1.ToArray(), mine.Narrow(timeDim, 0, lengths[b]), 1e-6, 1e-5, $"{kind} output of sequence {b}");
                Assert.All(mine.Narrow(timeDim, lengths[b], steps - lengths[b]).ToArray(), v => Assert.Equal(0f, v));
                TensorCompare.Close(h1.Shape.ToArray(), h1.ToArray(), hn.Narrow(1, b, 1), 1e-6, 1e-5, $"{kind} h_n of sequence {b}");
                if (cn is not null)
                {
                    TensorCompare.Close(c1!.Shape.ToArray(), c1.ToArray(), cn.Narrow(1, b, 1), 1e-6, 1e-5, $"{kind} c_n of sequence {b}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void PaddedInputsGetZeroGradient(string kind)
    {
        var g = new Generator(13);
        Module m = RnnHarness.Create(kind, 3, 4, bidirectional: true, generator: g);
        Tensor x = Tensor.Randn([5, 2, 3], g);
        x.RequiresGrad = true;
        var (output, hn, _) = RnnHarness.Run(m, x, lengths: new[] { 5, 3 });
        output.Sum().Add(hn.Sum()).Backward();
        float[] grad = x.Grad!.Narrow(0, 3, 2).Select(1, 1).ToArray();
        Assert.All(grad, v => Assert.Equal(0f, v));
        Assert.Contains(x.Grad!.Narrow(0, 0, 3).Select(1, 1).ToArray(), v => v != 0f);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ZeroLengthSequencesKeepTheirInitialState(string kind)
    {
        var g = new Generator(14);
        Module m = RnnHarness.Create(kind, 2, 3, bidirectional: true, generator: g);
        Tensor x = Tensor.Randn([4, 2, 2], g);
        Tensor h0 = Tensor.Randn([2, 2, 3], g), c0 = Tensor.Randn([2, 2, 3], g);
        var (output, hn, cn) = RnnHarness.Run(m, x, h0, kind == "lstm" ? c0 : null, new[] { 0, 4 });
        Assert.All(output.Select(1, 0).ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal(h0.Select(1, 0).ToArray(), hn.Select(1, 0).ToArray());
        if (cn is not null)
        {
            Assert.Equal(c0.Select(1, 0).ToArray(), cn.Select(1, 0).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void LayoutsAndGradModeGiveTheSameValues(string kind)
    {
        var g = new Generator(15);
        Module timeMajor = RnnHarness.Create(kind, 3, 4, numLayers: 2, bidirectional: true, generator: g);
        Module batchMajor = RnnHarness.Create(kind, 3, 4, numLayers: 2, bidirectional: true, batchFirst: true);
        batchMajor.LoadStateDict(timeMajor.StateDict());
        Tensor x = Tensor.Randn([5, 3, 3], g);
        int[] lengths = [5, 3, 4];
        Tensor[] a = RnnHarness.RunAll(timeMajor, x, lengths: lengths);
        Tensor[] b = RnnHarness.RunAll(batchMajor, x.Transpose(0, 1), lengths: lengths);
        Assert.Equal(a[0].ToArray(), b[0].Transpose(0, 1).Contiguous().ToArray());
        Assert.Equal(a[1].ToArray(), b[1].ToArray());

        Tensor[] unbatched = RnnHarness.RunAll(timeMajor, x.Select(1, 2).Narrow(0, 0, 4));
        Assert.Equal([4, 8], unbatched[0].Shape.ToArray());
        Assert.Equal([4, 4], unbatched[1].Shape.ToArray());
        TensorCompare.Close([4, 8], a[0].Select(1, 2).Narrow(0, 0, 4).ToArray(), unbatched[0], 1e-6, 1e-5, "unbatched output");
        TensorCompare.Close([4, 4], a[1].Select(1, 2).ToArray(), unbatched[1], 1e-6, 1e-5, "unbatched h_n");

        // Without grad mode the layers keep no tape and reuse per-step scratch: the values must not change.
        Tensor[] inference;
        using (global::Taxon.Autograd.NoGrad())
        {
            inference = RnnHarness.RunAll(timeMajor, x, lengths: lengths);
        }
        Assert.True(a[0].RequiresGrad);
        Assert.False(inference[0].RequiresGrad);
        Assert.Equal(a[0].ToArray(), inference[0].ToArray());
        Assert.Equal(a[^1].ToArray(), inference[^1].ToArray());
    }

    [Fact]
    public void LengthsComeFromArraysIndexTensorsOrMasks()
    {
        var g = new Generator(16);
        var lstm = new Lstm(2, 3, batchFirst: true, generator: g);
        Tensor x = Tensor.Randn([3, 4, 2], g);
        Tensor mask = Tensor.FromArray([1f, 1f, 0f, 0f, 1f, 1f, 1f, 1f, 1f, 0f, 0f, 0f], 3, 4);
        SequenceLengths fromMask = SequenceLengths.FromMask(mask);
        Assert.Equal([2, 4, 1], fromMask.Values.ToArray());
        Assert.Equal([2, 4, 1], SequenceLengths.FromMask(mask.Transpose(0, 1), batchFirst: false).Values.ToArray());
        float[] a = lstm.Forward(x, null, new[] { 2, 4, 1 }).Output.ToArray();
        Assert.Equal(a, lstm.Forward(x, null, IndexTensor.FromArray([2, 4, 1])).Output.ToArray());
        Assert.Equal(a, lstm.Forward(x, null, fromMask).Output.ToArray());

        var gap = Assert.Throws<ArgumentException>(() => SequenceLengths.FromMask(Tensor.FromArray([1f, 0f, 1f], 1, 3)));
        Assert.Contains("sequence 0 has a valid step at 2 after a padded step at 1", gap.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new SequenceLengths([3, -1]));
        Assert.Throws<ArgumentException>(() => SequenceLengths.FromIndexTensor(IndexTensor.FromArray([1, 2], 1, 2)));
    }

    [Fact]
    public void DropoutActsBetweenLayersOnlyInTraining()
    {
        var g = new Generator(17);
        var lstm = new Lstm(3, 8, numLayers: 2, dropout: 0.5f, generator: g);
        Tensor x = Tensor.Randn([4, 2, 3], g);
        float[] train1 = lstm.Forward(x).Output.ToArray(), train2 = lstm.Forward(x).Output.ToArray();
        Assert.NotEqual(train1, train2);
        lstm.Eval();
        float[] eval1 = lstm.Forward(x).Output.ToArray();
        Assert.Equal(eval1, lstm.Forward(x).Output.ToArray());
        var noDropout = new Lstm(3, 8, numLayers: 2);
        noDropout.LoadStateDict(lstm.StateDict());
        Assert.Equal(eval1, noDropout.Forward(x).Output.ToArray());

        var single = new Gru(3, 8, dropout: 0.5f, generator: g); // one layer: nothing lies between layers
        Assert.Equal(single.Forward(x).Output.ToArray(), single.Forward(x).Output.ToArray());
    }

    [Fact]
    public void ABidirectionalLstmLearnsAToyTaggingTask()
    {
        // Tag each step with whether the sum of the whole sequence is positive: it needs both directions.
        var g = new Generator(18);
        var lstm = new Lstm(1, 8, bidirectional: true, batchFirst: true, generator: g);
        var head = new Linear(16, 2, generator: g);
        Tensor x = Tensor.Randn([16, 5, 1], g);
        int[] lengths = [.. Enumerable.Range(0, 16).Select(i => 2 + i % 4)];
        float[] xs = x.ToArray();
        var targets = new int[16 * 5];
        for (int b = 0; b < 16; b++)
        {
            float sum = 0;
            for (int t = 0; t < lengths[b]; t++)
            {
                sum += xs[b * 5 + t];
            }
            for (int t = 0; t < 5; t++)
            {
                targets[b * 5 + t] = sum > 0 ? 1 : 0;
            }
        }
        IndexTensor y = IndexTensor.FromArray(targets);
        var parameters = lstm.Parameters().Concat(head.Parameters()).ToList();
        float first = 0, last = 0;
        for (int step = 0; step < 150; step++)
        {
            Tensor logits = head.Forward(lstm.Forward(x, null, lengths).Output).Reshape(-1, 2);
            Tensor loss = Functional.CrossEntropy(logits, y);
            foreach (Tensor p in parameters)
            {
                p.Grad = null;
            }
            loss.Backward();
            using (global::Taxon.Autograd.NoGrad())
            {
                foreach (Tensor p in parameters)
                {
                    p.Add_(p.Grad!, alpha: -0.5f);
                }
            }
            first = step == 0 ? loss.Item() : first;
            last = loss.Item();
        }
        Assert.True(last < first * 0.5f, $"loss went from {first} to {last}");
    }

    [Fact]
    public void BadArgumentsGiveClearErrors()
    {
        var lstm = new Lstm(3, 4, numLayers: 2, bidirectional: true);
        Tensor x = Tensor.Zeros(5, 2, 3);
        string Message(Action a) => Assert.ThrowsAny<ArgumentException>(a).Message;

        Assert.Contains("has 7 features but input_size is 3", Message(() => lstm.Forward(Tensor.Zeros(5, 2, 7))), StringComparison.Ordinal);
        Assert.Contains("expected a 3-D input", Message(() => lstm.Forward(Tensor.Zeros(5, 2, 2, 3))), StringComparison.Ordinal);
        Assert.Contains("h0 has shape [2, 2, 4] but must be [4, 2, 4]",
            Message(() => lstm.Forward(x, (Tensor.Zeros(2, 2, 4), Tensor.Zeros(2, 2, 4)))), StringComparison.Ordinal);
        Assert.Contains("c0 has shape", Message(() => lstm.Forward(x, (Tensor.Zeros(4, 2, 4), Tensor.Zeros(4, 3, 4)))), StringComparison.Ordinal);
        Assert.Contains("sequence 1 has length 6 but the input has only 5 time steps", Message(() => lstm.Forward(x, null, new[] { 5, 6 })),
            StringComparison.Ordinal);
        Assert.Contains("3 lengths were given for a batch of 2", Message(() => lstm.Forward(x, null, new[] { 5, 4, 3 })), StringComparison.Ordinal);
        Assert.Contains("unbatched", Message(() => lstm.Forward(Tensor.Zeros(5, 3), null, new[] { 5 })), StringComparison.Ordinal);
        Assert.Contains("give both h0 and c0",
            Message(() => Functional.Lstm(x, (Tensor.Zeros(4, 2, 4), null!), lstm.FlatWeights, 2, bidirectional: true)), StringComparison.Ordinal);
        Assert.Contains("expected 16 weights", Message(() => Functional.Lstm(x, null, lstm.FlatWeights.Take(7).ToList(), 2, bidirectional: true)),
            StringComparison.Ordinal);
        Assert.Contains("weight_ih_l0 has shape [16, 3] but must be [12, 3]", Message(() => Functional.Gru(x, null, lstm.FlatWeights.Take(4).ToList())),
            StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Rnn(3, 4, nonlinearity: Nonlinearity.Sigmoid));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lstm(3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Gru(3, 4, numLayers: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Rnn(3, 4, dropout: 1.5f));
    }
}

internal static class RnnTestExtensions
{
    public static int[] Weight(this Module m, string name) => m.NamedParameters().First(p => p.Name == name).Parameter.Shape.ToArray();
}
