namespace Taxon.NN;

/// <summary>
/// Sums, averages or max-pools bags of embeddings without materialising each lookup (PyTorch:
/// <c>torch.nn.EmbeddingBag</c>, the layer of fastText-style classifiers). Bags are the rows of a 2-D input, or
/// ranges of a 1-D input given by offsets. The weight starts N(0, 1) with the padding row zeroed, as in PyTorch;
/// padding entries are left out of every bag. See <see cref="Functional.EmbeddingBag"/> for the exact semantics.
/// </summary>
public sealed class EmbeddingBag : Module<IndexTensor, Tensor>
{
    /// <summary>Creates the table (PyTorch's defaults: mode mean, include_last_offset False, no padding row).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative or <paramref name="paddingIdx"/> is out of range.</exception>
    public EmbeddingBag(int numEmbeddings, int embeddingDim, EmbeddingBagMode mode = EmbeddingBagMode.Mean, bool includeLastOffset = false,
        int? paddingIdx = null, Generator? generator = null)
    {
        if (numEmbeddings < 0 || embeddingDim < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numEmbeddings),
                $"EmbeddingBag: sizes must be non-negative, got num_embeddings {numEmbeddings} and embedding_dim {embeddingDim}.");
        }
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "EmbeddingBag: unknown mode.");
        }
        NumEmbeddings = numEmbeddings;
        EmbeddingDim = embeddingDim;
        Mode = mode;
        IncludeLastOffset = includeLastOffset;
        int pad = Functional.NormalizePaddingIdx(paddingIdx, numEmbeddings, "EmbeddingBag");
        PaddingIdx = pad < 0 ? null : pad;
        Weight = RegisterParameter("weight", Tensor.Zeros(numEmbeddings, embeddingDim));
        Init.Normal_(Weight, 0f, 1f, generator);
        if (PaddingIdx is int p)
        {
            using (Autograd.NoGrad())
            {
                Weight.Select(0, p).Zero_();
            }
        }
    }

    /// <summary>The number of rows (PyTorch: <c>num_embeddings</c>).</summary>
    public int NumEmbeddings { get; }

    /// <summary>The size of each vector (PyTorch: <c>embedding_dim</c>).</summary>
    public int EmbeddingDim { get; }

    /// <summary>How a bag is reduced (PyTorch: <c>mode</c>).</summary>
    public EmbeddingBagMode Mode { get; }

    /// <summary>Whether offsets carry a final entry ending the last bag, as in CSR (PyTorch: <c>include_last_offset</c>).</summary>
    public bool IncludeLastOffset { get; }

    /// <summary>The index left out of every bag, as a non-negative index, or null (PyTorch: <c>padding_idx</c>).</summary>
    public int? PaddingIdx { get; }

    /// <summary>The table, [num_embeddings, embedding_dim] (PyTorch: <c>weight</c>).</summary>
    public Tensor Weight { get; }

    /// <summary>Reduces each row of a 2-D input [B, L] to one vector, giving [B, dim] (PyTorch: <c>forward(input)</c>).</summary>
    public override Tensor Forward(IndexTensor input) => Forward(input, null);

    /// <summary>
    /// Reduces bags given as a 1-D input with <paramref name="offsets"/> (or a 2-D input without), optionally weighting
    /// each entry by <paramref name="perSampleWeights"/> (mode Sum only), giving [B, dim]
    /// (PyTorch: <c>forward(input, offsets, per_sample_weights)</c>).
    /// </summary>
    public Tensor Forward(IndexTensor input, IndexTensor? offsets, Tensor? perSampleWeights = null) =>
        Functional.EmbeddingBag(input, Weight, offsets, Mode, perSampleWeights, IncludeLastOffset, PaddingIdx);

    /// <inheritdoc />
    protected override string ExtraRepr()
    {
        string mode = Mode.ToString().ToLowerInvariant();
        return PaddingIdx is int p ? $"{NumEmbeddings}, {EmbeddingDim}, mode={mode}, padding_idx={p}" : $"{NumEmbeddings}, {EmbeddingDim}, mode={mode}";
    }
}
