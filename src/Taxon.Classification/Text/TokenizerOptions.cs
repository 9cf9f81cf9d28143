namespace Taxon.Classification.Text;

/// <summary>
/// How a <see cref="Tokenizer"/> splits text into words (scikit-learn: the analyser settings of
/// <c>CountVectorizer</c> / <c>TfidfVectorizer</c> with <c>analyzer="word"</c>). The defaults are scikit-learn's;
/// <see cref="Urls"/>, <see cref="EmailAddresses"/>, <see cref="Numbers"/> and <see cref="Punctuation"/> keep those
/// as tokens of their own (stop words and <see cref="MinTokenLength"/> apply to ordinary words only).
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

    /// <summary>
    /// URLs (<c>http://</c>, <c>https://</c>, <c>ftp://</c> or <c>www.</c>, up to white space or one of <c>&lt; &gt; "</c>,
    /// without trailing <c>. , ; : ! ? ' ]</c> and without a closing parenthesis that has no opening one inside it):
    /// default <see cref="SpecialTokens.Split"/>, scikit-learn's behaviour.
    /// </summary>
    public SpecialTokens Urls { get; init; } = SpecialTokens.Split;

    /// <summary>
    /// E-mail addresses (a local part of letters, digits and <c>. _ % + -</c>, an <c>@</c>, then dot-separated labels of
    /// letters, digits and <c>-</c>, at least two): default <see cref="SpecialTokens.Split"/>, scikit-learn's behaviour.
    /// </summary>
    public SpecialTokens EmailAddresses { get; init; } = SpecialTokens.Split;

    /// <summary>Numbers standing alone (digits, with a decimal point or digit-group commas between digits): default <see cref="NumberTokens.Split"/>, scikit-learn's behaviour.</summary>
    public NumberTokens Numbers { get; init; } = NumberTokens.Split;

    /// <summary>
    /// Whether each punctuation or symbol character (Unicode categories P* and S*: "!", "$", "€", "%") is a token of
    /// its own (default false: they only split words, as in scikit-learn). <see cref="MinTokenLength"/> does not drop them.
    /// </summary>
    public bool Punctuation { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (MinTokenLength < 1)
        {
            throw new ArgumentException($"TokenizerOptions: MinTokenLength must be at least 1, not {MinTokenLength}.");
        }
        if (!Enum.IsDefined(Urls) || !Enum.IsDefined(EmailAddresses))
        {
            throw new ArgumentException($"TokenizerOptions: Urls {(int)Urls} or EmailAddresses {(int)EmailAddresses} is not a SpecialTokens value.");
        }
        if (!Enum.IsDefined(Numbers))
        {
            throw new ArgumentException($"TokenizerOptions: Numbers {(int)Numbers} is not a NumberTokens value.");
        }
    }
}
