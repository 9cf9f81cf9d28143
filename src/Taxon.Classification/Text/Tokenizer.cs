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

    /// <summary>The token every number becomes with <see cref="NumberTokens.Placeholder"/>; '&lt;' is never part of a word token, so it cannot collide with one.</summary>
    public const string NumberPlaceholder = "<number>";

    private static readonly string[] UrlPrefixes = ["http://", "https://", "ftp://", "www."];

    private readonly HashSet<string>? _stopWords;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _stopLookup;
    private readonly bool _special;

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
        _special = Options.Urls != SpecialTokens.Split || Options.EmailAddresses != SpecialTokens.Split
            || Options.Numbers != NumberTokens.Split || Options.Punctuation;
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
        return TokenSpans.ToStrings(buffer, starts, lengths, n);
    }

    /// <summary>
    /// The allocation-light path: writes the (lower-cased) text into <paramref name="buffer"/> and each kept token's
    /// start and length in it into <paramref name="starts"/> and <paramref name="lengths"/> (all grown when short),
    /// returning the number of tokens.
    /// </summary>
    internal int Scan(string text, ref char[] buffer, ref int[] starts, ref int[] lengths)
    {
        int length = Lower(text, ref buffer);
        if (_special)
        {
            return ScanSpecial(ref buffer, length, ref starts, ref lengths);
        }
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
            TokenSpans.Add(start, i - start, ref starts, ref lengths, ref count);
        }
        return count;
    }

    /// <summary>
    /// <see cref="Scan"/> with URLs, e-mail addresses, numbers or punctuation kept as tokens: a URL, address or number
    /// can only start where a word could (not after a word character); the placeholder of
    /// <see cref="NumberTokens.Placeholder"/> is written once after the text, and number tokens point at it.
    /// </summary>
    private int ScanSpecial(ref char[] buffer, int length, ref int[] starts, ref int[] lengths)
    {
        int placeholder = length;
        if (Options.Numbers == NumberTokens.Placeholder)
        {
            if (buffer.Length < length + NumberPlaceholder.Length)
            {
                Array.Resize(ref buffer, length + NumberPlaceholder.Length);
            }
            NumberPlaceholder.CopyTo(buffer.AsSpan(length));
        }
        ReadOnlySpan<char> s = buffer.AsSpan(0, length);
        int count = 0;
        int i = 0;
        while (i < s.Length)
        {
            if (i == 0 || WordWidth(s, i - 1) == 0)
            {
                int end;
                if (Options.Urls != SpecialTokens.Split && (end = UrlEnd(s, i)) > i)
                {
                    AddSpecial(s, i, end, Options.Urls, ref starts, ref lengths, ref count);
                    i = end;
                    continue;
                }
                if (Options.EmailAddresses != SpecialTokens.Split && (end = EmailEnd(s, i)) > i)
                {
                    AddSpecial(s, i, end, Options.EmailAddresses, ref starts, ref lengths, ref count);
                    i = end;
                    continue;
                }
                if (Options.Numbers != NumberTokens.Split && char.IsAsciiDigit(s[i]) && (end = NumberEnd(s, i)) > i)
                {
                    if (Options.Numbers == NumberTokens.Whole)
                    {
                        TokenSpans.Add(i, end - i, ref starts, ref lengths, ref count);
                    }
                    else if (Options.Numbers == NumberTokens.Placeholder)
                    {
                        TokenSpans.Add(placeholder, NumberPlaceholder.Length, ref starts, ref lengths, ref count);
                    }
                    i = end;
                    continue;
                }
            }
            if (WordWidth(s, i) > 0)
            {
                i = AddWord(s, i, s.Length, ref starts, ref lengths, ref count);
                continue;
            }
            int width = char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
            if (Options.Punctuation && IsPunctuationOrSymbol(width == 2
                ? Rune.GetUnicodeCategory(new Rune(s[i], s[i + 1])) : CharUnicodeInfo.GetUnicodeCategory(s[i])))
            {
                TokenSpans.Add(i, width, ref starts, ref lengths, ref count);
            }
            i += width;
        }
        return count;
    }

    private void AddSpecial(ReadOnlySpan<char> s, int start, int end, SpecialTokens mode, ref int[] starts, ref int[] lengths, ref int count)
    {
        TokenSpans.Add(start, end - start, ref starts, ref lengths, ref count);
        if (mode != SpecialTokens.WholeAndSplit)
        {
            return;
        }
        int i = start;
        while (i < end)
        {
            i = WordWidth(s, i) > 0 ? AddWord(s, i, end, ref starts, ref lengths, ref count) : i + 1;
        }
    }

    /// <summary>Adds the word run starting at <paramref name="start"/> (ending by <paramref name="limit"/>) when it is long enough and not a stop word; returns its end.</summary>
    private int AddWord(ReadOnlySpan<char> s, int start, int limit, ref int[] starts, ref int[] lengths, ref int count)
    {
        int i = start, points = 0;
        int width = WordWidth(s, i);
        while (width > 0 && i + width <= limit)
        {
            i += width;
            points++;
            width = i >= limit ? 0 : WordWidth(s, i);
        }
        if (points >= Options.MinTokenLength && !(_stopWords is not null && _stopLookup.Contains(s[start..i])))
        {
            TokenSpans.Add(start, i - start, ref starts, ref lengths, ref count);
        }
        return i;
    }

    /// <summary>The end of a URL starting at <paramref name="i"/>, or -1.</summary>
    private static int UrlEnd(ReadOnlySpan<char> s, int i)
    {
        int prefix = 0;
        foreach (string p in UrlPrefixes)
        {
            if (s[i..].StartsWith(p, StringComparison.OrdinalIgnoreCase))
            {
                prefix = p.Length;
                break;
            }
        }
        if (prefix == 0)
        {
            return -1;
        }
        int end = i + prefix;
        int open = 0, close = 0;
        while (end < s.Length && !char.IsWhiteSpace(s[end]) && s[end] is not ('<' or '>' or '"'))
        {
            open += s[end] == '(' ? 1 : 0;
            close += s[end] == ')' ? 1 : 0;
            end++;
        }
        while (end > i + prefix)
        {
            char last = s[end - 1];
            if (last is '.' or ',' or ';' or ':' or '!' or '?' or '\'' or ']')
            {
                end--;
            }
            else if (last == ')' && close > open)
            {
                end--;
                close--;
            }
            else
            {
                break;
            }
        }
        return end > i + prefix ? end : -1;
    }

    /// <summary>The end of an e-mail address starting at <paramref name="i"/>, or -1.</summary>
    private static int EmailEnd(ReadOnlySpan<char> s, int i)
    {
        if (!char.IsLetterOrDigit(s[i]))
        {
            return -1;
        }
        int j = i;
        while (j < s.Length && (char.IsLetterOrDigit(s[j]) || s[j] is '.' or '_' or '%' or '+' or '-'))
        {
            j++;
        }
        if (j >= s.Length || s[j] != '@')
        {
            return -1;
        }
        int k = j + 1, labels = 0;
        while (true)
        {
            int label = k;
            while (k < s.Length && (char.IsLetterOrDigit(s[k]) || s[k] == '-'))
            {
                k++;
            }
            if (k == label)
            {
                break;
            }
            labels++;
            if (k + 1 < s.Length && s[k] == '.' && char.IsLetterOrDigit(s[k + 1]))
            {
                k++;
                continue;
            }
            break;
        }
        return labels >= 2 ? k : -1;
    }

    /// <summary>The end of a number starting at <paramref name="i"/> (ASCII digits, '.' or ',' between digits), or -1 when a word character follows it ("3d", "10th").</summary>
    private static int NumberEnd(ReadOnlySpan<char> s, int i)
    {
        int j = i;
        while (true)
        {
            while (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                j++;
            }
            if (j + 1 < s.Length && s[j] is '.' or ',' && char.IsAsciiDigit(s[j + 1]))
            {
                j++;
                continue;
            }
            break;
        }
        return j < s.Length && WordWidth(s, j) > 0 ? -1 : j;
    }

    private static bool IsPunctuationOrSymbol(UnicodeCategory category) => category is UnicodeCategory.ConnectorPunctuation
        or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
        or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation
        or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol;

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
        PythonLowercase.Append(text, 0, text.Length, ref buffer, ref at);
        return at;
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
