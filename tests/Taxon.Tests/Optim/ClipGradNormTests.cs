using System.Text.Json;
using Taxon.Optim;
using Taxon.Tests.TorchReference;

namespace Taxon.Tests.Optim;

/// <summary>Gradient clipping against PyTorch 1.13's clip_grad_norm_/clip_grad_value_ (fixtures/optim), and its edge cases.</summary>
public sealed class ClipGradNormTests
{
    /// <summary>xunit MemberData: one row per clipping case.</summary>
    public static TheoryData<string> Cases => OptimFixtures.Names("clipping");

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name)
    {
        JsonElement c = OptimFixtures.Case("clipping", name);
        int[][] shapes = c.GetProperty("shapes").EnumerateArray().Select(s => s.EnumerateArray().Select(e => e.GetInt32()).ToArray()).ToArray();
        JsonElement[] grads = c.GetProperty("grads").EnumerateArray().ToArray();
        JsonElement[] clipped = c.GetProperty("clipped").EnumerateArray().ToArray();
        var parameters = new Tensor[shapes.Length];
        for (int i = 0; i < shapes.Length; i++)
        {
            parameters[i] = Tensor.Zeros(shapes[i]);
            parameters[i].RequiresGrad = true;
            if (grads[i].ValueKind != JsonValueKind.Null)
            {
                parameters[i].Grad = Tensor.FromArray(OptimFixtures.Floats(grads[i]), shapes[i]);
            }
        }

        if (c.GetProperty("kind").GetString() == "norm")
        {
            JsonElement normType = c.GetProperty("norm_type");
            float p = normType.ValueKind == JsonValueKind.String ? float.PositiveInfinity : normType.GetSingle();
            float total = GradientClipping.ClipGradNorm(parameters, c.GetProperty("max_norm").GetSingle(), p);
            TensorCompare.Close([c.GetProperty("total_norm").GetSingle()], [total], 1e-5, 1e-5, $"{name}: total norm");
        }
        else
        {
            GradientClipping.ClipGradValue(parameters, c.GetProperty("clip_value").GetSingle());
        }

        for (int i = 0; i < shapes.Length; i++)
        {
            if (clipped[i].ValueKind == JsonValueKind.Null)
            {
                Assert.Null(parameters[i].Grad);
            }
            else
            {
                TensorCompare.Close(OptimFixtures.Floats(clipped[i]), parameters[i].Grad!.ToArray(), 1e-6, 1e-5, $"{name}: gradient {i}");
            }
        }
    }

    [Fact]
    public void NoGradientsGiveZeroAndChangeNothing()
    {
        var p = Tensor.Ones(3);
        p.RequiresGrad = true;
        Assert.Equal(0f, GradientClipping.ClipGradNorm([p], 1f));
        Assert.Equal(0f, GradientClipping.ClipGradNorm([], 1f, float.PositiveInfinity));
        Assert.Null(p.Grad);
    }

    [Fact]
    public void NonFiniteNormSpreadsNaNLikePyTorchOrThrowsWhenAsked()
    {
        var p = Tensor.Zeros(2);
        p.Grad = Tensor.FromArray([float.NaN, 1f]);
        Assert.Throws<InvalidOperationException>(() => GradientClipping.ClipGradNorm([p], 1f, errorIfNonfinite: true));
        Assert.Equal([float.NaN, 1f], p.Grad.ToArray());

        float total = GradientClipping.ClipGradNorm([p], 1f);
        Assert.True(float.IsNaN(total));
        Assert.All(p.Grad.ToArray(), v => Assert.True(float.IsNaN(v)));

        var q = Tensor.Zeros(2);
        q.Grad = Tensor.FromArray([float.PositiveInfinity, 2f]);
        Assert.Equal(float.PositiveInfinity, GradientClipping.ClipGradNorm([q], 1f, float.PositiveInfinity));
        Assert.True(float.IsNaN(q.Grad.ToArray()[0]));
        Assert.Equal(0f, q.Grad.ToArray()[1]);
    }

    [Fact]
    public void ClipsWithinTheGraphlessGradientInPlace()
    {
        var p = Tensor.Zeros(2);
        p.RequiresGrad = true;
        p.Mul(Tensor.FromArray([3f, 4f])).Sum().Backward();
        Tensor grad = p.Grad!;
        float total = GradientClipping.ClipGradNorm([p], 1f);
        Assert.Equal(5f, total);
        Assert.Same(grad, p.Grad);
        TensorCompare.Close([0.6f, 0.8f], p.Grad!.ToArray(), 1e-6, 1e-6, "clipped");
    }

    [Fact]
    public void RejectsInvalidArguments()
    {
        var p = Tensor.Zeros(2);
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipGradNorm([p], -1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipGradNorm([p], 1f, 0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipGradNorm([p], 1f, float.NegativeInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipGradValue([p], float.NaN));
    }
}
