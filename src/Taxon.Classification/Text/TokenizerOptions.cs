namespace Taxon.Classification.Text;

/// <summary>
/// How a <see cref="Tokenizer"/> splits text into words (scikit-learn: the analyser settings of
/// <c>CountVectorizer</c> / <c>TfidfVectorizer</c> with <c>analyzer="word"</c>).
/// </summary>
public sealed record TokenizerOptions
{
    /// <summary>Lower-cases the text before splitting it (scikit-learn: <c>lowercase</c>, default true).</summary>
    public bool Lowercase { get; init; } = true;

    /// <summary>
    /// The fewest word characters a token has (default 2, as scikit-learn's <c>token_pattern=r"(?u)\b\w\w+\b"</c>).
    /// </summary>
    public int MinTokenLength { get; init; } = 2;

    /// <summary>
    /// Tokens dropped after lower-casing, before n-grams are formed (scikit-learn: <c>stop_words</c>, default null:
    /// none); <see cref="Text.StopWords.English"/> is scikit-learn's <c>"english"</c> list.
    /// </summary>
    public IReadOnlySet<string>? StopWords { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (MinTokenLength < 1)
        {
            throw new ArgumentException($"TokenizerOptions: MinTokenLength must be at least 1, not {MinTokenLength}.");
        }
    }
}
