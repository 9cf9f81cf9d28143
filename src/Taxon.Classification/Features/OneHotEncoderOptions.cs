namespace Taxon.Classification.Features;

/// <summary>Settings of <see cref="OneHotEncoder"/>; defaults are scikit-learn's where it has them.</summary>
public sealed record OneHotEncoderOptions
{
    /// <summary>The 0-based columns holding categories (e.g. an ARFF file's nominal codes); null (the default) encodes every column.</summary>
    public IReadOnlyList<int>? Columns { get; init; }

    /// <summary>What to do with a category not seen in fitting (scikit-learn: <c>handle_unknown="error"</c>).</summary>
    public UnknownCategory HandleUnknown { get; init; } = UnknownCategory.Error;

    /// <summary>Throws an <see cref="ArgumentException"/> if <see cref="Columns"/> has a negative or repeated index.</summary>
    public void Validate()
    {
        if (Columns is null)
        {
            return;
        }
        var seen = new HashSet<int>();
        foreach (int c in Columns)
        {
            if (c < 0 || !seen.Add(c))
            {
                throw new ArgumentException($"OneHotEncoderOptions.Columns: {c} is {(c < 0 ? "negative" : "listed twice")}.");
            }
        }
        if (!Enum.IsDefined(HandleUnknown))
        {
            throw new ArgumentException($"OneHotEncoderOptions.HandleUnknown: {HandleUnknown} is not a valid choice.");
        }
    }
}
