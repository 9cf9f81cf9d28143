namespace Taxon.Classification.Text;

/// <summary>How each row of text features is scaled (scikit-learn: <c>norm</c> of <c>TfidfVectorizer</c>).</summary>
public enum TextNorm
{
    /// <summary>Rows are left as they are (scikit-learn: <c>norm=None</c>).</summary>
    None,

    /// <summary>Each row is divided by the sum of its absolute values (scikit-learn: <c>norm="l1"</c>).</summary>
    L1,

    /// <summary>Each row is divided by its Euclidean length (scikit-learn: <c>norm="l2"</c>, the default).</summary>
    L2,
}
