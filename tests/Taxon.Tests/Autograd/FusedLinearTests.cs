namespace Taxon.Tests.Autograd;

/// <summary>The fused 2-D Linear (one AddmmBackward0 node) against the same function composed from matmul and add.</summary>
public class FusedLinearTests
{
    [Theory]
    [InlineData(5, 7, 3, true, false)]
    [InlineData(5, 7, 3, false, false)]
    [InlineData(1, 1, 1, true, false)]
    [InlineData(33, 70, 17, true, true)]
    public void ValuesAndGradientsEqualTheComposedForm(int n, int k, int m, bool withBias, bool transposedInput)
    {
        var gen = new Generator(21);
        Tensor x0 = transposedInput ? Tensor.Randn([k, n], gen).Transpose(0, 1) : Tensor.Randn([n, k], gen);
        Tensor w0 = Tensor.Randn([m, k], gen);
        Tensor b0 = Tensor.Randn([m], gen);
        Tensor r = Tensor.Randn([n, m], gen);

        var fused = Run(x0, w0, withBias ? b0 : null, r, (x, w, b) => Functional.Linear(x, w, b));
        var composed = Run(x0, w0, withBias ? b0 : null, r, (x, w, b) =>
        {
            Tensor y = x.MatMul(w.Transpose(0, 1));
            return b is null ? y : y.Add(b);
        });
        for (int i = 0; i < fused.Length; i++)
        {
            Assert.Equal(composed[i] is null, fused[i] is null);
            if (fused[i] is { } f)
            {
                Assert.True(f.IsContiguous);
                Assert.True(composed[i]!.AllClose(f, rtol: 1e-5f, atol: 1e-5f), $"output {i} differs");
            }
        }
    }

    [Fact]
    public void RecordsOneAddmmNodeAndPassesGradCheck()
    {
        var gen = new Generator(22);
        Tensor x = GradCheck.Randn(gen, [4, 6]);
        Tensor w = GradCheck.Randn(gen, [3, 6]);
        Tensor b = GradCheck.Randn(gen, [3]);
        Assert.Equal("AddmmBackward0", Functional.Linear(x, w, b).GradFn!.Name);
        GradCheck.Check(t => Functional.Linear(t[0], t[1], t[2]), x, w, b);
        GradCheck.Check(t => Functional.Linear(t[0], t[1]), x, w);
    }

    [Fact]
    public void ModifyingTheWeightBeforeBackwardIsAnError()
    {
        var gen = new Generator(23);
        Tensor w = Tensor.Randn([3, 4], gen);
        w.RequiresGrad = true;
        Tensor y = Functional.Linear(Tensor.Randn([2, 4], gen), w).Sum();
        using (Taxon.Autograd.NoGrad())
        {
            w.Add_(1f);
        }
        Assert.Throws<InvalidOperationException>(() => y.Backward());
    }

    [Fact]
    public void EmptyBatchGivesEmptyOutputAndZeroGradients()
    {
        Tensor w = Tensor.Ones(3, 4);
        w.RequiresGrad = true;
        Tensor b = Tensor.Ones(3);
        b.RequiresGrad = true;
        Tensor y = Functional.Linear(Tensor.Zeros(0, 4), w, b);
        Assert.Equal([0, 3], y.Shape.ToArray());
        y.Sum().Backward();
        Assert.All(w.Grad!.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(b.Grad!.ToArray(), v => Assert.Equal(0f, v));
    }

    /// <summary>The output and the gradients of x, w and b for the loss Σ y·r.</summary>
    private static Tensor?[] Run(Tensor x0, Tensor w0, Tensor? b0, Tensor r, Func<Tensor, Tensor, Tensor?, Tensor> f)
    {
        Tensor x = x0.Detach(), w = w0.Detach(), b = b0?.Detach() ?? Tensor.Zeros(1);
        x.RequiresGrad = w.RequiresGrad = b.RequiresGrad = true;
        Tensor y = f(x, w, b0 is null ? null : b);
        y.Mul(r).Sum().Backward();
        return [y.Detach(), x.Grad, w.Grad, b0 is null ? null : b.Grad];
    }
}
