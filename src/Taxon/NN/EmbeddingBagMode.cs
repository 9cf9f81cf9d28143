namespace Taxon.NN;

/// <summary>How <see cref="EmbeddingBag"/> reduces the embeddings of a bag (PyTorch's <c>mode</c> strings).</summary>
public enum EmbeddingBagMode
{
    /// <summary>The sum, optionally weighted by per-sample weights (<c>"sum"</c>).</summary>
    Sum,
    /// <summary>The mean over the bag's non-padding entries (<c>"mean"</c>, PyTorch's default).</summary>
    Mean,
    /// <summary>The element-wise maximum over the bag's non-padding entries (<c>"max"</c>).</summary>
    Max,
}
