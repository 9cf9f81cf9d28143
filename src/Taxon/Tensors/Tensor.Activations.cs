namespace Taxon;

public sealed partial class Tensor
{
    /// <summary>max(x, 0) (PyTorch: <c>relu</c>).</summary>
    public Tensor Relu()
    {
        Tensor a = this;
        return Record(Map(UnaryOp.Relu), "ReluBackward0", [a], g => [Zip(BinaryOp.ReluBackward, a, g, "ReluBackward")], a);
    }

    /// <summary>x for x &gt; 0, negativeSlope·x otherwise (PyTorch: <c>leaky_relu</c>, default slope 0.01).</summary>
    public Tensor LeakyRelu(float negativeSlope = 0.01f)
    {
        Tensor a = this;
        return Record(Map(UnaryOp.LeakyRelu, negativeSlope), "LeakyReluBackward0", [a],
            g => [Zip(BinaryOp.LeakyReluBackward, a, g, "LeakyReluBackward", negativeSlope)], a);
    }

    /// <summary>x for x &gt; 0, alpha·(e^x − 1) otherwise (PyTorch: <c>elu</c>, default alpha 1).</summary>
    public Tensor Elu(float alpha = 1f)
    {
        Tensor a = this;
        return Record(Map(UnaryOp.Elu, alpha), "EluBackward0", [a], g => [Zip(BinaryOp.EluBackward, a, g, "EluBackward", alpha)], a);
    }

    /// <summary>x·Φ(x), the exact (erf) form (PyTorch: <c>gelu</c> with approximate='none').</summary>
    public Tensor Gelu()
    {
        Tensor a = this;
        return Record(Map(UnaryOp.Gelu), "GeluBackward0", [a], g => [Zip(BinaryOp.GeluBackward, a, g, "GeluBackward")], a);
    }

    /// <summary>Hyperbolic tangent (PyTorch: <c>tanh</c>).</summary>
    public Tensor Tanh()
    {
        Tensor result = Map(UnaryOp.Tanh);
        Tensor output = result.Detach();
        return Record(result, "TanhBackward0", [this], g => [Zip(BinaryOp.TanhBackward, output, g, "TanhBackward")], output);
    }

    /// <summary>The logistic function 1/(1 + e^−x) (PyTorch: <c>sigmoid</c>).</summary>
    public Tensor Sigmoid()
    {
        Tensor result = Map(UnaryOp.Sigmoid);
        Tensor output = result.Detach();
        return Record(result, "SigmoidBackward0", [this], g => [Zip(BinaryOp.SigmoidBackward, output, g, "SigmoidBackward")], output);
    }

    /// <summary>log(1 + e^(beta·x))/beta, linear where beta·x exceeds threshold (PyTorch: <c>softplus</c>).</summary>
    public Tensor Softplus(float beta = 1f, float threshold = 20f)
    {
        Tensor a = this;
        return Record(Map(UnaryOp.Softplus, beta, threshold), "SoftplusBackward0", [a],
            g => [Zip(BinaryOp.SoftplusBackward, a, g, "SoftplusBackward", beta, threshold)], a);
    }
}
