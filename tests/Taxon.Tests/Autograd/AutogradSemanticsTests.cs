namespace Taxon.Tests.Autograd;

public class AutogradSemanticsTests
{
    [Fact]
    public void NoGradBuildsNoGraph()
    {
        var w = Tensor.FromArray([1f, 2f, 3f]);
        w.RequiresGrad = true;
        Tensor y;
        using (Taxon.Autograd.NoGrad())
        {
            y = w.Mul(2f).Sum();
            Assert.False(Taxon.Autograd.IsGradEnabled);
        }
        Assert.True(Taxon.Autograd.IsGradEnabled);
        Assert.False(y.RequiresGrad);
        Assert.Null(y.GradFn);
        Assert.True(y.IsLeaf);
        Assert.Throws<InvalidOperationException>(() => y.Backward());
    }

    [Fact]
    public void EnableGradInsideNoGradRecords()
    {
        var w = Tensor.FromArray([1f, 2f]);
        w.RequiresGrad = true;
        using (Taxon.Autograd.NoGrad())
        {
            using (Taxon.Autograd.EnableGrad())
            {
                Tensor y = w.Mul(w).Sum();
                Assert.NotNull(y.GradFn);
                y.Backward();
            }
            Assert.False(Taxon.Autograd.IsGradEnabled);
        }
        Assert.Equal([2f, 4f], w.Grad!.ToArray());
    }

    [Fact]
    public void NoGradIsPerThread()
    {
        using (Taxon.Autograd.NoGrad())
        {
            bool other = false;
            var thread = new Thread(() => other = Taxon.Autograd.IsGradEnabled);
            thread.Start();
            thread.Join();
            Assert.True(other);
        }
    }

    [Fact]
    public void LeavesAndNonLeaves()
    {
        var x = Tensor.FromArray([1f, 2f]);
        Assert.True(x.IsLeaf);
        Assert.False(x.RequiresGrad);
        x.RequiresGrad = true;
        Tensor y = x.Mul(3f);
        Assert.False(y.IsLeaf);
        Assert.True(y.RequiresGrad);
        Assert.Equal("MulBackward1", y.GradFn!.Name);
        Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
        Tensor z = y.Sum();
        z.Backward();
        Assert.Equal([3f, 3f], x.Grad!.ToArray());
        Assert.Null(y.Grad); // non-leaf gradients are not kept unless retained
    }

    [Fact]
    public void RetainGradKeepsNonLeafGradient()
    {
        var x = Tensor.FromArray([1f, 2f]);
        x.RequiresGrad = true;
        Tensor y = x.Mul(x);
        y.RetainGrad();
        y.Sum().Backward();
        Assert.Equal([1f, 1f], y.Grad!.ToArray());
        Assert.Equal([2f, 4f], x.Grad!.ToArray());
    }

    [Fact]
    public void GradientsAccumulateAcrossCalls()
    {
        var x = Tensor.FromArray([1f, -2f]);
        x.RequiresGrad = true;
        x.Mul(x).Sum().Backward();
        x.Mul(x).Sum().Backward();
        Assert.Equal([4f, -8f], x.Grad!.ToArray());
        x.Grad = null;
        x.Mul(5f).Sum().Backward();
        Assert.Equal([5f, 5f], x.Grad!.ToArray());
    }

    [Fact]
    public void SecondBackwardNeedsRetainGraph()
    {
        var x = Tensor.FromArray([3f]);
        x.RequiresGrad = true;
        Tensor y = x.Mul(x).Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        Assert.Equal([12f], x.Grad!.ToArray());
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("second time", ex.Message);
    }

    [Fact]
    public void BackwardWithExplicitGradient()
    {
        var x = Tensor.FromArray([1f, 2f, 3f]);
        x.RequiresGrad = true;
        Tensor y = x.Mul(2f);
        Assert.Throws<InvalidOperationException>(() => y.Backward()); // not a scalar
        Assert.Throws<ArgumentException>(() => y.Backward(Tensor.Ones(2)));
        y.Backward(Tensor.FromArray([1f, 10f, 100f]));
        Assert.Equal([2f, 20f, 200f], x.Grad!.ToArray());
    }

