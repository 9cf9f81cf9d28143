using Taxon.NN;
using Taxon.Tests.Kernels;

namespace Taxon.Tests.NN;

/// <summary>The convolution and pooling modules: PyTorch's printing, parameter names and shapes, default initialisation, errors.</summary>
public sealed class ConvModuleTests
{
    [Fact]
    public void ModulesPrintAsPyTorch()
    {
        // Strings printed by PyTorch 1.13 for the same constructor calls.
        Assert.Equal("Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))", new Conv2d(1, 32, 3, padding: 1).ToString());
        Assert.Equal("Conv2d(32, 64, kernel_size=(3, 5), stride=(2, 1), padding=(1, 2), dilation=(2, 2), groups=2, bias=False)",
            new Conv2d(32, 64, (3, 5), stride: (2, 1), padding: (1, 2), dilation: 2, groups: 2, bias: false).ToString());
        Assert.Equal("Conv1d(4, 8, kernel_size=(5,), stride=(2,), groups=2, bias=False)", new Conv1d(4, 8, 5, stride: 2, groups: 2, bias: false).ToString());
        Assert.Equal("Conv1d(3, 6, kernel_size=(3,), stride=(1,), padding=(1,), dilation=(2,))", new Conv1d(3, 6, 3, padding: 1, dilation: 2).ToString());
        Assert.Equal("ConvTranspose2d(16, 8, kernel_size=(3, 5), stride=(2, 2), dilation=(2, 2), output_padding=(1, 1))",
            new ConvTranspose2d(16, 8, (3, 5), stride: 2, outputPadding: 1, dilation: 2).ToString());
        Assert.Equal("ConvTranspose2d(4, 4, kernel_size=(2, 2), stride=(2, 2), padding=(1, 1), groups=2, bias=False)",
            new ConvTranspose2d(4, 4, 2, stride: 2, padding: 1, groups: 2, bias: false).ToString());
        Assert.Equal("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", new MaxPool2d(2).ToString());
        Assert.Equal("MaxPool2d(kernel_size=(3, 2), stride=1, padding=1, dilation=1, ceil_mode=True)",
            new MaxPool2d((3, 2), stride: 1, padding: 1, ceilMode: true).ToString());
        Assert.Equal("MaxPool2d(kernel_size=3, stride=2, padding=1, dilation=2, ceil_mode=False)", new MaxPool2d(3, 2, 1, dilation: 2).ToString());
        Assert.Equal("AvgPool2d(kernel_size=3, stride=2, padding=1)", new AvgPool2d(3, 2, 1, ceilMode: true, countIncludePad: false).ToString());
        Assert.Equal("AvgPool2d(kernel_size=(2, 3), stride=(2, 3), padding=0)", new AvgPool2d((2, 3)).ToString());
        Assert.Equal("AdaptiveAvgPool2d(output_size=(5, 7))", new AdaptiveAvgPool2d((5, 7)).ToString());
        Assert.Equal("AdaptiveAvgPool2d(output_size=3)", new AdaptiveAvgPool2d(3).ToString());
        Assert.Equal(
            "Sequential(\n  (0): Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))\n  (1): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)\n)",
            new Sequential(new Conv2d(1, 32, 3, padding: 1), new MaxPool2d(2)).ToString());
    }

    [Fact]
    public void ParametersHavePyTorchNamesAndShapes()
    {
        var conv = new Conv2d(6, 8, (3, 5), groups: 2);
        Assert.Equal(["weight", "bias"], conv.NamedParameters().Select(p => p.Name));
        Assert.Equal([8, 3, 3, 5], conv.Weight.Shape.ToArray());
        Assert.Equal([8], conv.Bias!.Shape.ToArray());
        var transposed = new ConvTranspose2d(6, 8, 3, groups: 2, bias: false);
        Assert.Equal(["weight"], transposed.NamedParameters().Select(p => p.Name));
        Assert.Equal([6, 4, 3, 3], transposed.Weight.Shape.ToArray());
        Assert.Equal([4, 2, 5], new Conv1d(4, 4, 5, groups: 2).Weight.Shape.ToArray());
        Assert.Empty(new MaxPool2d(2).Parameters());
        Assert.Empty(new AvgPool2d(2).Parameters());
        Assert.Empty(new AdaptiveAvgPool2d(2).Parameters());
    }

