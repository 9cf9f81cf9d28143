using Taxon.Tests.Autograd;

namespace Taxon.Tests.NN;

/// <summary>
/// Finite-difference gradient checks (<see cref="GradCheck"/>) of the fused batch-norm and layer-norm backward passes,
/// with respect to input, weight and bias, in both batch-norm modes and on non-contiguous inputs.
/// </summary>
public sealed class NormGradCheckTests
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

    public static TheoryData<int[]> BatchNormShapes => new()
    {
        new[] { 5, 3 },        // BatchNorm1d [N, C]
        new[] { 3, 2, 4 },     // BatchNorm1d [N, C, L]
        new[] { 2, 3, 2, 3 },  // BatchNorm2d [N, C, H, W]
        new[] { 2, 2, 37 },    // a length past the vector widths
    };

    [Theory]
    [MemberData(nameof(BatchNormShapes))]
    public void BatchNormTrainingWithRespectToInputWeightAndBias(int[] shape)
    {
        Generator g = Gen("bn/train/" + string.Join("x", shape));
        int c = shape[1];
        Tensor x = GradCheck.Randn(g, shape, 1.5f);
        Tensor w = GradCheck.Uniform(g, [c], 0.5f, 1.5f);
        Tensor b = GradCheck.Randn(g, [c], 0.5f);
        GradCheck.Check(xs => Functional.BatchNorm(xs[0], null, null, xs[1], xs[2], training: true), x, w, b);
    }

    [Theory]
    [MemberData(nameof(BatchNormShapes))]
    public void BatchNormTrainingUpdatesRunningStatsWithoutChangingTheGradient(int[] shape)
    {
        // Running statistics are updated on every evaluation the checker makes; the output must not depend on them.
        Generator g = Gen("bn/train_running/" + string.Join("x", shape));
        int c = shape[1];
        Tensor x = GradCheck.Randn(g, shape);
        Tensor w = GradCheck.Uniform(g, [c], 0.5f, 1.5f);
        Tensor rm = Tensor.Zeros(c), rv = Tensor.Ones(c);
        GradCheck.Check(xs => Functional.BatchNorm(xs[0], rm, rv, xs[1], null, training: true, momentum: 0.3f), x, w);
    }

    [Theory]
    [MemberData(nameof(BatchNormShapes))]
    public void BatchNormEvaluationWithRespectToInputWeightAndBias(int[] shape)
    {
        Generator g = Gen("bn/eval/" + string.Join("x", shape));
        int c = shape[1];
        Tensor x = GradCheck.Randn(g, shape);
        Tensor w = GradCheck.Uniform(g, [c], 0.5f, 1.5f);
        Tensor b = GradCheck.Randn(g, [c], 0.5f);
        Tensor rm = GradCheck.Randn(g, [c], 0.5f, requiresGrad: false);
        Tensor rv = GradCheck.Uniform(g, [c], 0.5f, 2f, requiresGrad: false);
        GradCheck.Check(xs => Functional.BatchNorm(xs[0], rm, rv, xs[1], xs[2], training: false), x, w, b);
    }

    [Fact]
    public void BatchNormWithoutAffineOnATransposedInput()
    {
        Generator g = Gen("bn/no_affine/transposed");
        Tensor x = GradCheck.Randn(g, [3, 6]); // viewed as [6, 3]: a non-contiguous [N, C]
        GradCheck.Check(xs => Functional.BatchNorm(xs[0].Transpose(0, 1), null, null, training: true), x);
    }

    [Fact]
    public void BatchNormWeightOnlyWhenTheInputNeedsNoGradient()
    {
        Generator g = Gen("bn/weight_only");
        Tensor x = GradCheck.Randn(g, [4, 3, 2], requiresGrad: false);
        Tensor w = GradCheck.Uniform(g, [3], 0.5f, 1.5f);
        Tensor b = GradCheck.Randn(g, [3], 0.5f);
        GradCheck.Check(xs => Functional.BatchNorm(xs[0], null, null, xs[1], xs[2], training: true), x, w, b);
    }

    [Fact]
    public void BatchNormInsideANetwork()
    {
        // Linear → BatchNorm → tanh → sum of squares: the batch statistics couple the samples, so every input row's
        // gradient depends on every other row.
        Generator g = Gen("bn/network");
        Tensor x = GradCheck.Randn(g, [6, 4]);
        Tensor w1 = GradCheck.Randn(g, [3, 4], 0.6f);
        Tensor gamma = GradCheck.Uniform(g, [3], 0.5f, 1.5f);
        Tensor beta = GradCheck.Randn(g, [3], 0.3f);
        GradCheck.Check(
            xs => Functional.BatchNorm(xs[0].MatMul(xs[1].Transpose(0, 1)), null, null, xs[2], xs[3], training: true).Tanh().Square().Sum(),
            x, w1, gamma, beta);
    }

    public static TheoryData<int[], int[]> LayerNormShapes => new()
    {
        { new[] { 4, 5 }, new[] { 5 } },
        { new[] { 2, 3, 4 }, new[] { 3, 4 } },
        { new[] { 2, 37 }, new[] { 37 } },
        { new[] { 6 }, new[] { 6 } },
    };

    [Theory]
    [MemberData(nameof(LayerNormShapes))]
    public void LayerNormWithRespectToInputWeightAndBias(int[] shape, int[] normalized)
    {
        Generator g = Gen("ln/" + string.Join("x", shape));
        Tensor x = GradCheck.Randn(g, shape, 1.5f);
        Tensor w = GradCheck.Uniform(g, normalized, 0.5f, 1.5f);
        Tensor b = GradCheck.Randn(g, normalized, 0.5f);
        GradCheck.Check(xs => Functional.LayerNorm(xs[0], normalized, xs[1], xs[2]), x, w, b);
    }

    [Fact]
    public void LayerNormWithoutAffineOnATransposedInput()
    {
        Generator g = Gen("ln/no_affine/transposed");
        Tensor x = GradCheck.Randn(g, [5, 3]);
        GradCheck.Check(xs => Functional.LayerNorm(xs[0].Transpose(0, 1), [5]), x);
    }

    [Fact]
    public void LayerNormWithWeightOnlyAndLargeEps()
    {
        Generator g = Gen("ln/weight_only");
        Tensor x = GradCheck.Randn(g, [3, 4]);
        Tensor w = GradCheck.Uniform(g, [4], 0.5f, 1.5f);
        GradCheck.Check(xs => Functional.LayerNorm(xs[0], [4], xs[1], null, eps: 0.1f), x, w);
    }
}
