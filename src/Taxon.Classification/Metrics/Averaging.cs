namespace Taxon.Classification.Metrics;

/// <summary>How per-class (or per-label) scores are combined into one number (scikit-learn: <c>average=</c>).</summary>
public enum Averaging
{
    /// <summary>The unweighted mean over classes: every class counts the same, however rare (<c>average='macro'</c>).</summary>
    Macro,

    /// <summary>From the true/false positive and negative counts summed over classes (<c>average='micro'</c>); for single-label multi-class data this is the accuracy.</summary>
    Micro,

    /// <summary>The mean over classes weighted by each class's number of true samples (<c>average='weighted'</c>).</summary>
    Weighted,

    /// <summary>The score of each sample's label set, averaged over samples (<c>average='samples'</c>); multi-label data only.</summary>
    Samples,
}
