namespace Taxon.Classification.Text;

/// <summary>
/// Settings of a <see cref="TfidfVectorizer"/> (scikit-learn: <c>TfidfVectorizer</c>'s parameters, same defaults).
/// With <see cref="UseIdf"/> false and <see cref="Norm"/> <see cref="TextNorm.None"/> it is scikit-learn's
/// <c>CountVectorizer</c>.
/// </summary>
public sealed record TfidfVectorizerOptions
{
    /// <summary>The shortest word n-gram made a feature (scikit-learn: <c>ngram_range[0]</c>, default 1).</summary>
    public int NGramMin { get; init; } = 1;

    /// <summary>The longest word n-gram made a feature (scikit-learn: <c>ngram_range[1]</c>, default 1).</summary>
    public int NGramMax { get; init; } = 1;

    /// <summary>Terms in fewer training texts than this are dropped (scikit-learn: <c>min_df</c> as a count, default 1).</summary>
    public int MinDf { get; init; } = 1;

    /// <summary>
    /// Terms in more than this fraction of the training texts are dropped (scikit-learn: <c>max_df</c> as a float,
    /// default 1.0: none).
    /// </summary>
    public double MaxDfFraction { get; init; } = 1.0;

    /// <summary>
    /// Keeps only this many terms, those most frequent over the training texts, ties by term order (scikit-learn:
    /// <c>max_features</c>, default null: all).
    /// </summary>
    public int? MaxFeatures { get; init; }

    /// <summary>Term counts become 1 when present (scikit-learn: <c>binary</c>, default false).</summary>
    public bool Binary { get; init; }

    /// <summary>Multiplies term frequencies by inverse document frequencies (scikit-learn: <c>use_idf</c>, default true).</summary>
    public bool UseIdf { get; init; } = true;

    /// <summary>
    /// idf = ln((1 + n) / (1 + df)) + 1, as if one more text held every term (scikit-learn: <c>smooth_idf</c>,
    /// default true); otherwise ln(n / df) + 1.
    /// </summary>
    public bool SmoothIdf { get; init; } = true;

    /// <summary>Term frequency tf becomes 1 + ln(tf) (scikit-learn: <c>sublinear_tf</c>, default false).</summary>
    public bool SublinearTf { get; init; }

    /// <summary>How each row is scaled at the end (scikit-learn: <c>norm</c>, default <see cref="TextNorm.L2"/>).</summary>
    public TextNorm Norm { get; init; } = TextNorm.L2;

    /// <summary>How texts become tokens (scikit-learn: <c>lowercase</c>, <c>token_pattern</c>, <c>stop_words</c>; defaults as theirs).</summary>
    public TokenizerOptions Tokenizer { get; init; } = new();

    /// <summary>
    /// Whether terms are word n-grams or character n-grams (scikit-learn: <c>analyzer</c>, default
    /// <see cref="TextAnalyzer.Word"/>): with <see cref="TextAnalyzer.Char"/> / <see cref="TextAnalyzer.CharWordBounded"/>
    /// the n-gram range counts characters, only <see cref="TokenizerOptions.Lowercase"/> of the tokenizer applies, and
    /// white-space runs become one space first.
    /// </summary>
    public TextAnalyzer Analyzer { get; init; } = TextAnalyzer.Word;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (NGramMin < 1 || NGramMax < NGramMin)
        {
            throw new ArgumentException($"TfidfVectorizerOptions: the n-gram range must have 1 <= NGramMin <= NGramMax, not ({NGramMin}, {NGramMax}).");
        }
        if (MinDf < 1)
        {
            throw new ArgumentException($"TfidfVectorizerOptions: MinDf must be at least 1, not {MinDf}.");
        }
        if (!(MaxDfFraction > 0 && MaxDfFraction <= 1))
        {
            throw new ArgumentException($"TfidfVectorizerOptions: MaxDfFraction must be in (0, 1], not {MaxDfFraction}.");
        }
        if (MaxFeatures is < 1)
        {
            throw new ArgumentException($"TfidfVectorizerOptions: MaxFeatures must be at least 1 when set, not {MaxFeatures}.");
        }
        if (!Enum.IsDefined(Norm))
        {
            throw new ArgumentException($"TfidfVectorizerOptions: Norm {(int)Norm} is not a TextNorm.");
        }
        ArgumentNullException.ThrowIfNull(Tokenizer, nameof(Tokenizer));
        Tokenizer.Validate();
        if (!Enum.IsDefined(Analyzer))
        {
            throw new ArgumentException($"TfidfVectorizerOptions: Analyzer {(int)Analyzer} is not a TextAnalyzer.");
        }
        if (Analyzer != TextAnalyzer.Word && Tokenizer.StopWords is { Count: > 0 })
        {
            throw new ArgumentException($"TfidfVectorizerOptions: stop words apply only to the Word analyzer, not {Analyzer}.");
        }
    }
}
