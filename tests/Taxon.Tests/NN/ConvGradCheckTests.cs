using Taxon.Tests.Autograd;

namespace Taxon.Tests.NN;

/// <summary>
/// Finite-difference gradient checks (<see cref="GradCheck"/>) of convolution and pooling over stride, padding,
/// dilation, groups and output-padding combinations, with non-contiguous inputs and inputs that need no gradient.
/// </summary>
public sealed class ConvGradCheckTests
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

    /// <summary>n, c, h, w, o, kh, kw, stride h/w, padding h/w, dilation h/w, groups, bias.</summary>
    public static TheoryData<string> Conv2dCases => new()
    {
        "2,3,5,6,4,3,3,1,1,1,1,1,1,1,bias",
        "1,2,7,7,3,3,3,2,2,1,1,1,1,1,bias",
        "2,2,8,7,2,3,2,2,1,1,0,2,1,1,bias",
        "1,4,6,6,6,3,3,1,1,1,1,1,1,2,bias",
        "2,3,5,5,3,3,3,1,1,1,1,1,1,3,nobias",
        "1,2,9,8,4,3,3,1,1,2,2,2,2,2,bias",
        "2,3,4,5,2,1,1,1,1,0,0,1,1,1,bias",
        "1,2,6,6,3,1,1,2,2,0,0,1,1,1,nobias",
        "1,2,3,7,2,5,3,1,2,1,1,1,1,1,bias",
        "2,1,6,6,2,3,3,3,2,0,1,1,2,1,bias",
    };

    [Theory]
    [MemberData(nameof(Conv2dCases))]
    public void Conv2d(string spec)
    {
        int[] a = ParseInts(spec, out bool bias);
        Generator g = Gen(spec);
        Tensor x = GradCheck.Randn(g, [a[0], a[1], a[2], a[3]]);
        Tensor w = GradCheck.Randn(g, [a[4], a[1] / a[13], a[5], a[6]], 0.5f);
        Size2d stride = (a[7], a[8]), padding = (a[9], a[10]), dilation = (a[11], a[12]);
        int groups = a[13];
        if (bias)
        {
            GradCheck.Check(t => Functional.Conv2d(t[0], t[1], t[2], stride, padding, dilation, groups), x, w, GradCheck.Randn(g, [a[4]]));
        }
        else
        {
            GradCheck.Check(t => Functional.Conv2d(t[0], t[1], null, stride, padding, dilation, groups), x, w);
        }
    }

    [Fact]
    public void Conv2dOfTransposedInputAndWeight()
    {
        Generator g = Gen("conv2d-transposed");
        Tensor x = GradCheck.Randn(g, [2, 3, 6, 5]);
        Tensor w = GradCheck.Randn(g, [4, 3, 2, 3], 0.5f);
        GradCheck.Check(t => Functional.Conv2d(t[0].Transpose(2, 3), t[1].Transpose(2, 3), t[2], padding: 1), x, w, GradCheck.Randn(g, [4]));
    }

    [Fact]
    public void Conv2dWithInputThatNeedsNoGradient()
    {
        // The first layer of a CNN: only the weight gradient is computed.
        Generator g = Gen("conv2d-frozen-input");
        Tensor x = GradCheck.Randn(g, [3, 1, 6, 6], requiresGrad: false);
        GradCheck.Check(t => Functional.Conv2d(t[0], t[1], t[2], padding: 1), x, GradCheck.Randn(g, [4, 1, 3, 3]), GradCheck.Randn(g, [4]));
    }

    [Fact]
    public void Conv2dWithFrozenWeightAndBias()
    {
        Generator g = Gen("conv2d-frozen-weight");
        Tensor w = GradCheck.Randn(g, [2, 3, 3, 3], requiresGrad: false);
        Tensor b = GradCheck.Randn(g, [2], requiresGrad: false);
        GradCheck.Check(t => Functional.Conv2d(t[0], t[1], t[2], stride: 2, padding: 1), GradCheck.Randn(g, [2, 3, 5, 5]), w, b);
    }

    [Fact]
    public void Conv2dUnbatched()
    {
        Generator g = Gen("conv2d-unbatched");
        GradCheck.Check(t => Functional.Conv2d(t[0], t[1], t[2], padding: 1), GradCheck.Randn(g, [2, 5, 4]),
            GradCheck.Randn(g, [3, 2, 3, 3], 0.5f), GradCheck.Randn(g, [3]));
    }

    /// <summary>n, c, length, o, k, stride, padding, dilation, groups, bias.</summary>
    [Theory]
    [InlineData("2,3,9,4,3,1,1,1,1,bias")]
    [InlineData("1,4,12,2,3,2,2,2,2,nobias")]
    [InlineData("2,2,7,4,1,1,0,1,2,bias")]
    public void Conv1d(string spec)
    {
        int[] a = ParseInts(spec, out bool bias);
        Generator g = Gen(spec);
        Tensor x = GradCheck.Randn(g, [a[0], a[1], a[2]]);
        Tensor w = GradCheck.Randn(g, [a[3], a[1] / a[8], a[4]], 0.5f);
        if (bias)
        {
            GradCheck.Check(t => Functional.Conv1d(t[0], t[1], t[2], a[5], a[6], a[7], a[8]), x, w, GradCheck.Randn(g, [a[3]]));
        }
        else
        {
            GradCheck.Check(t => Functional.Conv1d(t[0], t[1], null, a[5], a[6], a[7], a[8]), x, w);
        }
    }

    /// <summary>n, cin, h, w, cout, kh, kw, stride h/w, padding h/w, output padding h/w, dilation h/w, groups, bias.</summary>
    [Theory]
    [InlineData("2,3,3,4,2,3,3,1,1,0,0,0,0,1,1,1,bias")]
    [InlineData("1,2,3,3,3,3,3,2,2,1,1,1,1,1,1,1,bias")]
    [InlineData("2,4,2,3,2,2,2,2,2,0,0,0,0,1,1,1,nobias")]
    [InlineData("1,4,3,3,6,3,2,1,2,1,0,0,1,2,1,2,bias")]
    [InlineData("1,2,3,4,2,3,3,1,1,0,0,1,1,2,2,1,bias")]
    public void ConvTranspose2d(string spec)
    {
        int[] a = ParseInts(spec, out bool bias);
        Generator g = Gen(spec);
        int groups = a[15];
        Tensor x = GradCheck.Randn(g, [a[0], a[1], a[2], a[3]]);
        Tensor w = GradCheck.Randn(g, [a[1], a[4] / groups, a[5], a[6]], 0.5f);
        Size2d stride = (a[7], a[8]), padding = (a[9], a[10]), outputPadding = (a[11], a[12]), dilation = (a[13], a[14]);
        if (bias)
        {
            GradCheck.Check(t => Functional.ConvTranspose2d(t[0], t[1], t[2], stride, padding, outputPadding, groups, dilation), x, w, GradCheck.Randn(g, [a[4]]));
        }
        else
        {
            GradCheck.Check(t => Functional.ConvTranspose2d(t[0], t[1], null, stride, padding, outputPadding, groups, dilation), x, w);
        }
    }

    /// <summary>shape (n, c, h, w), kernel h/w, stride h/w, padding h/w, dilation h/w, ceil mode (0/1).</summary>
    [Theory]
    [InlineData("2,2,6,8,2,2,2,2,0,0,1,1,0")]
    [InlineData("1,2,7,9,2,2,2,2,0,0,1,1,0")]
    [InlineData("1,1,4,40,2,2,2,2,0,0,1,1,0")]
    [InlineData("2,1,7,7,3,3,2,2,1,1,1,1,0")]
    [InlineData("1,2,9,8,3,2,1,2,1,1,2,1,0")]
    [InlineData("1,2,7,8,3,3,2,2,0,0,1,1,1")]
    [InlineData("2,1,6,6,2,2,2,2,1,1,1,1,1")]
    public void MaxPool2d(string spec)
    {
        int[] a = ParseInts(spec, out _);
        // Distinct values a tenth apart: no window has a near-tie that the ±2·eps steps could swap.
        Tensor x = GradCheck.Distinct(Gen(spec), 0.1f, [a[0], a[1], a[2], a[3]])[0];
        GradCheck.Check(t => Functional.MaxPool2d(t[0], (a[4], a[5]), (a[6], a[7]), (a[8], a[9]), (a[10], a[11]), a[12] == 1), x);
    }

    [Fact]
    public void MaxPool2dOfStridedView()
    {
        Tensor x = GradCheck.Distinct(Gen("maxpool-view"), 0.1f, [2, 3, 6, 8])[0];
        GradCheck.Check(t => Functional.MaxPool2d(t[0].Slice(3, 0, 8, 2), 2), x);
    }

    /// <summary>shape (n, c, h, w), kernel h/w, stride h/w, padding h/w, ceil mode, count_include_pad, divisor (0: none).</summary>
    [Theory]
    [InlineData("2,2,6,6,2,2,2,2,0,0,0,1,0")]
    [InlineData("1,2,7,7,3,3,2,2,1,1,0,1,0")]
    [InlineData("1,2,7,7,3,3,2,2,1,1,0,0,0")]
    [InlineData("1,2,6,7,3,3,2,2,1,1,1,1,0")]
    [InlineData("1,2,6,7,3,3,2,2,1,1,1,0,0")]
    [InlineData("2,1,6,6,3,3,2,2,1,1,0,1,5")]
    [InlineData("1,2,7,9,2,3,1,2,1,1,0,0,0")]
    public void AvgPool2d(string spec)
    {
        int[] a = ParseInts(spec, out _);
        Tensor x = GradCheck.Randn(Gen(spec), [a[0], a[1], a[2], a[3]]);
        int? divisor = a[12] == 0 ? null : a[12];
        GradCheck.Check(t => Functional.AvgPool2d(t[0], (a[4], a[5]), (a[6], a[7]), (a[8], a[9]), a[10] == 1, a[11] == 1, divisor), x);
    }

    /// <summary>shape (n, c, h, w), output h/w: divisible, non-divisible in both directions, upsampling, global.</summary>
    [Theory]
    [InlineData("2,2,8,6,4,3")]
    [InlineData("1,2,7,7,3,3")]
    [InlineData("2,1,10,7,4,3")]
    [InlineData("1,2,5,9,3,4")]
    [InlineData("1,2,3,4,5,7")]
    [InlineData("2,3,5,6,1,1")]
    public void AdaptiveAvgPool2d(string spec)
    {
        int[] a = ParseInts(spec, out _);
        Tensor x = GradCheck.Randn(Gen(spec), [a[0], a[1], a[2], a[3]]);
        GradCheck.Check(t => Functional.AdaptiveAvgPool2d(t[0], (a[4], a[5])), x);
    }

    [Fact]
    public void ConvolutionThenPooling()
    {
        // Gradients flow through two recorded nodes: pooling's backward feeds the convolution's.
        Generator g = Gen("stack");
        Tensor x = GradCheck.Randn(g, [2, 1, 8, 8]);
        Tensor w = GradCheck.Randn(g, [3, 1, 3, 3], 0.5f);
        GradCheck.Check(t => Functional.AvgPool2d(Functional.Conv2d(t[0], t[1], padding: 1), 2), x, w);
    }

    private static int[] ParseInts(string spec, out bool bias)
    {
        string[] parts = spec.Split(',');
        bias = parts[^1] == "bias";
        return parts.Where(p => int.TryParse(p, out _)).Select(int.Parse).ToArray();
    }
}
