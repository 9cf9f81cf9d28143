namespace Taxon.Classification.Text;

/// <summary>
/// Character n-grams of a text exactly as scikit-learn 1.2's <c>_char_ngrams</c> (<see cref="TextAnalyzer.Char"/>)
/// and <c>_char_wb_ngrams</c> (<see cref="TextAnalyzer.CharWordBounded"/>) make them, after its preprocessing
/// (Python's <c>str.lower()</c> when lower-casing, then <c>re.sub(r"\s\s+", " ", doc)</c>). Lengths count code points,
/// as Python's do, so a surrogate pair is one character. Spans index a caller-owned buffer, so vectorisers reuse
/// one set of arrays per thread and hash or look up each n-gram without making strings. Thread-safe.
/// </summary>
internal sealed class CharNGrams
{
    public CharNGrams(TextAnalyzer analyzer, int min, int max, bool lowercase)
    {
        if (analyzer is not (TextAnalyzer.Char or TextAnalyzer.CharWordBounded))
        {
            throw new ArgumentException($"CharNGrams: analyzer must be Char or CharWordBounded, not {analyzer}.");
        }
        if (min < 1 || max < min)
        {
            throw new ArgumentException($"CharNGrams: the n-gram range must have 1 <= min <= max, not ({min}, {max}).");
        }
        Analyzer = analyzer;
        Min = min;
        Max = max;
        Lowercase = lowercase;
    }

    public TextAnalyzer Analyzer { get; }

    public int Min { get; }

    public int Max { get; }

    public bool Lowercase { get; }

    /// <summary>The n-grams of <paramref name="text"/> in scikit-learn's order (its <c>build_analyzer()(text)</c>).</summary>
    public List<string> Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        char[] buffer = [];
        int[] starts = [], lengths = [];
        int n = Scan(text, ref buffer, ref starts, ref lengths);
        return TokenSpans.ToStrings(buffer, starts, lengths, n);
    }

    /// <summary>
    /// Writes the preprocessed text into <paramref name="buffer"/> (for <see cref="TextAnalyzer.CharWordBounded"/>,
    /// each word padded with a space each side) and the start and length of every n-gram in it into
    /// <paramref name="starts"/> and <paramref name="lengths"/> (all grown when short), returning the count.
    /// </summary>
    public int Scan(string text, ref char[] buffer, ref int[] starts, ref int[] lengths)
    {
        ArgumentNullException.ThrowIfNull(text);
        int count = 0;
        if (Analyzer == TextAnalyzer.Char)
        {
            int length = Preprocess(text, ref buffer);
            AddCharGrams(buffer, length, ref starts, ref lengths, ref count);
            return count;
        }
        EnsureCapacity(ref buffer, 0, text.Length + 2);
        int at = 0;
        int i = 0;
        while (i < text.Length)
        {
            if (IsSpace(text[i]))
            {
                i++;
                continue;
            }
            int end = i;
            while (end < text.Length && !IsSpace(text[end]))
            {
                end++;
            }
            // Lower-casing never makes white space, so splitting the raw text finds the same words as
            // scikit-learn's split() of the lower-cased, space-normalised one.
            int word = at;
            EnsureCapacity(ref buffer, at, 1);
            buffer[at++] = ' ';
            LowerInto(text, i, end, ref buffer, ref at);
            EnsureCapacity(ref buffer, at, 1);
            buffer[at++] = ' ';
            AddWordGrams(buffer, word, at, ref starts, ref lengths, ref count);
            i = end;
        }
        return count;
    }

    /// <summary>Python's <c>str.isspace()</c>, which its <c>re</c> <c>\s</c> and <c>str.split()</c> use; it differs from .NET's by U+001C..U+001F.</summary>
    internal static bool IsSpace(char c) => c switch
    {
        >= '\t' and <= '\r' or >= '\u001c' and <= ' ' or '\u0085' or '\u00a0' or '\u1680' or >= '\u2000' and <= '\u200a'
            or '\u2028' or '\u2029' or '\u202f' or '\u205f' or '\u3000' => true,
        _ => false,
    };

    /// <summary>Lower-cases (when set) and makes each run of two or more white-space characters one space; a lone one stays.</summary>
    private int Preprocess(string text, ref char[] buffer)
    {
        EnsureCapacity(ref buffer, 0, text.Length + 1);
        int at = 0;
        int i = 0;
        while (i < text.Length)
        {
            if (IsSpace(text[i]))
            {
                int end = i + 1;
                while (end < text.Length && IsSpace(text[end]))
                {
                    end++;
                }
                EnsureCapacity(ref buffer, at, 1);
                buffer[at++] = end - i >= 2 ? ' ' : text[i];
                i = end;
                continue;
            }
            int stop = i + 1;
            while (stop < text.Length && !IsSpace(text[stop]))
            {
                stop++;
            }
            LowerInto(text, i, stop, ref buffer, ref at);
            i = stop;
        }
        return at;
    }

    private void LowerInto(string text, int from, int to, ref char[] buffer, ref int at)
    {
        if (Lowercase)
        {
            PythonLowercase.Append(text, from, to, ref buffer, ref at);
            return;
        }
        EnsureCapacity(ref buffer, at, to - from);
        text.AsSpan(from, to - from).CopyTo(buffer.AsSpan(at));
        at += to - from;
    }

    /// <summary>scikit-learn's <c>_char_ngrams</c>: for each n, every window of n code points, left to right.</summary>
    private void AddCharGrams(char[] buffer, int length, ref int[] starts, ref int[] lengths, ref int count)
    {
        for (int n = Min; n <= Max; n++)
        {
            int start = 0, end = 0;
            int points = 0;
            while (points < n && end < length)
            {
                end = Next(buffer, end, length);
                points++;
            }
            if (points < n)
            {
                // Shorter than n: no n-grams of this size or larger.
                return;
            }
            while (true)
            {
                TokenSpans.Add(start, end - start, ref starts, ref lengths, ref count);
                if (end == length)
                {
                    break;
                }
                start = Next(buffer, start, length);
                end = Next(buffer, end, length);
            }
        }
    }

    /// <summary>
    /// scikit-learn's <c>_char_wb_ngrams</c> for one padded word in [<paramref name="from"/>, <paramref name="to"/>):
    /// a word no longer than n gives itself once and ends the word's n loop, as its <c>if offset == 0: break</c> does.
    /// </summary>
    private void AddWordGrams(char[] buffer, int from, int to, ref int[] starts, ref int[] lengths, ref int count)
    {
        for (int n = Min; n <= Max; n++)
        {
            int start = from, end = from;
            for (int points = 0; points < n && end < to; points++)
            {
                end = Next(buffer, end, to);
            }
            TokenSpans.Add(start, end - start, ref starts, ref lengths, ref count);
            while (end < to)
            {
                start = Next(buffer, start, to);
                end = Next(buffer, end, to);
                TokenSpans.Add(start, end - start, ref starts, ref lengths, ref count);
            }
            if (start == from)
            {
                break;
            }
        }
    }

    private static int Next(char[] buffer, int i, int limit) =>
        i + (char.IsHighSurrogate(buffer[i]) && i + 1 < limit && char.IsLowSurrogate(buffer[i + 1]) ? 2 : 1);

    private static void EnsureCapacity(ref char[] buffer, int at, int more)
    {
        if (buffer.Length < at + more)
        {
            Array.Resize(ref buffer, Math.Max(at + more + 16, buffer.Length * 2));
        }
    }
}
