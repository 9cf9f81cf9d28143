using Taxon.Optim;

namespace Taxon.Tests.Optim;

/// <summary>Adam's one-pass kernel (contiguous parameters) against its composed tensor form (taken for other layouts).</summary>
public class FusedAdamTests
{
    [Theory]
    [InlineData(0.0, false, 37, 19)]
    [InlineData(0.01, false, 37, 19)]
    [InlineData(0.01, true, 37, 19)]
    [InlineData(0.0, false, 301, 333)] // several parallel chunks and a ragged last one
    public void FusedStepGivesTheSameFloatsAsTheComposedForm(double weightDecay, bool adamW, int rows, int cols)
    {
        var gen = new Generator(31);
        // 37 x 19 covers the 512-bit, 256-bit and scalar parts of the kernel.
        float[] start = Tensor.Randn([rows, cols], gen).ToArray();
        Tensor fused = Tensor.FromArray(start, rows, cols);
        Tensor composed = Tensor.FromArray(start, cols, rows).Transpose(0, 1); // a non-contiguous leaf: the composed path
        using (Taxon.Autograd.NoGrad())
        {
            composed.Copy_(fused);
        }
        fused.RequiresGrad = composed.RequiresGrad = true;
        Optimizer a = adamW ? new AdamW([fused], new AdamWOptions(0.01, WeightDecay: weightDecay)) : new Adam([fused], new AdamOptions(0.01, WeightDecay: weightDecay));
        Optimizer b = adamW ? new AdamW([composed], new AdamWOptions(0.01, WeightDecay: weightDecay)) : new Adam([composed], new AdamOptions(0.01, WeightDecay: weightDecay));
        for (int step = 0; step < 5; step++)
        {
            Tensor g = Tensor.Randn([rows, cols], gen);
            fused.Grad = g.Clone();
            composed.Grad = g.Clone();
            a.Step();
            b.Step();
            Assert.Equal(composed.ToArray(), fused.ToArray());
        }
    }

    [Fact]
    public void FusedStepBumpsTheParameterVersion()
    {
        Tensor w = Tensor.Ones(4, 3);
        w.RequiresGrad = true;
        Tensor y = w.Mul(w).Sum(); // saves w for backward
        var adam = new Adam([w]);
        w.Grad = Tensor.Ones(4, 3);
        adam.Step();
        Assert.Throws<InvalidOperationException>(() => y.Backward());
    }
}
