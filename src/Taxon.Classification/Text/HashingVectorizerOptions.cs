namespace Taxon.Classification.Text;

/// <summary>Settings of a <see cref="HashingVectorizer"/> (scikit-learn 1.2: <c>HashingVectorizer</c>'s parameters, same defaults).</summary>
public sealed record HashingVectorizerOptions
{
    /// <summary>The number of feature columns terms are hashed into (scikit-learn: <c>n_features</c>, default 2^20).</summary>
    public int Columns { get; init; } = 1 << 20;

    /// <summary>Words or characters (scikit-learn: <c>analyzer</c>, default <see cref="TextAnalyzer.Word"/>).</summary>
    public TextAnalyzer Analyzer { get; init; } = TextAnalyzer.Word;

    /// <summary>The shortest n-gram, in words or characters (scikit-learn: <c>ngram_range[0]</c>, default 1).</summary>
    public int NGramMin { get; init; } = 1;

    /// <summary>The longest n-gram, in words or characters (scikit-learn: <c>ngram_range[1]</c>, default 1).</summary>
    public int NGramMax { get; init; } = 1;

    /// <summary>
    /// Each term counts +1 or −1 by the sign of its hash, so colliding terms tend to cancel rather than pile up
    /// (scikit-learn: <c>alternate_sign</c>, default true).
    /// </summary>
    public bool AlternateSign { get; init; } = true;

    /// <summary>Every stored entry becomes 1 before the norm, negative ones included (scikit-learn: <c>binary</c>, default false).</summary>
    public bool Binary { get; init; }

    /// <summary>How each row is scaled at the end (scikit-learn: <c>norm</c>, default <see cref="TextNorm.L2"/>).</summary>
    public TextNorm Norm { get; init; } = TextNorm.L2;

    /// <summary>
    /// Lower-casing and, for <see cref="TextAnalyzer.Word"/>, how words are found (scikit-learn: <c>lowercase</c>,
    /// <c>token_pattern</c>, <c>stop_words</c>); the character analyzers use only <see cref="TokenizerOptions.Lowercase"/>.
    /// </summary>
    public TokenizerOptions Tokenizer { get; init; } = new();

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Columns < 1)
        {
            throw new ArgumentException($"HashingVectorizerOptions: Columns must be at least 1, not {Columns}.");
        }
        if (!Enum.IsDefined(Analyzer))
        {
            throw new ArgumentException($"HashingVectorizerOptions: Analyzer {(int)Analyzer} is not a TextAnalyzer.");
        }
        if (NGramMin < 1 || NGramMax < NGramMin)
        {
            throw new ArgumentException($"HashingVectorizerOptions: the n-gram range must have 1 <= NGramMin <= NGramMax, not ({NGramMin}, {NGramMax}).");
        }
        if (!Enum.IsDefined(Norm))
        {
            throw new ArgumentException($"HashingVectorizerOptions: Norm {(int)Norm} is not a TextNorm.");
        }
        ArgumentNullException.ThrowIfNull(Tokenizer, nameof(Tokenizer));
        Tokenizer.Validate();
        if (Analyzer != TextAnalyzer.Word && Tokenizer.StopWords is { Count: > 0 })
        {
            // scikit-learn only warns and ignores them; a silent no-op setting is more likely a mistake.
            throw new ArgumentException($"HashingVectorizerOptions: stop words apply only to the Word analyzer, not {Analyzer}.");
        }
    }
}
