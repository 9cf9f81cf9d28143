using System.Text.Json;
using Taxon.Tests.TorchReference;
using Taxon.Tests.Kernels;

namespace Taxon.Tests.NN;

/// <summary>
/// Convolution and pooling against PyTorch 1.13: forward values, max-pool indices and the gradients of
/// <c>y.backward(grad_output)</c>, from <c>fixtures/conv/conv_cases.json</c> (written by
/// <c>fixtures/conv/make_conv_fixtures.py</c>; tests never run Python).
/// </summary>
public sealed class ConvTorchTests
{
    private static readonly Lazy<Dictionary<string, TorchCase>> s_cases = new(Load);

    /// <summary>xunit MemberData: one row per case.</summary>
    public static TheoryData<string> Cases
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (string name in s_cases.Value.Keys)
            {
                data.Add(name);
            }
            return data;
        }
    }

    /// <summary>Cases at every thread count the kernels distinguish: one thread, and threads across images or planes.</summary>
    public static TheoryData<string, int> CasesAndThreads
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (string name in s_cases.Value.Keys)
            {
                data.Add(name, 1);
                data.Add(name, 2);
            }
            return data;
        }
    }

    [Fact]
    public void FixtureFileLoads() => Assert.True(s_cases.Value.Count >= 40, $"only {s_cases.Value.Count} cases");

    [Theory]
    [MemberData(nameof(CasesAndThreads))]
    public void MatchesPyTorch(string name, int threads)
    {
        int previous = global::Taxon.Kernels.Parallelism.MaxThreads;
        global::Taxon.Kernels.Parallelism.MaxThreads = threads;
        try
        {
            RunCase(s_cases.Value[name]);
        }
        finally
        {
            global::Taxon.Kernels.Parallelism.MaxThreads = previous;
        }
    }

    /// <summary>The max-pool cases with the vector kernels off (1) and on (512), whatever this CPU supports.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorchWithScalarKernels(string name)
    {
        TorchCase c = s_cases.Value[name];
        if (c.Op is not ("max_pool2d" or "cnn_stack"))
        {
            return;
        }
        using (new ForcedWidthScope(1))
        {
            RunCase(c);
        }
    }

    private static void RunCase(TorchCase c)
    {
        // Sums of up to a few hundred float32 products, in a different order than PyTorch's.
        const double atol = 1e-4, rtol = 1e-4;
        var leaves = new Tensor[c.Inputs.Count];
        var seen = new Tensor[c.Inputs.Count];
        for (int i = 0; i < leaves.Length; i++)
        {
            leaves[i] = c.Inputs[i].ToTensor();
            leaves[i].RequiresGrad = c.Inputs[i].RequiresGrad;
            seen[i] = c.Inputs[i].View is { } view && view.TryGetValue("transpose", out int[]? dims) ? leaves[i].Transpose(dims[0], dims[1]) : leaves[i];
        }
        Assert.True(c.Inputs.TrueForAll(input => input.View is null || input.View.ContainsKey("transpose")), $"{c.Name}: unsupported view");

        var (output, indices) = Run(c, seen);
        TorchArray expected = c.Output!;
        TensorCompare.Close(expected.Shape, expected.Floats(), output, atol, rtol, $"{c.Name}: output");
        if (c.OutputIndices is { } expectedIndices)
        {
            Assert.NotNull(indices);
            TensorCompare.Equal(expectedIndices.Shape, expectedIndices.Ints(), indices, $"{c.Name}: indices");
        }

        Assert.Equal(c.Op is "conv1d" or "conv2d" or "conv_transpose2d" or "cnn_stack" ? "ConvolutionBackward0"
            : c.Op == "max_pool2d" ? "MaxPool2DWithIndicesBackward0"
            : c.Op == "avg_pool2d" ? "AvgPool2DBackward0" : "AdaptiveAvgPool2DBackward0",
            c.Op == "cnn_stack" ? "ConvolutionBackward0" : output.GradFn!.Name);
        output.Backward(c.GradOutput!.ToTensor());
        for (int i = 0; i < leaves.Length; i++)
        {
            TorchArray grad = c.Grads![i]!;
            TensorCompare.Close(grad.Shape, grad.Floats(), leaves[i].Grad ?? throw new Xunit.Sdk.XunitException($"{c.Name}: no gradient for input {i}"),
                atol, rtol, $"{c.Name}: grad of input {i}");
        }
    }

    private static (Tensor Output, IndexTensor? Indices) Run(TorchCase c, Tensor[] x)
    {
        Tensor? bias = x.Length > 2 ? x[2] : null;
        switch (c.Op)
        {
            case "conv1d":
                return (Functional.Conv1d(x[0], x[1], bias, c.IntArg("stride"), c.IntArg("padding"), c.IntArg("dilation"), c.IntArg("groups")), null);
            case "conv2d":
                return (Functional.Conv2d(x[0], x[1], bias, Pair(c, "stride"), Pair(c, "padding"), Pair(c, "dilation"), c.IntArg("groups")), null);
            case "conv_transpose2d":
                return (Functional.ConvTranspose2d(x[0], x[1], bias, Pair(c, "stride"), Pair(c, "padding"), Pair(c, "output_padding"),
                    c.IntArg("groups"), Pair(c, "dilation")), null);
            case "max_pool2d":
                var (values, indices) = Functional.MaxPool2dWithIndices(x[0], Pair(c, "kernel"), Pair(c, "stride"), Pair(c, "padding"),
                    Pair(c, "dilation"), c.BoolArg("ceil_mode"));
                return (values, indices);
            case "avg_pool2d":
                return (Functional.AvgPool2d(x[0], Pair(c, "kernel"), Pair(c, "stride"), Pair(c, "padding"), c.BoolArg("ceil_mode"),
                    c.BoolArg("count_include_pad"), c.NullableIntArg("divisor_override")), null);
            case "adaptive_avg_pool2d":
                return (Functional.AdaptiveAvgPool2d(x[0], Pair(c, "output_size")), null);
            case "cnn_stack":
                Tensor y = Functional.MaxPool2d(Functional.Conv2d(x[0], x[1], x[2], padding: 1).Relu(), 2);
                return (Functional.MaxPool2d(Functional.Conv2d(y, x[3], x[4], padding: 1).Relu(), 2), null);
            default:
                throw new InvalidDataException($"{c.Name}: unknown op '{c.Op}'.");
        }
    }

    private static Size2d Pair(TorchCase c, string key)
    {
        int[] v = c.IntsArg(key)!;
        return (v[0], v[1]);
    }

    private static Dictionary<string, TorchCase> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "conv", "conv_cases.json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                "Convolution fixtures not found; regenerate them with /usr/bin/python3 tests/Taxon.Tests/fixtures/conv/make_conv_fixtures.py", path);
        }
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        using FileStream stream = File.OpenRead(path);
        var cases = JsonSerializer.Deserialize<List<TorchCase>>(stream, options) ?? throw new InvalidDataException($"{path}: empty file.");
        return cases.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }
}
