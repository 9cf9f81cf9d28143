namespace Taxon.Classification.Text;

/// <summary>What a text is cut into before its features are counted (scikit-learn: a vectoriser's <c>analyzer</c>).</summary>
public enum TextAnalyzer
{
    /// <summary>Word n-grams from a <see cref="Tokenizer"/>, joined by one space (scikit-learn: <c>analyzer="word"</c>).</summary>
    Word,

    /// <summary>Character n-grams over the whole text, runs of white space made one space (scikit-learn: <c>analyzer="char"</c>).</summary>
    Char,

    /// <summary>
    /// Character n-grams inside each white-space-separated word, padded with one space each side
    /// (scikit-learn: <c>analyzer="char_wb"</c>).
    /// </summary>
    CharWordBounded,
}
