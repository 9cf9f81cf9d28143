using System.Globalization;
using System.Text;

namespace Taxon.Classification.Text;

/// <summary>
/// Splits text into word tokens as scikit-learn's default word analyser does (<c>token_pattern=r"(?u)\b\w\w+\b"</c>,
/// <c>lowercase=True</c>): the text is lower-cased, then every maximal run of word characters of at least
/// <see cref="TokenizerOptions.MinTokenLength"/> characters is a token, and stop words are dropped. Word characters
/// are those of Python's <c>re</c> <c>\w</c>: letters (Unicode categories Lu, Ll, Lt, Lm, Lo), numbers (Nd, Nl, No)
/// and '_'; unlike .NET's <c>\w</c>, combining marks (Mn, Mc) and connectors other than '_' split words.
/// Thread-safe.
/// </summary>
public sealed class Tokenizer
{
    private static readonly bool[] AsciiWord = MakeAsciiTable();

    private readonly HashSet<string>? _stopWords;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _stopLookup;

    /// <summary>Makes a tokenizer with <paramref name="options"/> (defaults when null), after validating them.</summary>
    public Tokenizer(TokenizerOptions? options = null)
    {
        Options = options ?? new TokenizerOptions();
        Options.Validate();
        if (Options.StopWords is { Count: > 0 } stop)
        {
            _stopWords = new HashSet<string>(stop, StringComparer.Ordinal);
            _stopLookup = _stopWords.GetAlternateLookup<ReadOnlySpan<char>>();
        }
    }

    /// <summary>The settings in use.</summary>
    public TokenizerOptions Options { get; }