    [Fact]
    public void DetachCutsTheGraph()
    {
        var x = Tensor.FromArray([2f]);
        x.RequiresGrad = true;
        Tensor y = x.Mul(x);
        Tensor d = y.Detach();
        Assert.False(d.RequiresGrad);
        Assert.Null(d.GradFn);
        Tensor z = y.Add(d.Mul(x)).Sum(); // d is a constant: dz/dx = 2x + d = 8
        z.Backward();
        Assert.Equal([8f], x.Grad!.ToArray());
    }

    [Fact]
    public void InputGradientsForAdversarialTraining()
    {
        // A fixed "model" w and an input that requires grad: the gradient reaches the input, not w.
        var w = Tensor.FromArray([0.5f, -1f, 2f]);
        var input = Tensor.FromArray([1f, 2f, 3f]);
        input.RequiresGrad = true;
        Tensor loss = input.Mul(w).Sum().Sigmoid();
        loss.Backward();
        float s = 1f / (1f + MathF.Exp(-(0.5f - 2f + 6f)));
        float ds = s * (1 - s);
        float[] g = input.Grad!.ToArray();
        Assert.Equal(0.5f * ds, g[0], 6);
        Assert.Equal(-1f * ds, g[1], 6);
        Assert.Equal(2f * ds, g[2], 6);
        Assert.Null(w.Grad);
        // FGSM step: move the input along the sign of its gradient.
        using (Taxon.Autograd.NoGrad())
        {
            Tensor adversarial = input.Add(input.Grad.Gt(0f).Mul(2f).Sub(1f).Mul(0.1f));
            Assert.Equal([1.1f, 1.9f, 3.1f], adversarial.ToArray());
        }
    }

    [Fact]
    public void InPlaceChangeOfSavedTensorIsAnError()
    {
        var x = Tensor.FromArray([1f, 2f]);
        x.RequiresGrad = true;
        Tensor c = Tensor.FromArray([3f, 4f]);
        Tensor y = x.Mul(c).Sum(); // saves c
        c.Mul_(2f);
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("in-place", ex.Message);
        Assert.Contains("MulBackward0", ex.Message);
    }

    [Fact]
    public void InPlaceThroughAViewIsDetectedToo()
    {
        var x = Tensor.FromArray([1f, 2f]);
        x.RequiresGrad = true;
        Tensor c = Tensor.FromArray([3f, 4f, 5f]);
        Tensor y = x.Mul(c.Narrow(0, 0, 2)).Sum();
        c.Narrow(0, 2, 1).Fill_(0f); // shares storage: bumps the shared version
        Assert.Throws<InvalidOperationException>(() => y.Backward());
    }

    [Fact]
    public void InPlaceOnLeafRequiringGradNeedsNoGrad()
    {
        var w = Tensor.FromArray([1f, 2f]);
        w.RequiresGrad = true;
        Assert.Throws<InvalidOperationException>(() => w.Add_(1f));
        Assert.Throws<InvalidOperationException>(() => w.MaskedFill_(Tensor.FromArray([1f, 0f]), 0f));
        Assert.Equal([1f, 2f], w.ToArray());
        using (Taxon.Autograd.NoGrad())
        {
            w.Add_(Tensor.FromArray([1f, 1f]), alpha: -0.5f);
        }
        Assert.Equal([0.5f, 1.5f], w.ToArray());
    }

