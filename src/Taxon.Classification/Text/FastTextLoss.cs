namespace Taxon.Classification.Text;

/// <summary>The loss a <see cref="FastTextClassifier"/> trains with (fastText: <c>-loss</c>).</summary>
public enum FastTextLoss
{
    /// <summary>Softmax over all labels (fastText: <c>-loss softmax</c>, the supervised default).</summary>
    Softmax,

    /// <summary>Hierarchical softmax over a Huffman tree of the label counts (fastText: <c>-loss hs</c>): one binary logistic per node on a label's path.</summary>
    HierarchicalSoftmax,

    /// <summary>Negative sampling (fastText: <c>-loss ns</c>): the true label against <see cref="FastTextOptions.NegativeSamples"/> labels drawn by count^0.5.</summary>
    NegativeSampling,

    /// <summary>One binary logistic per label (fastText: <c>-loss ova</c>); the loss for multi-label data.</summary>
    OneVsAll,
}
