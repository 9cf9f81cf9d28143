using Taxon.Tests.Kernels;

namespace Taxon.Tests.TorchReference;

/// <summary>
/// Checks every op of the engine against PyTorch 1.13: forward values and the gradients of
/// <c>y.backward(grad_output)</c>, from the cases in <c>fixtures/torch_ops.json</c>.
/// </summary>
public sealed class TorchOpsTests
{
    // Values are O(1) float32 results of short computations: a few ulps of error in either library.
    private const double DefaultAtol = 1e-5;
    private const double DefaultRtol = 1e-5;

    /// <summary>xunit MemberData: one row per fixture case.</summary>
    public static TheoryData<string> Cases => TorchFixtures.CaseNames;

    /// <summary>
    /// Cases whose values legitimately differ more between two float32 implementations: long dot products
    /// (summation order) and inputs of magnitude 40–100 (softmax/logsumexp shift by the max, so absolute
    /// errors scale with the inputs).
    /// </summary>
    private static (double Atol, double Rtol) Tolerance(TorchCase c) => c.Name switch
    {
        "matmul_bigger" => (1e-4, 1e-4),
        "logsumexp_large" or "softmax_large" or "log_softmax_large" or "cross_entropy_large" => (1e-4, 1e-4),
        _ when c.Op is "pow_tensor" or "pow_scalar" or "var" or "std" or "gelu" or "softplus" => (2e-5, 2e-5),
        _ => (DefaultAtol, DefaultRtol),
    };

