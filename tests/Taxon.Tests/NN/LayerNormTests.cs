using Taxon.NN;
using Taxon.Tests.TorchReference;

namespace Taxon.Tests.NN;

/// <summary>LayerNorm semantics: per-row statistics, equality with the composed definition, options, printing and errors.</summary>
public sealed class LayerNormTests
{
    [Fact]
    public void EachRowIsNormalisedAndModesDoNotMatter()
    {
        var ln = new LayerNorm([3, 4]);
        Tensor x = Tensor.Randn([5, 3, 4], new Generator(1)).Mul(4f).Add(3f);
        float[] y = ln.Forward(x).ToArray();
        for (int r = 0; r < 5; r++)
        {
            float[] row = y.AsSpan(r * 12, 12).ToArray();
            double mean = row.Average(v => (double)v);
            Assert.Equal(0.0, mean, 5);
            Assert.Equal(1.0, row.Average(v => (v - mean) * (v - mean)), 3);
        }
        ln.Eval();
        Assert.Equal(y, ln.Forward(x).ToArray());
    }

    [Theory]
    [InlineData(64, 300)]
    [InlineData(7, 1)]
    public void EqualsTheComposedDefinition(int rows, int cols)
    {
        var g = new Generator(2);
        Tensor data = Tensor.Randn([rows, cols], g).Mul(2f).Add(1f);
        Tensor w = Tensor.Uniform([cols], 0.5f, 1.5f, g), b = Tensor.Randn([cols], g);
        Tensor r = Tensor.Randn([rows, cols], g);

        (float[] Y, float[] Gx, float[] Gw, float[] Gb) Run(Func<Tensor, Tensor, Tensor, Tensor> f)
        {
            Tensor x = data.Detach().Clone(), wl = w.Detach().Clone(), bl = b.Detach().Clone();
            x.RequiresGrad = wl.RequiresGrad = bl.RequiresGrad = true;
            Tensor y = f(x, wl, bl);
            y.Backward(r);
            return (y.ToArray(), x.Grad!.ToArray(), wl.Grad!.ToArray(), bl.Grad!.ToArray());
        }

        var fused = Run((x, wl, bl) => Functional.LayerNorm(x, [cols], wl, bl));
        var composed = Run((x, wl, bl) =>
        {
            Tensor centred = x.Sub(x.Mean(-1, keepDim: true));
            Tensor variance = centred.Square().Mean(-1, keepDim: true);
            return centred.Div(variance.Add(1e-5f).Sqrt()).Mul(wl).Add(bl);
        });
        TensorCompare.Close(composed.Y, fused.Y, 1e-5, 1e-4, "output");
        TensorCompare.Close(composed.Gx, fused.Gx, 1e-4, 1e-3, "input gradient");
        TensorCompare.Close(composed.Gw, fused.Gw, 1e-4, 1e-4, "weight gradient");
        TensorCompare.Close(composed.Gb, fused.Gb, 1e-4, 1e-4, "bias gradient");
    }

    [Fact]
    public void ParametersNamesAndPrinting()
    {
        var ln = new LayerNorm(4);
        Assert.Equal(["weight", "bias"], ln.NamedParameters().Select(p => p.Name));
        Assert.Equal(new float[] { 1, 1, 1, 1 }, ln.Weight!.ToArray());
        Assert.Equal(new float[] { 0, 0, 0, 0 }, ln.Bias!.ToArray());
        Assert.Equal("LayerNorm((4,), eps=1e-05, elementwise_affine=True)", ln.ToString());
        Assert.Equal("LayerNorm((3, 4), eps=0.001, elementwise_affine=False)", new LayerNorm([3, 4], 1e-3f, false).ToString());
        var plain = new LayerNorm([3, 4], elementwiseAffine: false);
        Assert.Empty(plain.Parameters());
        Assert.Null(plain.Weight);
        Assert.Equal([3, 4], plain.NormalizedShape);
    }

    [Fact]
    public void ErrorsNameTheShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => new LayerNorm(4).Forward(Tensor.Zeros(2, 3)));
        Assert.Contains("[*, 4]", e.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 3]", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new LayerNorm([3, 4]).Forward(Tensor.Zeros(4, 3)));
        Assert.Throws<ArgumentException>(() => new LayerNorm([3, 4]).Forward(Tensor.Zeros(4)));
        Assert.Throws<ArgumentException>(() => new LayerNorm(Array.Empty<int>()));
        Assert.Throws<ArgumentException>(() => new LayerNorm(0));
        var e2 = Assert.Throws<ArgumentException>(() => Functional.LayerNorm(Tensor.Zeros(2, 3), [3], Tensor.Ones(4)));
        Assert.Contains("weight has shape [4]", e2.Message, StringComparison.Ordinal);
    }
}
