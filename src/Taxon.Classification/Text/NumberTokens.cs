namespace Taxon.Classification.Text;

/// <summary>How a <see cref="Tokenizer"/> treats numbers standing alone (<see cref="TokenizerOptions.Numbers"/>); digits inside a word ("mp3", "b2b") always stay part of it.</summary>
public enum NumberTokens
{
    /// <summary>Digits are word characters, as in scikit-learn's default analyser: "3.14" gives "14" (one-digit runs are too short), "1,000" gives "000".</summary>
    Split,

    /// <summary>One token per number, decimal point and digit-group commas included: "3.14", "1,000,000", "10" of "10%".</summary>
    Whole,

    /// <summary>Every number becomes <see cref="Tokenizer.NumberPlaceholder"/>: how many numbers a text has counts, not which.</summary>
    Placeholder,

    /// <summary>Numbers are left out.</summary>
    Drop,
}
