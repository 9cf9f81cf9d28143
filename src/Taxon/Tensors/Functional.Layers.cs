namespace Taxon;

public static partial class Functional
{
    /// <summary>y = x·Wᵀ + b for x [..., in], W [out, in], b [out]; Wᵀ is read in place by the GEMM (PyTorch: <c>F.linear</c>).</summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Dim != 2 || input.Dim == 0 || input.Shape[^1] != weight.Shape[1])
        {
            throw new ArgumentException($"Linear: input of shape {ShapeMath.Format(input.Shape)} does not match weight of shape {ShapeMath.Format(weight.Shape)} (expected [..., {(weight.Dim == 2 ? weight.Shape[1] : -1)}]).");
        }
        if (input.Dim == 2 && (bias is null || (bias.Dim == 1 && bias.Shape[0] == weight.Shape[0])))
        {
            return FusedLinear(input, weight, bias);
        }
        Tensor y = input.MatMul(weight.Transpose(0, 1));
        return bias is null ? y : y.Add(bias);
    }

    /// <summary>Inverted dropout with probability <paramref name="p"/> (PyTorch: <c>F.dropout</c> in training mode).</summary>
    public static Tensor Dropout(Tensor input, float p, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (p == 0f)
        {
            return input;
        }
        if (p == 1f)
        {
            return input.Mul(0f);
        }
        Generator g = generator ?? Generator.Default;
        float scale = 1f / (1f - p);
        Tensor mask = Tensor.Empty(input.Shape.ToArray());
        Span<float> m = mask.ContiguousSpan;
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = g.NextFloat() >= p ? scale : 0f;
        }
        return input.Mul(mask);
    }
}