    public static TheoryData<string> InitCases => new() { "conv2d", "conv2d-groups", "conv1d", "conv-transpose2d", "conv-transpose2d-groups" };

    /// <summary>
    /// PyTorch's default: kaiming_uniform_(a=√5) on the weight, i.e. U(−1/√fan_in, 1/√fan_in), and the bias in the
    /// same range, with fan_in = weight.shape[1]·kernel size (for a transposed convolution, out/groups·kh·kw).
    /// </summary>
    [Theory]
    [MemberData(nameof(InitCases))]
    public void DefaultInitialisationUsesPyTorchBounds(string kind)
    {
        var g = new Generator(7);
        (Tensor weight, Tensor bias, int fanIn) = kind switch
        {
            "conv2d" => Parts(new Conv2d(16, 32, 3, generator: g), 16 * 9),
            "conv2d-groups" => Parts(new Conv2d(16, 32, (3, 5), groups: 4, generator: g), 4 * 15),
            "conv1d" => Parts(new Conv1d(8, 64, 5, generator: g), 8 * 5),
            "conv-transpose2d" => Parts(new ConvTranspose2d(64, 16, 3, generator: g), 16 * 9),
            _ => Parts(new ConvTranspose2d(64, 16, (2, 3), groups: 2, generator: g), 8 * 6),
        };
        float bound = 1f / MathF.Sqrt(fanIn);
        foreach (Tensor t in new[] { weight, bias })
        {
            float[] v = t.ToArray();
            Assert.All(v, x => Assert.InRange(x, -bound, bound));
            // The values fill the range: U(−b, b) has mean 0 and standard deviation b/√3.
            if (v.Length > 1000)
            {
                Assert.True(v.Max() > 0.95f * bound && v.Min() < -0.95f * bound, $"{kind}: values do not fill ±{bound}");
                double mean = v.Average(), std = Math.Sqrt(v.Select(x => (x - mean) * (x - mean)).Average());
                Assert.InRange(std, 0.95 * bound / Math.Sqrt(3), 1.05 * bound / Math.Sqrt(3));
            }
        }

        static (Tensor, Tensor, int) Parts(Module m, int fanIn)
        {
            var p = m.NamedParameters().ToDictionary(x => x.Name, x => x.Parameter);
            return (p["weight"], p["bias"], fanIn);
        }
    }

    [Fact]
    public void InitialisationIsReproducibleFromTheGenerator()
    {
        Assert.Equal(new Conv2d(3, 4, 3, generator: new Generator(5)).Weight.ToArray(), new Conv2d(3, 4, 3, generator: new Generator(5)).Weight.ToArray());
    }

    [Fact]
    public void CnnForwardShapes()
    {
        var net = new Sequential(
            new Conv2d(1, 32, 3, padding: 1), new Relu(), new MaxPool2d(2),
            new Conv2d(32, 64, 3, padding: 1), new Relu(), new MaxPool2d(2),
            new Flatten(), new Linear(3136, 10));
        Tensor y = net.Forward(Tensor.Randn([3, 1, 28, 28], new Generator(1)));
        Assert.Equal([3, 10], y.Shape.ToArray());
        y.Sum().Backward();
        Assert.All(net.Parameters(), p => Assert.NotNull(p.Grad));

        Assert.Equal([2, 8, 14, 14], new ConvTranspose2d(4, 8, 3, stride: 2, padding: 1, outputPadding: 1).Forward(Tensor.Zeros(2, 4, 7, 7)).Shape.ToArray());
        Assert.Equal([2, 5, 3, 4], new AdaptiveAvgPool2d((3, 4)).Forward(Tensor.Zeros(2, 5, 11, 13)).Shape.ToArray());
        Assert.Equal([2, 5, 6, 7], new AvgPool2d(3, 2, 1, ceilMode: true).Forward(Tensor.Zeros(2, 5, 11, 13)).Shape.ToArray());
        Assert.Equal([4, 3], new Conv1d(2, 4, 3, stride: 2).Forward(Tensor.Zeros(2, 7)).Shape.ToArray());
        Assert.Equal([5, 4, 6], new Conv1d(2, 4, 3, padding: 1, dilation: 2).Forward(Tensor.Zeros(5, 2, 8)).Shape.ToArray());
    }

