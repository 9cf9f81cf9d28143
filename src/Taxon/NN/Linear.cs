namespace Taxon.NN;

/// <summary>
/// y = x·Wᵀ + b (PyTorch: <c>torch.nn.Linear</c>). Weight [out, in] and bias [out] initialised as PyTorch does:
/// Kaiming uniform with a = √5 for the weight, i.e. U(−1/√in, 1/√in), and the same bound for the bias.
/// </summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    public Linear(int inFeatures, int outFeatures, bool bias = true, Generator? generator = null)
    {
        if (inFeatures < 0 || outFeatures < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inFeatures), $"Linear: feature counts must be non-negative, got {inFeatures} and {outFeatures}.");
        }
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", Tensor.Zeros(outFeatures, inFeatures));
        Init.KaimingUniform_(Weight, MathF.Sqrt(5f), generator: generator);
        if (bias)
        {
            Bias = RegisterParameter("bias", Tensor.Zeros(outFeatures));
            float bound = inFeatures > 0 ? 1f / MathF.Sqrt(inFeatures) : 0f;
            Init.Uniform_(Bias, -bound, bound, generator);
        }
    }

    /// <summary>Input features.</summary>
    public int InFeatures { get; }

    /// <summary>Output features.</summary>
    public int OutFeatures { get; }

    /// <summary>The weight, [out, in].</summary>
    public Tensor Weight { get; }

    /// <summary>The bias, [out], or null.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias);

    /// <inheritdoc />
    protected override string ExtraRepr() => $"in_features={InFeatures}, out_features={OutFeatures}, bias={Py(Bias is not null)}";
}
