namespace Taxon.Classification.Text;

/// <summary>How a <see cref="Tokenizer"/> treats URLs and e-mail addresses (<see cref="TokenizerOptions.Urls"/>, <see cref="TokenizerOptions.EmailAddresses"/>).</summary>
public enum SpecialTokens
{
    /// <summary>Split into their word pieces like any other text, as scikit-learn's default analyser does.</summary>
    Split,

    /// <summary>One token each, the whole URL or address (lower-cased with the rest), instead of its pieces.</summary>
    Whole,

    /// <summary>The whole token followed by its word pieces: the exact address and its parts (domain, words) both count.</summary>
    WholeAndSplit,
}