    [Fact]
    public void InPlaceWritesThroughViews()
    {
        Tensor m = Tensor.Zeros(2, 3);
        m.Transpose(0, 1).Narrow(0, 1, 1).Fill_(7f);
        Assert.Equal([0f, 7f, 0f, 0f, 7f, 0f], m.ToArray());
        m.Slice(1, 0, 3, 2).Copy_(Tensor.FromArray([1f, 2f]));
        Assert.Equal([1f, 7f, 2f, 1f, 7f, 2f], m.ToArray());
        Tensor square = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        square.Copy_(square.T); // source overlaps the destination
        Assert.Equal([1f, 3f, 2f, 4f], square.ToArray());
    }

    [Fact]
    public void DiamondGraphSumsBothPaths()
    {
        var x = Tensor.FromArray([2f]);
        x.RequiresGrad = true;
        Tensor a = x.Mul(3f);
        Tensor b = a.Mul(a).Add(a); // d/dx = (2a + 1)·3 = 39
        b.Sum().Backward();
        Assert.Equal([39f], x.Grad!.ToArray());
    }

    [Fact]
    public void DeepChainDoesNotOverflowTheStack()
    {
        var x = Tensor.FromArray([1f]);
        x.RequiresGrad = true;
        Tensor y = x;
        for (int i = 0; i < 50_000; i++)
        {
            y = y.Mul(1f);
        }
        y.Sum().Backward();
        Assert.Equal([1f], x.Grad!.ToArray());
    }

    [Fact]
    public void GradFnNamesFollowPyTorch()
    {
        var a = Tensor.FromArray([1f, 2f], 1, 2);
        a.RequiresGrad = true;
        var b = Tensor.FromArray([3f, 4f], 2, 1);
        Assert.Equal("AddBackward0", a.Add(b).GradFn!.Name);
        Assert.Equal("MmBackward0", a.MatMul(b).GradFn!.Name);
        Assert.Equal("SumBackward1", a.Sum(1).GradFn!.Name);
        Assert.Equal("TransposeBackward0", a.Transpose(0, 1).GradFn!.Name);
        Assert.Equal("<ReluBackward0>", a.Relu().GradFn!.ToString());
        Assert.Contains(a.Mul(b).Relu().GradFn!.NextFunctions, n => n?.Name == "MulBackward0");
    }

    [Fact]
    public void GradientsOwnTheirBuffers()
    {
        // Add's backward hands the same gradient to both inputs: modifying one Grad must not change the other.
        var a = Tensor.FromArray([1f, 2f]);
        var b = Tensor.FromArray([3f, 4f]);
        a.RequiresGrad = true;
        b.RequiresGrad = true;
        a.Add(b).Backward(Tensor.FromArray([1f, 1f]));
        using (Taxon.Autograd.NoGrad())
        {
            a.Grad!.Mul_(10f);
        }
        Assert.Equal([10f, 10f], a.Grad!.ToArray());
        Assert.Equal([1f, 1f], b.Grad!.ToArray());

        // The caller's gradient is never adopted as a leaf's Grad.
        var x = Tensor.FromArray([1f, 2f]);
        x.RequiresGrad = true;
        var upstream = Tensor.FromArray([5f, 6f]);
        x.Backward(upstream);
        using (Taxon.Autograd.NoGrad())
        {
            x.Grad!.Zero_();
        }
        Assert.Equal([5f, 6f], upstream.ToArray());
    }

    [Fact]
    public void InPlaceOpsWriteIntoTheirDestination()
    {
        Tensor w = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        w.Add_(Tensor.FromArray([1f, 1f]), alpha: 0.5f);
        Assert.Equal([1.5f, 2.5f, 3.5f, 4.5f], w.ToArray());
        w.Mul_(2f).Sub_(Tensor.Ones(2, 2)).Div_(2f).Clamp_(max: 2f);
        Assert.Equal([1f, 2f, 2f, 2f], w.ToArray());
        Tensor t = w.T; // strided destination
        t.Add_(Tensor.FromArray([10f, 20f]));
        Assert.Equal([11f, 12f, 22f, 22f], w.ToArray());
        w.Add_(w); // aliasing operand
        Assert.Equal([22f, 24f, 44f, 44f], w.ToArray());
    }
}