    [Fact]
    public void ErrorsNameTheOpAndShapes()
    {
        var conv = new Conv2d(3, 4, 3);
        var e = Assert.Throws<ArgumentException>(() => conv.Forward(Tensor.Zeros(2, 1, 8, 8)));
        Assert.Contains("Conv2d", e.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 1, 8, 8]", e.Message, StringComparison.Ordinal);
        Assert.Contains("[4, 3, 3, 3]", e.Message, StringComparison.Ordinal);

        e = Assert.Throws<ArgumentException>(() => conv.Forward(Tensor.Zeros(1, 3, 2, 8)));
        Assert.Contains("kernel", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => conv.Forward(Tensor.Zeros(3, 8)));
        Assert.Throws<ArgumentException>(() => new Conv2d(3, 4, 3, groups: 2));
        Assert.Throws<ArgumentException>(() => Functional.Conv2d(Tensor.Zeros(1, 3, 5, 5), Tensor.Zeros(4, 3, 3, 3), Tensor.Zeros(3)));
        Assert.Throws<ArgumentException>(() => new ConvTranspose2d(2, 2, 3, stride: 1, outputPadding: 1));
        e = Assert.Throws<ArgumentException>(() => Functional.MaxPool2d(Tensor.Zeros(1, 1, 4, 4), 2, padding: 2));
        Assert.Contains("half of the kernel", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => Functional.MaxPool2d(Tensor.Zeros(1, 1, 2, 2), 3));
        Assert.Contains("too small", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Functional.AdaptiveAvgPool2d(Tensor.Zeros(4, 4), 2));
    }

    [Fact]
    public void MaxPoolPropagatesNaNAndTakesTheFirstMaximum()
    {
        // PyTorch's scan: a later element wins when greater or NaN, so NaN propagates (the last NaN's position) and
        // ties keep the first maximum. Each layout at every kernel width the CPU offers.
        foreach (int width in new[] { 0, 1 })
        {
            using (new ForcedWidthScope(width))
            {
                Tensor x = Tensor.FromArray([1f, float.NaN, 2f, 2f, 3f, 5f, 2f, 2f, float.NegativeInfinity, float.NegativeInfinity, 7f, 7f, 0f, 1f, float.NaN, 7f], 1, 1, 4, 4);
                var (y, idx) = Functional.MaxPool2dWithIndices(x, 2);
                float[] v = y.ToArray();
                Assert.True(float.IsNaN(v[0]));
                Assert.Equal(1, idx.Span[0]);
                Assert.Equal([2f, 1f], [v[1], v[2]]);
                Assert.True(float.IsNaN(v[3]));
                Assert.Equal([2, 13, 14], [idx.Span[1], idx.Span[2], idx.Span[3]]);
                Tensor all = Tensor.Full([1, 1, 2, 2], float.NegativeInfinity);
                var (m, at) = Functional.MaxPool2dWithIndices(all, 2);
                Assert.Equal(float.NegativeInfinity, m.Item());
                Assert.Equal(0, at.Span[0]);
            }
        }
    }

    [Fact]
    public void BatchOfZeroImages()
    {
        var conv = new Conv2d(2, 3, 3, padding: 1);
        Tensor x = Tensor.Zeros(0, 2, 5, 5);
        x.RequiresGrad = true;
        Tensor y = conv.Forward(x);
        Assert.Equal([0, 3, 5, 5], y.Shape.ToArray());
        y.Sum().Backward();
        Assert.All(conv.Weight.Grad!.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(conv.Bias!.Grad!.ToArray(), v => Assert.Equal(0f, v));
    }
}