    /// <summary>The tokens of <paramref name="text"/>, in order (scikit-learn: <c>build_analyzer()(text)</c> with unigrams).</summary>
    public List<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = Array.Empty<char>();
        var starts = Array.Empty<int>();
        var lengths = Array.Empty<int>();
        int n = Scan(text, ref buffer, ref starts, ref lengths);
        var result = new List<string>(n);
        for (int k = 0; k < n; k++)
        {
            result.Add(new string(buffer, starts[k], lengths[k]));
        }
        return result;
    }

    /// <summary>
    /// The allocation-light path: writes the (lower-cased) text into <paramref name="buffer"/> and each kept token's
    /// start and length in it into <paramref name="starts"/> and <paramref name="lengths"/> (all grown when short),
    /// returning the number of tokens.
    /// </summary>
    internal int Scan(string text, ref char[] buffer, ref int[] starts, ref int[] lengths)
    {
        int length = Lower(text, ref buffer);
        ReadOnlySpan<char> s = buffer.AsSpan(0, length);
        int minLength = Options.MinTokenLength;
        int count = 0;
        int i = 0;
        while (i < s.Length)
        {
            char first = s[i];
            int width = first < 0x80 ? (AsciiWord[first] ? 1 : 0) : WordWidth(s, i);
            if (width == 0)
            {
                i += char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
                continue;
            }
            int start = i, points = 0;
            while (width > 0)
            {
                i += width;
                points++;
                width = i >= s.Length ? 0 : s[i] < 0x80 ? (AsciiWord[s[i]] ? 1 : 0) : WordWidth(s, i);
            }
            if (points < minLength)
            {
                continue;
            }
            if (_stopWords is not null && _stopLookup.Contains(s[start..i]))
            {
                continue;
            }
            if (count == starts.Length)
            {
                int size = Math.Max(16, count * 2);
                Array.Resize(ref starts, size);
                Array.Resize(ref lengths, size);
            }
            starts[count] = start;
            lengths[count] = i - start;
            count++;
        }
        return count;
    }

    private int Lower(string text, ref char[] buffer)
    {
        if (buffer.Length < text.Length + 1)
        {
            buffer = new char[Math.Max(text.Length + 16, buffer.Length * 2)];
        }
        if (!Options.Lowercase)
        {
            text.CopyTo(buffer);
            return text.Length;
        }
        int at = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (at + 2 > buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            if (c < 0x80)
            {
                buffer[at++] = (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c;
                continue;
            }
            if (c == '\u03A3')
            {
                buffer[at++] = IsFinalSigma(text, i) ? '\u03C2' : '\u03C3';
            }
            else if (c == '\u0130')
            {
                // Python's str.lower(): 'İ' becomes 'i' and a combining dot above.
                buffer[at++] = 'i';
                buffer[at++] = '\u0307';
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                Rune lower = Rune.ToLowerInvariant(new Rune(c, text[i + 1]));
                at += lower.EncodeToUtf16(buffer.AsSpan(at));
                i++;
            }
            else
            {
                buffer[at++] = char.ToLowerInvariant(c);
            }
        }
        return at;
    }

    /// <summary>
    /// Python's <c>str.lower()</c> Final_Sigma context for the capital sigma at <paramref name="i"/> (CPython
    /// <c>handle_capital_sigma</c>): preceded by a cased character, skipping case-ignorable ones, and not followed by
    /// case-ignorable characters then a cased one. Then it lower-cases to 'ς', else to 'σ'.
    /// </summary>
    internal static bool IsFinalSigma(string text, int i)
    {
        int j = i;
        int c = 0;
        bool found = false;
        while (j > 0)
        {
            j--;
            c = text[j];
            if (char.IsLowSurrogate(text[j]) && j > 0 && char.IsHighSurrogate(text[j - 1]))
            {
                j--;
                c = char.ConvertToUtf32(text[j], text[j + 1]);
            }
            if (!IsCaseIgnorable(c))
            {
                found = true;
                break;
            }
        }
        if (!found || !IsCased(c))
        {
            return false;
        }
        j = i + 1;
        while (j < text.Length)
        {
            c = text[j];
            int width = 1;
            if (char.IsHighSurrogate(text[j]) && j + 1 < text.Length && char.IsLowSurrogate(text[j + 1]))
            {
                c = char.ConvertToUtf32(text[j], text[j + 1]);
                width = 2;
            }
            if (!IsCaseIgnorable(c))
            {
                return !IsCased(c);
            }
            j += width;
        }
        return true;
    }

    private static UnicodeCategory Category(int c) =>
        c < 0x10000 ? CharUnicodeInfo.GetUnicodeCategory((char)c) : CharUnicodeInfo.GetUnicodeCategory(c);

    /// <summary>Unicode's Cased property: Lu, Ll, Lt and the Other_Lowercase / Other_Uppercase characters outside them.</summary>
    private static bool IsCased(int c)
    {
        UnicodeCategory k = Category(c);
        if (k is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter)
        {
            return true;
        }
        return c is 0xAA or 0xBA or (>= 0x2160 and <= 0x217F) or (>= 0x24B6 and <= 0x24E9) or (>= 0x1F130 and <= 0x1F149)
            or (>= 0x1F150 and <= 0x1F169) or (>= 0x1F170 and <= 0x1F189);
    }

    /// <summary>Unicode's Case_Ignorable property: Mn, Me, Cf, Lm, Sk and the Word_Break MidLetter, MidNumLet and Single_Quote characters.</summary>
    private static bool IsCaseIgnorable(int c)
    {
        if (c is 0x27 or 0x2E or 0x3A or 0xB7 or 0x387 or 0x55F or 0x5F4 or 0x2018 or 0x2019 or 0x2024 or 0x2027 or 0xFE13 or 0xFE52
            or 0xFE55 or 0xFF07 or 0xFF0E or 0xFF1A)
        {
            return true;
        }
        return Category(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
            or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol;
    }

    /// <summary>The UTF-16 width (1 or 2) of the word character at <paramref name="i"/>, or 0 when it is not one.</summary>
    private static int WordWidth(ReadOnlySpan<char> s, int i)
    {
        char c = s[i];
        if (c < 0x80)
        {
            return AsciiWord[c] ? 1 : 0;
        }
        if (char.IsHighSurrogate(c))
        {
            if (i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                return IsWordCategory(Rune.GetUnicodeCategory(new Rune(c, s[i + 1]))) ? 2 : 0;
            }
            return 0;
        }
        return IsWordCategory(CharUnicodeInfo.GetUnicodeCategory(c)) ? 1 : 0;
    }

    private static bool IsWordCategory(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        _ => false,
    };

    private static bool[] MakeAsciiTable()
    {
        var table = new bool[128];
        for (int c = 0; c < 128; c++)
        {
            table[c] = char.IsAsciiLetterOrDigit((char)c) || c == '_';
        }
        return table;
    }
}
