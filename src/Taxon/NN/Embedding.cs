namespace Taxon.NN;

/// <summary>
/// A lookup table of <see cref="NumEmbeddings"/> vectors of size <see cref="EmbeddingDim"/> (PyTorch:
/// <c>torch.nn.Embedding</c>): indices of any shape [...] give [..., dim]. The weight starts N(0, 1) as in PyTorch;
/// the row at <see cref="PaddingIdx"/> starts at zero and never receives a gradient, so it stays zero in training.
/// The gradient is a row-wise scatter-add, as PyTorch's dense (<c>sparse=False</c>) gradient.
/// </summary>
public sealed class Embedding : Module<IndexTensor, Tensor>
{
    /// <summary>Creates the table; <paramref name="paddingIdx"/> may be negative (counted from the end) or null for none.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative or <paramref name="paddingIdx"/> is out of range.</exception>
    public Embedding(int numEmbeddings, int embeddingDim, int? paddingIdx = null, Generator? generator = null)
        : this(Tensor.Zeros(CheckSizes(numEmbeddings, embeddingDim), embeddingDim), paddingIdx, initialise: true, generator)
    {
    }

    private Embedding(Tensor weight, int? paddingIdx, bool initialise, Generator? generator)
    {
        NumEmbeddings = weight.Shape[0];
        EmbeddingDim = weight.Shape[1];
        int pad = Functional.NormalizePaddingIdx(paddingIdx, NumEmbeddings, "Embedding");
        PaddingIdx = pad < 0 ? null : pad;
        Weight = RegisterParameter("weight", weight);
        if (initialise)
        {
            Init.Normal_(Weight, 0f, 1f, generator);
            if (PaddingIdx is int p)
            {
                using (Autograd.NoGrad())
                {
                    Weight.Select(0, p).Zero_();
                }
            }
        }
    }

    /// <summary>
    /// A table holding a copy of <paramref name="embeddings"/> [num, dim], frozen unless <paramref name="freeze"/> is false
    /// (PyTorch: <c>Embedding.from_pretrained</c>). The padding row is kept as given, as PyTorch does.
    /// </summary>
    public static Embedding FromPretrained(Tensor embeddings, bool freeze = true, int? paddingIdx = null)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (embeddings.Dim != 2)
        {
            throw new ArgumentException($"Embedding.FromPretrained: embeddings must be 2-D [num_embeddings, embedding_dim], got shape {ShapeMath.Format(embeddings.Shape)}.");
        }
        var embedding = new Embedding(embeddings.Detach().Materialize(), paddingIdx, initialise: false, generator: null);
        embedding.Weight.RequiresGrad = !freeze;
        return embedding;
    }

    /// <summary>The number of rows (PyTorch: <c>num_embeddings</c>).</summary>
    public int NumEmbeddings { get; }

    /// <summary>The size of each vector (PyTorch: <c>embedding_dim</c>).</summary>
    public int EmbeddingDim { get; }

    /// <summary>The row that receives no gradient, as a non-negative index, or null (PyTorch: <c>padding_idx</c>).</summary>
    public int? PaddingIdx { get; }

    /// <summary>The table, [num_embeddings, embedding_dim] (PyTorch: <c>weight</c>).</summary>
    public Tensor Weight { get; }

    /// <inheritdoc />
    public override Tensor Forward(IndexTensor input) => Functional.Embedding(input, Weight, PaddingIdx);

    /// <inheritdoc />
    protected override string ExtraRepr() =>
        PaddingIdx is int p ? $"{NumEmbeddings}, {EmbeddingDim}, padding_idx={p}" : $"{NumEmbeddings}, {EmbeddingDim}";

    private static int CheckSizes(int numEmbeddings, int embeddingDim)
    {
        if (numEmbeddings < 0 || embeddingDim < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numEmbeddings),
                $"Embedding: sizes must be non-negative, got num_embeddings {numEmbeddings} and embedding_dim {embeddingDim}.");
        }
        return numEmbeddings;
    }
}
