using Taxon.Tests.TorchReference;

namespace Taxon.Tests.Autograd;

/// <summary>
/// Finite-difference gradient checks (<see cref="GradCheck"/>) for every differentiable op: random seeded shapes,
/// broadcasting, non-contiguous inputs (transposed and strided views of the leaves) and multi-dim reductions.
/// </summary>
public sealed class GradCheckTests
{
    /// <summary>A generator seeded from the test's name (FNV-1a), so each test has its own stable stream.</summary>
    private static Generator Gen(string name)
    {
        ulong h = 14695981039346656037UL;
        foreach (char ch in name)
        {
            h = (h ^ ch) * 1099511628211UL;
        }
        return new Generator(h);
    }

    private static Tensor NoGrad(Tensor t)
    {
        t.RequiresGrad = false;
        return t;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Element-wise binary ops with broadcasting and non-contiguous operands
    // ------------------------------------------------------------------------------------------------------------

    public static TheoryData<string, string> BinaryCases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (string op in new[] { "add", "sub", "mul", "div", "pow", "maximum", "minimum" })
            {
                foreach (string layout in new[] { "same", "bcast_rhs", "bcast_both", "scalar_tensor", "scalar_lhs", "transposed_lhs", "sliced_rhs" })
                {
                    data.Add(op, layout);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void Binary(string op, string layout)
    {
        Generator g = Gen($"binary/{op}/{layout}");
        int r = g.NextInt(2, 4), c = g.NextInt(2, 5);
        int[] leafA, leafB;
        Func<Tensor, Tensor> viewA = t => t, viewB = t => t;
        switch (layout)
        {
            case "same":
                leafA = GradCheck.RandomShape(g, g.NextInt(1, 4));
                leafB = leafA;
                break;
            case "bcast_rhs":
                leafA = [r, c, g.NextInt(2, 4)];
                leafB = GradCheck.BroadcastableShape(g, leafA);
                break;
            case "bcast_both":
                leafA = [r, 1, c];
                leafB = [g.NextInt(2, 4), 1];
                break;
            case "scalar_tensor":
                leafA = [r, c];
                leafB = [];
                break;
            case "scalar_lhs":
                leafA = [];
                leafB = [r, c];
                break;
            case "transposed_lhs":
                leafA = [c, r];
                leafB = [r, c];
                viewA = t => t.Transpose(0, 1);
                break;
            case "sliced_rhs":
                leafA = [r, c];
                leafB = [r, 2 * c + 1];
                viewB = t => t.Slice(1, 1, 2 * c + 1, 2);
                break;
            default:
                throw new ArgumentException(layout);
        }

        Tensor a, b;
        switch (op)
        {
            case "div":
                a = GradCheck.Randn(g, leafA);
                b = GradCheck.RandnAway(g, leafB, [0f], margin: 0.5f);
                break;
            case "pow":
                a = GradCheck.Uniform(g, leafA, 0.5f, 2f);
                b = GradCheck.Uniform(g, leafB, -2f, 2f);
                break;
            case "maximum":
            case "minimum":
                Tensor[] ab = GradCheck.Distinct(g, 0.1f, leafA, leafB);
                (a, b) = (ab[0], ab[1]);
                break;
            default:
                a = GradCheck.Randn(g, leafA);
                b = GradCheck.Randn(g, leafB);
                break;
        }

        Func<Tensor, Tensor, Tensor> f = op switch
        {
            "add" => (x, y) => x + y,
            "sub" => (x, y) => x - y,
            "mul" => (x, y) => x * y,
            "div" => (x, y) => x / y,
            "pow" => (x, y) => x.Pow(y),
            "maximum" => (x, y) => x.Maximum(y),
            "minimum" => (x, y) => x.Minimum(y),
            _ => throw new ArgumentException(op),
        };
        GradCheck.Check(xs => f(viewA(xs[0]), viewB(xs[1])), a, b);
    }

    [Fact]
    public void BinaryWithOneOperandWithoutGrad()
    {
        Generator g = Gen("binary/nograd");
        Tensor a = GradCheck.Randn(g, [3, 4]);
        Tensor b = GradCheck.Randn(g, [4], requiresGrad: false);
        GradCheck.Check(xs => xs[0] * xs[1] - xs[1], a, b);
    }

    [Fact]
    public void SameTensorUsedTwice()
    {
        // Gradient accumulation when one input reaches the output by several paths.
        Generator g = Gen("binary/twice");
        Tensor a = GradCheck.Randn(g, [3, 4]);
        GradCheck.Check(xs => (xs[0] * xs[0]) + xs[0].Transpose(0, 1).Transpose(0, 1).Exp(), a);
    }

    public static TheoryData<string, float> ScalarCases => new()
    {
        { "add", -1.75f }, { "sub", 0.5f }, { "mul", -2.5f }, { "div", 3f }, { "div", -0.25f },
        { "pow", 2f }, { "pow", 3f }, { "pow", 0.5f }, { "pow", -1.5f }, { "pow", 2.5f }, { "pow", 1f },
    };

    [Theory]
    [MemberData(nameof(ScalarCases))]
    public void ScalarOperand(string op, float s)
    {
        Generator g = Gen($"scalar/{op}/{s}");
        bool positive = op == "pow" && s != MathF.Round(s);
        Tensor x = positive ? GradCheck.Uniform(g, [2, 3, 2], 0.3f, 2f) : GradCheck.Randn(g, [2, 3, 2]);
        Func<Tensor, Tensor> f = op switch
        {
            "add" => t => t.Add(s),
            "sub" => t => t.Sub(s),
            "mul" => t => t.Mul(s),
            "div" => t => t.Div(s),
            "pow" => t => t.Pow(s),
            _ => throw new ArgumentException(op),
        };
        GradCheck.Check(xs => f(xs[0]), x);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Element-wise unary ops, on contiguous and strided (non-contiguous) inputs
    // ------------------------------------------------------------------------------------------------------------

    public static TheoryData<string, bool> UnaryCases
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (string op in new[]
            {
                "neg", "square", "exp", "log", "sqrt", "abs", "relu", "tanh", "sigmoid", "gelu", "clamp_both", "clamp_min",
                "clamp_max", "leaky_relu", "elu_1", "elu_0.5", "softplus_b1", "softplus_b2", "softplus_thresh",
            })
            {
                data.Add(op, false);
                data.Add(op, true);
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void Unary(string op, bool strided)
    {
        Generator g = Gen($"unary/{op}/{strided}");
        int r = g.NextInt(2, 4), c = g.NextInt(2, 5);
        // The strided leaf is [2c, r]: rows 0, 2, 4, ... then a transpose give an [r, c] non-contiguous view.
        int[] shape = strided ? [2 * c, r] : [r, c];
        Func<Tensor, Tensor> view = strided ? t => t.Slice(0, 0, 2 * c, 2).Transpose(0, 1) : t => t;

        (Tensor X, Func<Tensor, Tensor> F) spec = op switch
        {
            "neg" => (GradCheck.Randn(g, shape), t => t.Neg()),
            "square" => (GradCheck.Randn(g, shape), t => t.Square()),
            "exp" => (GradCheck.Randn(g, shape), t => t.Exp()),
            "log" => (GradCheck.Uniform(g, shape, 0.2f, 3f), t => t.Log()),
            "sqrt" => (GradCheck.Uniform(g, shape, 0.2f, 3f), t => t.Sqrt()),
            "abs" => (GradCheck.RandnAway(g, shape, [0f]), t => t.Abs()),
            "relu" => (GradCheck.RandnAway(g, shape, [0f]), t => t.Relu()),
            "tanh" => (GradCheck.Randn(g, shape, 1.5f), t => t.Tanh()),
            "sigmoid" => (GradCheck.Randn(g, shape, 2f), t => t.Sigmoid()),
            "gelu" => (GradCheck.Randn(g, shape, 2f), t => t.Gelu()),
            "clamp_both" => (GradCheck.RandnAway(g, shape, [-0.5f, 0.8f]), t => t.Clamp(-0.5f, 0.8f)),
            "clamp_min" => (GradCheck.RandnAway(g, shape, [-0.3f]), t => t.Clamp(-0.3f, null)),
            "clamp_max" => (GradCheck.RandnAway(g, shape, [0.4f]), t => t.Clamp(null, 0.4f)),
            "leaky_relu" => (GradCheck.RandnAway(g, shape, [0f]), t => t.LeakyRelu(0.1f)),
            "elu_1" => (GradCheck.RandnAway(g, shape, [0f], scale: 2f), t => t.Elu(1f)),
            "elu_0.5" => (GradCheck.RandnAway(g, shape, [0f], scale: 2f), t => t.Elu(0.5f)),
            "softplus_b1" => (GradCheck.Randn(g, shape, 2f), t => t.Softplus(1f, 20f)),
            "softplus_b2" => (GradCheck.Randn(g, shape, 2f), t => t.Softplus(2f, 20f)),
            // Inputs on both sides of the threshold (beta * x > threshold returns x), away from the switch.
            "softplus_thresh" => (GradCheck.RandnAway(g, shape, [1f], margin: 0.1f, scale: 2f), t => t.Softplus(2f, 2f)),
            _ => throw new ArgumentException(op),
        };
        GradCheck.Check(xs => spec.F(view(xs[0])), spec.X);
    }

    [Fact]
    public void Where()
    {
        Generator g = Gen("where");
        Tensor cond = NoGrad(GradCheck.Leaf([1, 0, 0, 1, 1, 0], [3, 2]));
        Tensor a = GradCheck.Randn(g, [3, 2]);
        Tensor b = GradCheck.Randn(g, [3, 2]);
        GradCheck.Check(xs => Tensor.Where(xs[0], xs[1], xs[2]), cond, a, b);
    }

    [Fact]
    public void WhereBroadcast()
    {
        Generator g = Gen("where/bcast");
        Tensor cond = NoGrad(GradCheck.Leaf([1, 0, 1], [3, 1]));
        Tensor a = GradCheck.Randn(g, [4]);
        Tensor b = GradCheck.Randn(g, [2, 3, 4]);
        GradCheck.Check(xs => Tensor.Where(xs[0], xs[1], xs[2]), cond, a, b);
    }

    [Fact]
    public void WhereOfComparison()
    {
        // where(x > 0, x, 0.1 * x): leaky ReLU composed from a comparison.
        Generator g = Gen("where/cmp");
        Tensor x = GradCheck.RandnAway(g, [3, 4], [0f]);
        GradCheck.Check(xs => Tensor.Where(xs[0].Gt(0f), xs[0], xs[0].Mul(0.1f)), x);
    }

    [Fact]
    public void MaskedFill()
    {
        Generator g = Gen("masked_fill");
        Tensor x = GradCheck.Randn(g, [3, 4]);
        Tensor mask = NoGrad(GradCheck.Leaf([1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 1, 1], [3, 4]));
        GradCheck.Check(xs => xs[0].MaskedFill(xs[1], -3f), x, mask);
    }

    [Fact]
    public void MaskedFillBroadcastNonContiguous()
    {
        Generator g = Gen("masked_fill/bcast");
        Tensor x = GradCheck.Randn(g, [4, 3]);
        Tensor mask = NoGrad(GradCheck.Leaf([0, 1, 0, 1], [4]));
        GradCheck.Check(xs => xs[0].Transpose(0, 1).MaskedFill(xs[1], 2f), x, mask);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Reductions
    // ------------------------------------------------------------------------------------------------------------

    public static TheoryData<string, string> ReductionCases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (string op in new[] { "sum", "mean", "logsumexp", "var_c1", "var_c0", "std_c1", "std_c0" })
            {
                foreach (string dims in new[] { "all", "d1", "d1_keep", "dneg1", "d02", "d02_keep", "dneg_pair", "d01_transposed", "d12_sliced" })
                {
                    data.Add(op, dims);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ReductionCases))]
    public void Reduction(string op, string dimSpec)
    {
        Generator g = Gen($"reduce/{op}/{dimSpec}");
        int[] shape = [g.NextInt(2, 4), g.NextInt(2, 4), g.NextInt(2, 5)];
        int[] leaf = shape;
        Func<Tensor, Tensor> view = t => t;
        int[]? dims;
        bool keep = dimSpec.EndsWith("_keep", StringComparison.Ordinal);
        switch (dimSpec)
        {
            case "all": dims = null; break;
            case "d1": case "d1_keep": dims = [1]; break;
            case "dneg1": dims = [-1]; break;
            case "d02": case "d02_keep": dims = [0, 2]; break;
            case "dneg_pair": dims = [-1, -3]; break;
            case "d01_transposed":
                leaf = [shape[2], shape[1], shape[0]];
                view = t => t.Transpose(0, 2);
                dims = [0, 1];
                break;
            case "d12_sliced":
                leaf = [shape[0], shape[1], 2 * shape[2]];
                view = t => t.Slice(2, 1, 2 * shape[2], 2);
                dims = [1, 2];
                break;
            default:
                throw new ArgumentException(dimSpec);
        }
        Tensor x = GradCheck.Randn(g, leaf);
        int[] all = [0, 1, 2];

        Func<Tensor, Tensor> f = op switch
        {
            "sum" => t => dims is null ? t.Sum() : t.Sum(dims, keep),
            "mean" => t => dims is null ? t.Mean() : t.Mean(dims, keep),
            "logsumexp" => t => dims is null ? t.LogSumExp() : t.LogSumExp(dims, keep),
            "var_c1" => t => t.Var(dims ?? all, 1, keep),
            "var_c0" => t => t.Var(dims ?? all, 0, keep),
            "std_c1" => t => t.Std(dims ?? all, 1, keep),
            "std_c0" => t => t.Std(dims ?? all, 0, keep),
            _ => throw new ArgumentException(op),
        };
        GradCheck.Check(xs => f(view(xs[0])), x);
    }

    public static TheoryData<string, int, bool> SingleDimReductionCases
    {
        get
        {
            var data = new TheoryData<string, int, bool>();
            foreach (string op in new[] { "sum", "mean", "logsumexp" })
            {
                foreach (int dim in new[] { 0, 1, -1 })
                {
                    data.Add(op, dim, false);
                    data.Add(op, dim, true);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(SingleDimReductionCases))]
    public void SingleDimReduction(string op, int dim, bool keepDim)
    {
        Generator g = Gen($"reduce1/{op}/{dim}/{keepDim}");
        Tensor x = GradCheck.Randn(g, GradCheck.RandomShape(g, 3));
        Func<Tensor, Tensor> f = op switch
        {
            "sum" => t => t.Sum(dim, keepDim),
            "mean" => t => t.Mean(dim, keepDim),
            "logsumexp" => t => t.LogSumExp(dim, keepDim),
            _ => throw new ArgumentException(op),
        };
        GradCheck.Check(xs => f(xs[0]), x);
    }

    [Fact]
    public void LogSumExpOfLargeValues()
    {
        // Needs the max-shift: exp(100) overflows float32.
        Tensor x = GradCheck.Leaf([100f, 101f, 99.5f, -100f, -101.5f, -99f], [2, 3]);
        GradCheck.Check(xs => xs[0].LogSumExp(1), x);
    }

    public static TheoryData<string, int, bool> MaxMinDimCases
    {
        get
        {
            var data = new TheoryData<string, int, bool>();
            foreach (string op in new[] { "max", "min" })
            {
                foreach (int dim in new[] { 0, 1, 2, -1 })
                {
                    data.Add(op, dim, false);
                    data.Add(op, dim, true);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(MaxMinDimCases))]
    public void MaxMinWithDim(string op, int dim, bool keepDim)
    {
        Generator g = Gen($"maxdim/{op}/{dim}/{keepDim}");
        Tensor x = GradCheck.Distinct(g, 0.1f, [g.NextInt(2, 4), g.NextInt(2, 4), g.NextInt(2, 5)])[0];
        GradCheck.Check(xs => op == "max" ? xs[0].Max(dim, keepDim).Values : xs[0].Min(dim, keepDim).Values, x);
    }

    [Fact]
    public void MaxWithDimOnTransposedInput()
    {
        Generator g = Gen("maxdim/transposed");
        Tensor x = GradCheck.Distinct(g, 0.1f, [4, 3])[0];
        GradCheck.Check(xs => xs[0].Transpose(0, 1).Max(1).Values, x);
    }

    [Fact]
    public void MaxMinOverAll()
    {
        Generator g = Gen("maxall");
        Tensor[] xs0 = GradCheck.Distinct(g, 0.1f, [3, 4], [2, 3, 2]);
        GradCheck.Check(xs => xs[0].Max(), xs0[0]);
        GradCheck.Check(xs => xs[0].Min(), xs0[1]);
        GradCheck.Check(xs => xs[0].Transpose(0, 2).Max(), xs0[1]);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Matrix products
    // ------------------------------------------------------------------------------------------------------------

    public static TheoryData<string> MatMulCases => new()
    {
        "2d_2d", "1d_2d", "2d_1d", "1d_1d", "3d_3d", "bcast_4d_3d", "3d_2d", "2d_3d", "1d_3d", "3d_1d",
        "at_b", "a_bt", "at_bt", "batched_at_bt", "sliced_vector", "3d_2d_bt",
    };

    [Theory]
    [MemberData(nameof(MatMulCases))]
    public void MatMul(string layout)
    {
        Generator g = Gen($"matmul/{layout}");
        int m = g.NextInt(2, 5), k = g.NextInt(2, 5), n = g.NextInt(2, 5), b = g.NextInt(2, 4);
        (int[] A, int[] B, Func<Tensor, Tensor> ViewA, Func<Tensor, Tensor> ViewB) spec = layout switch
        {
            "2d_2d" => ([m, k], [k, n], Id, Id),
            "1d_2d" => ([k], [k, n], Id, Id),
            "2d_1d" => ([m, k], [k], Id, Id),
            "1d_1d" => ([k], [k], Id, Id),
            "3d_3d" => ([b, m, k], [b, k, n], Id, Id),
            "bcast_4d_3d" => ([2, 1, m, k], [b, k, n], Id, Id),
            "3d_2d" => ([b, m, k], [k, n], Id, Id),
            "2d_3d" => ([m, k], [b, k, n], Id, Id),
            "1d_3d" => ([k], [b, k, n], Id, Id),
            "3d_1d" => ([b, m, k], [k], Id, Id),
            "at_b" => ([k, m], [k, n], T01, Id),
            "a_bt" => ([m, k], [n, k], Id, T01),
            "at_bt" => ([k, m], [n, k], T01, T01),
            "batched_at_bt" => ([b, k, m], [b, n, k], T12, T12),
            "sliced_vector" => ([m, k], [2 * k], Id, t => t.Slice(0, 0, 2 * k, 2)),
            "3d_2d_bt" => ([b, m, k], [n, k], Id, T01),
            _ => throw new ArgumentException(layout),
        };
        Tensor a = GradCheck.Randn(g, spec.A);
        Tensor bt = GradCheck.Randn(g, spec.B);
        GradCheck.Check(xs => spec.ViewA(xs[0]).MatMul(spec.ViewB(xs[1])), a, bt);

        static Tensor Id(Tensor t) => t;
        static Tensor T01(Tensor t) => t.Transpose(0, 1);
        static Tensor T12(Tensor t) => t.Transpose(1, 2);
    }

    [Fact]
    public void MatMulLargerThanOneKernelTile()
    {
        // Sizes past small-matrix fast paths: exercises the packed GEMM in forward and both backward products.
        Generator g = Gen("matmul/large");
        Tensor a = GradCheck.Randn(g, [9, 19], 0.5f);
        Tensor b = GradCheck.Randn(g, [19, 7], 0.5f);
        GradCheck.Check(xs => xs[0].MatMul(xs[1]), a, b);
    }

    [Fact]
    public void Bmm()
    {
        Generator g = Gen("bmm");
        Tensor a = GradCheck.Randn(g, [3, 2, 4]);
        Tensor b = GradCheck.Randn(g, [3, 4, 3]);
        GradCheck.Check(xs => xs[0].Bmm(xs[1]), a, b);
    }

    [Fact]
    public void BmmTransposed()
    {
        Generator g = Gen("bmm/t");
        Tensor a = GradCheck.Randn(g, [2, 4, 3]);
        Tensor b = GradCheck.Randn(g, [2, 5, 4]);
        GradCheck.Check(xs => xs[0].Transpose(1, 2).Bmm(xs[1].Transpose(1, 2)), a, b);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Softmax and losses
    // ------------------------------------------------------------------------------------------------------------

    public static TheoryData<string, int, bool> SoftmaxCases
    {
        get
        {
            var data = new TheoryData<string, int, bool>();
            foreach (string op in new[] { "softmax", "log_softmax" })
            {
                foreach (int dim in new[] { -1, 0, 1 })
                {
                    data.Add(op, dim, false);
                    data.Add(op, dim, true);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(SoftmaxCases))]
    public void Softmax(string op, int dim, bool transposed)
    {
        Generator g = Gen($"softmax/{op}/{dim}/{transposed}");
        int[] shape = [g.NextInt(2, 4), g.NextInt(2, 4), g.NextInt(2, 5)];
        Tensor x = GradCheck.Randn(g, transposed ? [shape[2], shape[1], shape[0]] : shape, 2f);
        Func<Tensor, Tensor> view = transposed ? t => t.Transpose(0, 2) : t => t;
        GradCheck.Check(xs => op == "softmax" ? view(xs[0]).Softmax(dim) : view(xs[0]).LogSoftmax(dim), x);
    }

    [Fact]
    public void SoftmaxOfLargeLogits()
    {
        Tensor x = GradCheck.Leaf([80f, 81f, 79.5f, -60f, -61f, -59.2f], [2, 3]);
        GradCheck.Check(xs => xs[0].Softmax(-1), x);
        GradCheck.Check(xs => xs[0].LogSoftmax(-1), x);
    }

    [Fact]
    public void CrossEntropy()
    {
        Generator g = Gen("cross_entropy");
        int n = 5, c = 4;
        Tensor logits = GradCheck.Randn(g, [n, c], 2f);
        IndexTensor targets = RandomIndices(g, c, n);
        GradCheck.Check(xs => Functional.CrossEntropy(xs[0], targets), logits);
    }

    [Fact]
    public void CrossEntropyOfNonContiguousLogits()
    {
        Generator g = Gen("cross_entropy/t");
        Tensor logits = GradCheck.Randn(g, [3, 6], 2f);
        IndexTensor targets = IndexTensor.FromArray([2, 0, 1, 2, 2, 1], 6);
        GradCheck.Check(xs => Functional.CrossEntropy(xs[0].Transpose(0, 1), targets), logits);
    }

    [Fact]
    public void NllLoss()
    {
        Generator g = Gen("nll");
        Tensor logits = GradCheck.Randn(g, [6, 3]);
        IndexTensor targets = RandomIndices(g, 3, 6);
        // Directly on arbitrary values (NLL is linear in its input) and after a log-softmax.
        GradCheck.Check(xs => Functional.NllLoss(xs[0], targets), logits);
        GradCheck.Check(xs => Functional.NllLoss(xs[0].LogSoftmax(1), targets), logits);
    }

    [Fact]
    public void CrossEntropyFusedEqualsComposed()
    {
        Generator g = Gen("cross_entropy/fused_vs_composed");
        int n = 7, c = 5;
        float[] data = GradCheck.Randn(g, [n, c], 3f).ToArray();
        IndexTensor targets = RandomIndices(g, c, n);

        Tensor a = GradCheck.Leaf(data, [n, c]);
        Tensor fused = Functional.CrossEntropy(a, targets);
        fused.Backward();

        Tensor b = GradCheck.Leaf(data, [n, c]);
        Tensor composed = b.LogSoftmax(1).Gather(1, targets.Reshape(n, 1)).Mean().Neg();
        composed.Backward();

        Assert.Equal(0, fused.Dim);
        Assert.Equal(0, composed.Dim);
        TensorCompare.Close([composed.Item()], [fused.Item()], 1e-5, 1e-5, "cross-entropy value");
        TensorCompare.Close(b.Grad!.ToArray(), a.Grad!.ToArray(), 1e-6, 1e-5, "cross-entropy gradient");
        GradCheck.Check(xs => xs[0].LogSoftmax(1).Gather(1, targets.Reshape(n, 1)).Mean().Neg(), b);
    }

    [Fact]
    public void SmallNetworkEndToEnd()
    {
        // Linear -> GELU -> Linear -> cross-entropy, with a transposed weight as PyTorch's nn.Linear stores it.
        Generator g = Gen("network");
        Tensor x = GradCheck.Randn(g, [4, 3]);
        Tensor w1 = GradCheck.Randn(g, [5, 3], 0.7f);
        Tensor b1 = GradCheck.Randn(g, [5], 0.3f);
        Tensor w2 = GradCheck.Randn(g, [3, 5], 0.7f);
        IndexTensor targets = IndexTensor.FromArray([0, 2, 1, 2], 4);
        GradCheck.Check(
            xs => Functional.CrossEntropy((xs[0].MatMul(xs[1].Transpose(0, 1)) + xs[2]).Gelu().MatMul(xs[3].Transpose(0, 1)), targets),
            x, w1, b1, w2);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------------------------

    public static TheoryData<string> ViewCases => new()
    {
        "reshape", "reshape_infer", "reshape_of_transposed", "view", "transpose", "transpose_neg", "permute",
        "narrow", "narrow_of_transposed", "expand", "expand_minus1", "expand_of_slice", "squeeze", "squeeze_dim",
        "unsqueeze", "unsqueeze_neg", "flatten", "flatten_range", "flatten_of_permuted", "contiguous_of_transposed",
        "slice_step", "slice_dim0", "slice_of_slice", "slice_negative", "select", "select_of_transposed", "chain",
    };

    [Theory]
    [MemberData(nameof(ViewCases))]
    public void Views(string op)
    {
        Generator g = Gen($"views/{op}");
        (int[] Shape, Func<Tensor, Tensor> F) spec = op switch
        {
            "reshape" => ([2, 3, 4], t => t.Reshape(4, 6)),
            "reshape_infer" => ([2, 3, 4], t => t.Reshape(-1, 3)),
            "reshape_of_transposed" => ([3, 4], t => t.Transpose(0, 1).Reshape(2, 6)),
            "view" => ([2, 3, 4], t => t.View(6, 4)),
            "transpose" => ([2, 3, 4], t => t.Transpose(0, 2)),
            "transpose_neg" => ([2, 3, 4], t => t.Transpose(-1, -2)),
            "permute" => ([2, 3, 4], t => t.Permute(2, 0, 1)),
            "narrow" => ([3, 6], t => t.Narrow(1, 2, 3)),
            "narrow_of_transposed" => ([6, 3], t => t.Transpose(0, 1).Narrow(1, 1, 4)),
            "expand" => ([3, 1], t => t.Expand(2, 3, 4)),
            "expand_minus1" => ([1, 4], t => t.Expand(3, -1)),
            "expand_of_slice" => ([4, 1], t => t.Slice(0, 0, 4, 2).Expand(2, 5)),
            "squeeze" => ([1, 3, 1, 2], t => t.Squeeze()),
            "squeeze_dim" => ([1, 3, 1, 2], t => t.Squeeze(2)),
            "unsqueeze" => ([3, 2], t => t.Unsqueeze(1)),
            "unsqueeze_neg" => ([3, 2], t => t.Unsqueeze(-1)),
            "flatten" => ([2, 3, 4], t => t.Flatten()),
            "flatten_range" => ([2, 3, 4, 2], t => t.Flatten(1, 2)),
            "flatten_of_permuted" => ([2, 3, 4], t => t.Permute(1, 2, 0).Flatten()),
            "contiguous_of_transposed" => ([3, 4], t => t.Transpose(0, 1).Contiguous()),
            "slice_step" => ([3, 7], t => t.Slice(1, 1, 5, 2)),
            "slice_dim0" => ([6, 2], t => t.Slice(0, 1, 6, 3)),
            "slice_of_slice" => ([10, 3], t => t.Slice(0, 1, 10, 2).Slice(0, 1, 5, 2)),
            "slice_negative" => ([3, 7], t => t.Slice(1, -5, -1, 2)),
            "select" => ([3, 4], t => t.Select(0, 1)),
            "select_of_transposed" => ([3, 4, 2], t => t.Transpose(0, 2).Select(-1, -1)),
            "chain" => ([2, 3, 4], t => t.Permute(2, 0, 1).Narrow(0, 1, 2).Reshape(2, 6).Unsqueeze(0).Expand(3, 2, 6)),
            _ => throw new ArgumentException(op),
        };
        // Multiply by the input so that the gradient also depends on the values seen through the view.
        GradCheck.Check(xs => spec.F(xs[0]) * spec.F(xs[0]).Exp(), GradCheck.Randn(g, spec.Shape));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Cat, stack, split
    // ------------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void Cat(int dim)
    {
        Generator g = Gen($"cat/{dim}");
        // Sizes differ along the cat dim; the middle operand is a transposed view.
        int[] s0 = dim == 0 ? [2, 3] : [3, 2];
        int[] s1Leaf = dim == 0 ? [3, 1] : [1, 3];   // transposed to [1, 3] / [3, 1]
        int[] s2 = dim == 0 ? [3, 3] : [3, 3];
        Tensor a = GradCheck.Randn(g, s0), b = GradCheck.Randn(g, s1Leaf), c = GradCheck.Randn(g, s2);
        GradCheck.Check(xs => Tensor.Cat([xs[0], xs[1].Transpose(0, 1), xs[2]], dim), a, b, c);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(-1)]
    public void Stack(int dim)
    {
        Generator g = Gen($"stack/{dim}");
        Tensor a = GradCheck.Randn(g, [2, 3]), b = GradCheck.Randn(g, [3, 2]), c = GradCheck.Randn(g, [2, 3]);
        GradCheck.Check(xs => Tensor.Stack([xs[0], xs[1].Transpose(0, 1), xs[2]], dim), a, b, c);
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(3, 1)]
    [InlineData(4, -1)]
    public void Split(int size, int dim)
    {
        Generator g = Gen($"split/{size}/{dim}");
        Tensor x = GradCheck.Randn(g, [5, 7]);
        GradCheck.Check(xs => xs[0].Split(size, dim), GradCheckOptions.Default, x);
        // Only some pieces used: the others get zero gradient.
        GradCheck.Check(xs => xs[0].Split(size, dim)[1].Tanh(), x);
    }

    [Fact]
    public void SplitBySizesAndChunk()
    {
        Generator g = Gen("split/sizes");
        Tensor x = GradCheck.Randn(g, [6, 5]);
        GradCheck.Check(xs => xs[0].Split([1, 3, 2], 0), GradCheckOptions.Default, x);
        GradCheck.Check(xs => xs[0].Transpose(0, 1).Chunk(2, 1), GradCheckOptions.Default, x);
        GradCheck.Check(xs => xs[0].Chunk(3, -1), GradCheckOptions.Default, x);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Indexing
    // ------------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void Gather(int dim)
    {
        Generator g = Gen($"gather/{dim}");
        int[] shape = [3, 4];
        int d = dim < 0 ? dim + 2 : dim;
        int[] indexShape = d == 0 ? [5, 3] : [2, 6];   // repeated indices on purpose
        IndexTensor index = RandomIndices(g, shape[d], indexShape);
        GradCheck.Check(xs => xs[0].Gather(dim, index), GradCheck.Randn(g, shape));
    }

    [Fact]
    public void GatherOnTransposedInput()
    {
        Generator g = Gen("gather/t");
        IndexTensor index = RandomIndices(g, 3, [4, 2]);
        GradCheck.Check(xs => xs[0].Transpose(0, 1).Gather(1, index), GradCheck.Randn(g, [3, 4]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void ScatterAdd(int dim)
    {
        Generator g = Gen($"scatter_add/{dim}");
        int[] selfShape = [3, 4];
        int[] srcShape = dim == 0 ? [5, 4] : [3, 6];
        IndexTensor index = RandomIndices(g, selfShape[dim], srcShape);
        Tensor self = GradCheck.Randn(g, selfShape), src = GradCheck.Randn(g, srcShape);
        GradCheck.Check(xs => xs[0].ScatterAdd(dim, index, xs[1]), self, src);
        // Non-linear after the scatter so that the gradient depends on the summed values.
        GradCheck.Check(xs => xs[0].ScatterAdd(dim, index, xs[1]).Tanh(), self, src);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void IndexSelect(int dim)
    {
        Generator g = Gen($"index_select/{dim}");
        int[] shape = [3, 4, 2];
        int d = dim < 0 ? dim + 3 : dim;
        IndexTensor index = RandomIndices(g, shape[d], [5]);
        GradCheck.Check(xs => xs[0].IndexSelect(dim, index), GradCheck.Randn(g, shape));
        // On a transposed ([2, 4, 3]) view of the leaf.
        IndexTensor index2 = RandomIndices(g, shape[2 - d], [3]);
        GradCheck.Check(xs => xs[0].Transpose(0, 2).IndexSelect(dim, index2), GradCheck.Randn(g, shape));
    }

    private static IndexTensor RandomIndices(Generator g, int high, params int[] shape)
    {
        int count = 1;
        foreach (int s in shape)
        {
            count *= s;
        }
        var data = new int[count];
        for (int i = 0; i < count; i++)
        {
            data[i] = g.NextInt(0, high);
        }
        return IndexTensor.FromArray(data, shape);
    }
}