    [Fact]
    public void FixtureFileLoadsAndNamesAreUnique()
    {
        Assert.True(TorchFixtures.All.Count > 100, $"only {TorchFixtures.All.Count} cases in {TorchFixtures.FixturePath}");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (TorchCase c in TorchFixtures.All)
        {
            Assert.True(names.Add(c.Name), $"duplicate case name {c.Name}");
            Assert.NotEmpty(c.Inputs);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name) => RunCase(name);

    /// <summary>The *_wide cases (rows of 37 floats), once per vector width the kernels can take.</summary>
    public static TheoryData<string, int> WideCases => ForcedWidthScope.AtEveryWidth(TorchFixtures.All.Select(c => c.Name).Where(n => n.EndsWith("_wide", StringComparison.Ordinal)));

    /// <summary>
    /// The same cases with the element-wise kernels forced to one vector width (1 = scalar), so that the 512-bit,
    /// 256-bit and scalar forms are all checked on this machine whatever it supports (a width the CPU lacks runs
    /// in software).
    /// </summary>
    [Theory]
    [MemberData(nameof(WideCases))]
    public void WideCaseMatchesPyTorchAtVectorWidth(string name, int width)
    {
        using (new ForcedWidthScope(width))
        {
            RunCase(name);
        }
    }

    private static void RunCase(string name)
    {
        TorchCase c = TorchFixtures.Get(name);
        var (atol, rtol) = Tolerance(c);

        var leaves = new Tensor[c.Inputs.Count];
        var seen = new Tensor[c.Inputs.Count];
        for (int i = 0; i < leaves.Length; i++)
        {
            TorchInput input = c.Inputs[i];
            leaves[i] = input.ToTensor();
            leaves[i].RequiresGrad = input.RequiresGrad;
            seen[i] = ApplyView(leaves[i], input.View);
        }
        IndexTensor? index = c.Index?.ToIndexTensor();

        OpResult result = Run(c, seen, index);

        // Forward.
        if (result.IndexOutput is not null)
        {
            TorchArray expected = c.Output ?? throw new InvalidDataException($"{name}: no output");
            TensorCompare.Equal(expected.Shape, expected.Ints(), result.IndexOutput, $"{name}: output");
        }
        if (c.Outputs is { } pieces)
        {
            Assert.True(pieces.Count == result.Outputs.Length,
                $"{name}: {result.Outputs.Length} pieces, expected {pieces.Count}");
            for (int k = 0; k < pieces.Count; k++)
            {
                TensorCompare.Close(pieces[k].Shape, pieces[k].Floats(), result.Outputs[k], atol, rtol, $"{name}: output {k}");
            }
        }
        else if (result.Outputs.Length > 0)
        {
            TorchArray expected = c.Output ?? throw new InvalidDataException($"{name}: no output");
            TensorCompare.Close(expected.Shape, expected.Floats(), result.Outputs[0], atol, rtol, $"{name}: output");
        }
        if (c.OutputIndices is { } expectedIndices)
        {
            Assert.NotNull(result.Indices);
            TensorCompare.Equal(expectedIndices.Shape, expectedIndices.Ints(), result.Indices, $"{name}: output indices");
        }

        if (c.Grads is null)
        {
            return;
        }

        // Backward.
        if (c.Outputs is not null)
        {
            List<TorchArray> gradOutputs = c.GradOutputs ?? throw new InvalidDataException($"{name}: no grad_outputs");
            for (int k = 0; k < gradOutputs.Count; k++)
            {
                result.Outputs[k].Backward(gradOutputs[k].ToTensor(), retainGraph: true);
            }
        }
        else
        {
            TorchArray gradOutput = c.GradOutput ?? throw new InvalidDataException($"{name}: no grad_output");
            Tensor y = result.Outputs[0];
            Assert.True(y.RequiresGrad, $"{name}: the output does not require grad");
            y.Backward(gradOutput.ToTensor());
        }

        for (int i = 0; i < leaves.Length; i++)
        {
            TorchArray? expectedGrad = c.Grads[i];
            if (expectedGrad is null)
            {
                Assert.True(leaves[i].Grad is null, $"{name}: input {i} does not require grad but got a gradient");
                continue;
            }
            Tensor grad = leaves[i].Grad ?? throw new Xunit.Sdk.XunitException($"{name}: input {i} got no gradient");
            TensorCompare.Close(expectedGrad.Shape, expectedGrad.Floats(), grad, atol, rtol, $"{name}: grad of input {i}");
        }
    }

    [Fact]
    public void NonDifferentiableOpsAreOutsideTheGraph()
    {
        // PyTorch: comparisons return bool tensors and argmax a LongTensor; none requires grad.
        Tensor x = Tensor.FromArray([1f, -2f, 0.5f, 3f], 2, 2);
        x.RequiresGrad = true;
        Tensor y = Tensor.FromArray([0f, 1f], 2);
        foreach (Tensor t in new[] { x.Eq(y), x.Ne(y), x.Lt(y), x.Le(y), x.Gt(y), x.Ge(y), x.Gt(0f) })
        {
            Assert.False(t.RequiresGrad);
            Assert.Null(t.GradFn);
        }
        Assert.Equal([0, 1], x.ArgMax(1).ToArray());
        Assert.Equal([1, 0], x.ArgMin(0).ToArray());
        // A mask built from the input passes no gradient, the selected values do.
        Tensor z = Tensor.Where(x.Gt(0f), x, x.Mul(0.5f)).Sum();
        z.Backward();
        Assert.Equal([1f, 0.5f, 1f, 1f], x.Grad!.ToArray());
    }

    [Fact]
    public void EveryFixtureOpIsMapped()
    {
        var missing = new List<string>();
        foreach (TorchCase c in TorchFixtures.All)
        {
            if (!MappedOps.Contains(c.Op))
            {
                missing.Add($"{c.Name} ({c.Op})");
            }
        }
        Assert.True(missing.Count == 0, "unmapped ops: " + string.Join(", ", missing));
    }

    private static readonly HashSet<string> MappedOps =
    [
        "add", "sub", "mul", "div", "add_scalar", "sub_scalar", "mul_scalar", "div_scalar",
        "pow_tensor", "pow_scalar", "maximum", "minimum",
        "neg", "exp", "log", "sqrt", "abs", "relu", "tanh", "sigmoid", "gelu",
        "clamp", "leaky_relu", "elu", "softplus", "where", "masked_fill",
        "eq", "ne", "lt", "le", "gt", "ge",
        "sum", "mean", "logsumexp", "var", "std", "max_dim", "min_dim", "max_all", "min_all", "argmax", "argmin",
        "matmul", "bmm", "softmax", "log_softmax", "cross_entropy", "nll_loss",
        "reshape", "view", "transpose", "permute", "narrow", "expand", "squeeze", "unsqueeze", "flatten",
        "contiguous", "slice", "cat", "stack", "split", "gather", "scatter_add", "index_select",
        "select", "square", "split_sizes", "chunk",
    ];

    private sealed record OpResult(Tensor[] Outputs, IndexTensor? Indices = null, IndexTensor? IndexOutput = null)
    {
        public static implicit operator OpResult(Tensor t) => new([t]);
    }

    private static Tensor ApplyView(Tensor t, Dictionary<string, int[]>? view)
    {
        if (view is null)
        {
            return t;
        }
        if (view.TryGetValue("transpose", out int[]? tr))
        {
            return t.Transpose(tr[0], tr[1]);
        }
        if (view.TryGetValue("slice", out int[]? s))
        {
            return t.Slice(s[0], s[1], s[2], s[3]);
        }
        throw new InvalidDataException("unknown view " + string.Join(",", view.Keys));
    }

    private static OpResult Run(TorchCase c, Tensor[] x, IndexTensor? index)
    {
        IndexTensor Idx() => index ?? throw new InvalidDataException($"{c.Name}: no index");
        int[]? dims = c.IntsArg("dims");
        bool keep = c.HasArg("keepdim") && c.BoolArg("keepdim");
        int[] AllDims() => Enumerable.Range(0, x[0].Dim).ToArray();

        switch (c.Op)
        {
            // Element-wise, tensor operands (operators) and float operands (methods).
            case "add": return x[0] + x[1];
            case "sub": return x[0] - x[1];
            case "mul": return x[0] * x[1];
            case "div": return x[0] / x[1];
            case "add_scalar": return x[0].Add(c.FloatArg("scalar"));
            case "sub_scalar": return x[0].Sub(c.FloatArg("scalar"));
            case "mul_scalar": return x[0].Mul(c.FloatArg("scalar"));
            case "div_scalar": return x[0].Div(c.FloatArg("scalar"));
            case "pow_tensor": return x[0].Pow(x[1]);
            case "pow_scalar": return x[0].Pow(c.FloatArg("exponent"));
            case "maximum": return x[0].Maximum(x[1]);
            case "minimum": return x[0].Minimum(x[1]);
            case "neg": return -x[0];
            case "exp": return x[0].Exp();
            case "log": return x[0].Log();
            case "sqrt": return x[0].Sqrt();
            case "abs": return x[0].Abs();
            case "relu": return x[0].Relu();
            case "tanh": return x[0].Tanh();
            case "sigmoid": return x[0].Sigmoid();
            case "gelu": return x[0].Gelu();
            case "clamp": return x[0].Clamp(c.NullableFloatArg("min"), c.NullableFloatArg("max"));
            case "leaky_relu": return x[0].LeakyRelu(c.FloatArg("negative_slope"));
            case "elu": return x[0].Elu(c.FloatArg("alpha"));
            case "softplus": return x[0].Softplus(c.FloatArg("beta"), c.FloatArg("threshold"));
            case "where": return Tensor.Where(x[0], x[1], x[2]);
            case "masked_fill": return x[0].MaskedFill(x[1], c.FloatArg("value"));

            // Comparisons: float 0/1 results.
            case "eq": return c.HasArg("scalar") ? x[0].Eq(c.FloatArg("scalar")) : x[0].Eq(x[1]);
            case "ne": return c.HasArg("scalar") ? x[0].Ne(c.FloatArg("scalar")) : x[0].Ne(x[1]);
            case "lt": return c.HasArg("scalar") ? x[0].Lt(c.FloatArg("scalar")) : x[0].Lt(x[1]);
            case "le": return c.HasArg("scalar") ? x[0].Le(c.FloatArg("scalar")) : x[0].Le(x[1]);
            case "gt": return c.HasArg("scalar") ? x[0].Gt(c.FloatArg("scalar")) : x[0].Gt(x[1]);
            case "ge": return c.HasArg("scalar") ? x[0].Ge(c.FloatArg("scalar")) : x[0].Ge(x[1]);

            // Reductions. A single dim goes through the int overload, several through the int[] one.
            case "sum":
                return dims is null ? x[0].Sum() : dims.Length == 1 ? x[0].Sum(dims[0], keep) : x[0].Sum(dims, keep);
            case "mean":
                return dims is null ? x[0].Mean() : dims.Length == 1 ? x[0].Mean(dims[0], keep) : x[0].Mean(dims, keep);
            case "logsumexp":
                return dims is null ? x[0].LogSumExp() : dims.Length == 1 ? x[0].LogSumExp(dims[0], keep) : x[0].LogSumExp(dims, keep);
            case "var": return x[0].Var(dims ?? AllDims(), c.IntArg("correction"), keep);
            case "std": return x[0].Std(dims ?? AllDims(), c.IntArg("correction"), keep);
            case "max_dim":
            {
                var (values, indices) = x[0].Max(c.IntArg("dim"), keep);
                return new OpResult([values], indices);
            }
            case "min_dim":
            {
                var (values, indices) = x[0].Min(c.IntArg("dim"), keep);
                return new OpResult([values], indices);
            }
            case "max_all": return x[0].Max();
            case "min_all": return x[0].Min();
            case "argmax": return new OpResult([], IndexOutput: x[0].ArgMax(c.IntArg("dim"), keep));
            case "argmin": return new OpResult([], IndexOutput: x[0].ArgMin(c.IntArg("dim"), keep));

            // Linear algebra and losses.
            case "matmul": return x[0].MatMul(x[1]);
            case "bmm": return x[0].Bmm(x[1]);
            case "softmax": return x[0].Softmax(c.IntArg("dim"));
            case "log_softmax": return x[0].LogSoftmax(c.IntArg("dim"));
            case "cross_entropy": return Functional.CrossEntropy(x[0], Idx());
            case "nll_loss": return Functional.NllLoss(x[0], Idx());

            // Views.
            case "reshape": return x[0].Reshape(c.IntsArg("shape")!);
            case "view": return x[0].View(c.IntsArg("shape")!);
            case "transpose": return x[0].Transpose(c.IntArg("dim0"), c.IntArg("dim1"));
            case "permute": return x[0].Permute(c.IntsArg("dims")!);
            case "narrow": return x[0].Narrow(c.IntArg("dim"), c.IntArg("start"), c.IntArg("length"));
            case "expand": return x[0].Expand(c.IntsArg("shape")!);
            case "squeeze": return c.NullableIntArg("dim") is int sd ? x[0].Squeeze(sd) : x[0].Squeeze();
            case "unsqueeze": return x[0].Unsqueeze(c.IntArg("dim"));
            case "flatten": return x[0].Flatten(c.IntArg("start"), c.IntArg("end"));
            case "contiguous": return x[0].Contiguous();
            case "slice": return x[0].Slice(c.IntArg("dim"), c.IntArg("start"), c.IntArg("end"), c.IntArg("step"));

            // Joining, splitting, indexing.
            case "cat": return Tensor.Cat(x, c.IntArg("dim"));
            case "stack": return Tensor.Stack(x, c.IntArg("dim"));
            case "split": return new OpResult(x[0].Split(c.IntArg("split_size"), c.IntArg("dim")));
            case "split_sizes": return new OpResult(x[0].Split(c.IntsArg("sizes")!, c.IntArg("dim")));
            case "chunk": return new OpResult(x[0].Chunk(c.IntArg("chunks"), c.IntArg("dim")));
            case "select": return x[0].Select(c.IntArg("dim"), c.IntArg("index"));
            case "square": return x[0].Square();
            case "gather": return x[0].Gather(c.IntArg("dim"), Idx());
            case "scatter_add": return x[0].ScatterAdd(c.IntArg("dim"), Idx(), x[1]);
            case "index_select": return x[0].IndexSelect(c.IntArg("dim"), Idx());

            default:
                throw new Xunit.Sdk.XunitException($"{c.Name}: op '{c.Op}' is not mapped to the engine API.");
        }
    }
}
