namespace Taxon.Tests.Autograd;

/// <summary>The fused softmax, log-softmax and cross-entropy kernels against the same functions composed from primitives.</summary>
public class FusedPathTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    public void SoftmaxEqualsComposed(int dim)
    {
        var gen = new Generator(11);
        Tensor x = Tensor.Randn([4, 7, 5], gen).Mul(3f);
        Tensor r = Tensor.Randn([4, 7, 5], gen);
        var (fusedValue, fusedGrad) = Run(x, r, t => t.Softmax(dim));
        var (composedValue, composedGrad) = Run(x, r, t =>
        {
            Tensor e = t.Sub(t.Max(dim, keepDim: true).Values).Exp();
            return e.Div(e.Sum(dim, keepDim: true));
        });
        AssertClose(composedValue, fusedValue);
        AssertClose(composedGrad, fusedGrad);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    public void LogSoftmaxEqualsComposed(int dim)
    {
        var gen = new Generator(12);
        Tensor x = Tensor.Randn([6, 9], gen).Mul(5f);
        Tensor r = Tensor.Randn([6, 9], gen);
        var (fusedValue, fusedGrad) = Run(x, r, t => t.LogSoftmax(dim));
        var (composedValue, composedGrad) = Run(x, r, t => t.Sub(t.LogSumExp(dim, keepDim: true)));
        AssertClose(composedValue, fusedValue);
        AssertClose(composedGrad, fusedGrad);
        // And against log(softmax) where that is still finite.
        var (viaLog, _) = Run(x, r, t => t.Softmax(dim).Log());
        AssertClose(viaLog, fusedValue);
    }

    [Fact]
    public void LogSoftmaxStaysFiniteWhereComposedLogOfSoftmaxUnderflows()
    {
        Tensor x = Tensor.FromArray([0f, 200f], 1, 2);
        float[] y = x.LogSoftmax(1).ToArray();
        Assert.Equal(-200f, y[0], 3);
        Assert.Equal(0f, y[1], 6);
        Assert.True(float.IsNegativeInfinity(x.Softmax(1).Log().ToArray()[0]));
    }

    [Fact]
    public void CrossEntropyEqualsComposedOnLargeBatch()
    {
        var gen = new Generator(13);
        int n = 64, c = 10;
        Tensor x = Tensor.Randn([n, c], gen).Mul(4f);
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = gen.NextInt(0, c);
        }
        var targets = IndexTensor.FromArray(labels);
        var (fusedValue, fusedGrad) = Run(x, Tensor.Scalar(1f), t => Functional.CrossEntropy(t, targets));
        var (composedValue, composedGrad) = Run(x, Tensor.Scalar(1f), t => t.LogSoftmax(1).Gather(1, targets.Reshape(n, 1)).Mean().Neg());
        AssertClose(composedValue, fusedValue);
        AssertClose(composedGrad, fusedGrad);
    }

    private static (float[] Value, float[] Grad) Run(Tensor input, Tensor upstream, Func<Tensor, Tensor> f)
    {
        Tensor x = input.Detach().Clone();
        x.RequiresGrad = true;
        Tensor y = f(x);
        y.Backward(upstream.Reshape(y.Shape.ToArray()));
        return (y.ToArray(), x.Grad!.ToArray());
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= 1e-5f + 1e-5f * MathF.Abs(expected[i]),
                $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
