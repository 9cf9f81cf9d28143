using System.Globalization;
using System.Text;

namespace Taxon.Classification.Text;

/// <summary>
/// Lower-casing as Python's <c>str.lower()</c> does it, which scikit-learn's analysers apply: .NET's invariant
/// mapping, except that 'İ' becomes "i̇" (i and a combining dot above) and a capital sigma ending a word becomes 'ς'
/// (Unicode's Final_Sigma context, CPython's <c>handle_capital_sigma</c>). The word tokenizer and the character
/// n-gram analysers share it, so both match scikit-learn on the same texts.
/// </summary>
internal static class PythonLowercase
{
    /// <summary>
    /// Appends <paramref name="text"/>[<paramref name="from"/>..<paramref name="to"/>) lower-cased to
    /// <paramref name="buffer"/> at <paramref name="at"/> (grown when short); the sigma context looks at the whole text.
    /// </summary>
    public static void Append(string text, int from, int to, ref char[] buffer, ref int at)
    {
        // No character lower-cases to more than two UTF-16 units.
        int needed = at + 2 * (to - from);
        if (buffer.Length < needed)
        {
            Array.Resize(ref buffer, Math.Max(needed + 16, buffer.Length * 2));
        }
        for (int i = from; i < to; i++)
        {
            char c = text[i];
            if (c < 0x80)
            {
                buffer[at++] = (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c;
            }
            else if (c == '\u03A3')
            {
                buffer[at++] = IsFinalSigma(text, i) ? '\u03C2' : '\u03C3';
            }
            else if (c == '\u0130')
            {
                buffer[at++] = 'i';
                buffer[at++] = '\u0307';
            }
            else if (char.IsHighSurrogate(c) && i + 1 < to && char.IsLowSurrogate(text[i + 1]))
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
    }

    /// <summary>
    /// Python's <c>str.lower()</c> Final_Sigma context for the capital sigma at <paramref name="i"/> (CPython
    /// <c>handle_capital_sigma</c>): preceded by a cased character, skipping case-ignorable ones, and not followed by
    /// case-ignorable characters then a cased one. Then it lower-cases to 'ς', else to 'σ'.
    /// </summary>
    private static bool IsFinalSigma(string text, int i)
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
}
