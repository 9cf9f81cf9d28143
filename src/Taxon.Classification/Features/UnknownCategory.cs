namespace Taxon.Classification.Features;

/// <summary>What <see cref="OneHotEncoder"/> does with a value it did not see in fitting (scikit-learn: <c>handle_unknown</c>).</summary>
public enum UnknownCategory
{
    /// <summary>Throw an <see cref="ArgumentException"/> naming the row, column and value (scikit-learn: <c>"error"</c>).</summary>
    Error,

    /// <summary>Encode it as all zeros (scikit-learn: <c>"ignore"</c>).</summary>
    Ignore,
}
