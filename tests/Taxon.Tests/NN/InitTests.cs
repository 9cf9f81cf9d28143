using Taxon.NN;

namespace Taxon.Tests.NN;

public class InitTests
{
    [Fact]
    public void GainsMatchPyTorch()
    {
        // torch.nn.init.calculate_gain
        Assert.Equal(1f, Init.CalculateGain(Nonlinearity.Linear));
        Assert.Equal(5f / 3f, Init.CalculateGain(Nonlinearity.Tanh));
        Assert.Equal(MathF.Sqrt(2), Init.CalculateGain(Nonlinearity.Relu));
        Assert.Equal(1.4141428f, Init.CalculateGain(Nonlinearity.LeakyRelu), 6);
        Assert.Equal(0.57735026f, Init.CalculateGain(Nonlinearity.LeakyRelu, MathF.Sqrt(5)), 6);
        Assert.Equal(0.75f, Init.CalculateGain(Nonlinearity.Selu));
    }

    [Fact]
    public void FansCountTheReceptiveField()
    {
        Assert.Equal((3 * 5 * 5, 16 * 5 * 5), Init.CalculateFanInAndFanOut(Tensor.Zeros(16, 3, 5, 5)));
        Assert.Throws<ArgumentException>(() => Init.CalculateFanInAndFanOut(Tensor.Zeros(3)));
    }

    [Theory]
    [InlineData("xavier_uniform")]
    [InlineData("xavier_normal")]
    [InlineData("kaiming_uniform")]
    [InlineData("kaiming_normal")]
    public void DistributionsHaveTheDocumentedStd(string kind)
    {
        Tensor w = Tensor.Zeros(300, 200);
        var g = new Generator(5);
        double expected = kind switch
        {
            "xavier_uniform" or "xavier_normal" => 2.0 * Math.Sqrt(2.0 / 500),
            _ => Math.Sqrt(2.0) / Math.Sqrt(200),
        };
        _ = kind switch
        {
            "xavier_uniform" => Init.XavierUniform_(w, 2f, g),
            "xavier_normal" => Init.XavierNormal_(w, 2f, g),
            "kaiming_uniform" => Init.KaimingUniform_(w, nonlinearity: Nonlinearity.Relu, generator: g),
            _ => Init.KaimingNormal_(w, nonlinearity: Nonlinearity.Relu, generator: g),
        };
        float[] v = w.ToArray();
        double std = Math.Sqrt(v.Average(x => (double)x * x));
        Assert.InRange(std, expected * 0.98, expected * 1.02);
        if (kind.EndsWith("uniform", StringComparison.Ordinal))
        {
            Assert.All(v, x => Assert.InRange(x, -expected * Math.Sqrt(3) - 1e-6, expected * Math.Sqrt(3) + 1e-6));
        }
    }

    [Theory]
    [InlineData(6, 4)]
    [InlineData(4, 6)]
    [InlineData(5, 5)]
    public void OrthogonalIsOrthogonal(int rows, int cols)
    {
        Tensor w = Init.Orthogonal_(Tensor.Zeros(rows, cols), 2f, new Generator(6));
        Tensor product = rows >= cols ? w.T.MatMul(w) : w.MatMul(w.T);
        int n = Math.Min(rows, cols);
        float[] p = product.ToArray();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                Assert.Equal(i == j ? 4f : 0f, p[i * n + j], 4);
            }
        }
    }

    [Fact]
    public void InitialisationIsReproducibleBySeed()
    {
        Assert.Equal(new Linear(10, 5, generator: new Generator(7)).Weight.ToArray(), new Linear(10, 5, generator: new Generator(7)).Weight.ToArray());
    }
}
