using System.Globalization;

namespace Taxon.Classification.Data;

/// <summary>What the text readers share: parsing a feature value, naming a place in a file, resolving a column setting.</summary>
internal static class FieldParser
{
    /// <summary>An <see cref="InvalidDataException"/> whose message starts with the file and line: "train.csv: line 7: ...".</summary>
    public static InvalidDataException Error(string source, int line, string message) => new($"{source}: line {line}: {message}");

    /// <summary>
    /// A feature value in invariant culture ("1.5", "-2e-3"); an empty, non-numeric or non-finite field is an error
    /// naming the file, line and <paramref name="column"/>.
    /// </summary>
    public static float Feature(ReadOnlySpan<char> text, string source, int line, string column)
    {
        text = text.Trim();
        if (text.IsEmpty)
        {
            throw Error(source, line, $"{column} is empty; fill in or remove missing values first.");
        }
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
        {
            throw Error(source, line, $"{column} holds '{Shorten(text)}', which is not a number.");
        }
        if (!float.IsFinite(value))
        {
            throw Error(source, line, $"{column} holds '{Shorten(text)}', which is not a finite float32 number.");
        }
        return value;
    }

    /// <summary>At most 40 characters of <paramref name="text"/>, for messages.</summary>
    public static string Shorten(ReadOnlySpan<char> text) => text.Length <= 40 ? text.ToString() : string.Concat(text[..37], "...");

    /// <summary>
    /// The index of the column that <paramref name="setting"/> names: a name among <paramref name="names"/> (exact,
    /// then ignoring case), or a 0-based index, negative counting from the end.
    /// </summary>
    public static int ResolveColumn(string setting, string value, IReadOnlyList<string>? names, int count, string source)
    {
        if (names is not null)
        {
            for (int pass = 0; pass < 2; pass++)
            {
                for (int j = 0; j < names.Count; j++)
                {
                    if (string.Equals(names[j], value, pass == 0 ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase))
                    {
                        return j;
                    }
                }
            }
        }
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int index))
        {
            int resolved = index < 0 ? count + index : index;
            if ((uint)resolved < (uint)count)
            {
                return resolved;
            }
            throw new InvalidDataException($"{source}: {setting} {index} is out of range for {count} columns (0-based; -1 is the last).");
        }
        string known = names is null ? "the file has no header; give a 0-based index" : $"the columns are {Describe(names)}";
        throw new InvalidDataException($"{source}: {setting} '{value}' names no column; {known}.");
    }

    /// <summary>The default label column: one named label, class, target or y (any case), else the last.</summary>
    public static int DefaultLabelColumn(IReadOnlyList<string>? names, int count)
    {
        if (names is not null)
        {
            foreach (string wanted in (ReadOnlySpan<string>)["label", "class", "target", "y"])
            {
                for (int j = 0; j < names.Count; j++)
                {
                    if (string.Equals(names[j], wanted, StringComparison.OrdinalIgnoreCase))
                    {
                        return j;
                    }
                }
            }
        }
        return count - 1;
    }

    /// <summary>A numeric label in canonical form ("+1" and "1.0" → "1", as scikit-learn's float labels compare); other labels unchanged.</summary>
    public static string CanonicalLabel(ReadOnlySpan<char> text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
        {
            return v == Math.Floor(v) && Math.Abs(v) < 1e15
                ? ((long)v).ToString(CultureInfo.InvariantCulture)
                : v.ToString("R", CultureInfo.InvariantCulture);
        }
        return text.ToString();
    }

    private static string Describe(IReadOnlyList<string> names) =>
        names.Count <= 12 ? string.Join(", ", names.Select(n => $"'{n}'")) : $"{names.Count} named columns";
}
