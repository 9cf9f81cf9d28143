namespace Taxon.Classification.Text;

/// <summary>
/// A vectoriser's tokenizer settings as its model file stores them, flat beside the vectoriser's own options; the
/// fields added after the first files (special tokens) are null in older files and read as the defaults.
/// </summary>
internal abstract record StoredTokenizerFields
{
    public bool Lowercase { get; init; } = true;

    public int MinTokenLength { get; init; } = 2;

    public string[]? StopWords { get; init; }

    public SpecialTokens? Urls { get; init; }

    public SpecialTokens? EmailAddresses { get; init; }

    public NumberTokens? Numbers { get; init; }

    public bool? Punctuation { get; init; }

    /// <summary>This record with <paramref name="t"/>'s settings (stop words in ordinal order, so files are deterministic).</summary>
    public StoredTokenizerFields WithTokenizer(TokenizerOptions t) => this with
    {
        Lowercase = t.Lowercase,
        MinTokenLength = t.MinTokenLength,
        StopWords = t.StopWords is null ? null : [.. t.StopWords.Order(StringComparer.Ordinal)],
        Urls = t.Urls,
        EmailAddresses = t.EmailAddresses,
        Numbers = t.Numbers,
        Punctuation = t.Punctuation,
    };

    /// <summary>The tokenizer options stored.</summary>
    public TokenizerOptions ToTokenizerOptions() => new()
    {
        Lowercase = Lowercase,
        MinTokenLength = MinTokenLength,
        StopWords = StopWords is null ? null : new HashSet<string>(StopWords, StringComparer.Ordinal),
        Urls = Urls ?? SpecialTokens.Split,
        EmailAddresses = EmailAddresses ?? SpecialTokens.Split,
        Numbers = Numbers ?? NumberTokens.Split,
        Punctuation = Punctuation ?? false,
    };
}
