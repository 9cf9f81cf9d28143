using System.Globalization;

namespace Taxon.Optim;

/// <summary>Writing and reading the scalar entries of saved optimiser and scheduler state, with errors that name the key.</summary>
internal static class StateMetadata
{
    /// <summary>A double as the shortest text that parses back to the same bits ("R"; infinities as "Infinity").</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(IEnumerable<double> values) => string.Join(",", values.Select(Format));

    public static string Require(IReadOnlyDictionary<string, string> metadata, string key, string what)
    {
        if (!metadata.TryGetValue(key, out string? value))
        {
            throw new InvalidDataException($"{what}: the saved state has no '{key}' entry.");
        }
        return value;
    }

    public static double Double(IReadOnlyDictionary<string, string> metadata, string key, string what) =>
        ParseDouble(Require(metadata, key, what), key, what);

    public static long Long(IReadOnlyDictionary<string, string> metadata, string key, string what)
    {
        string text = Require(metadata, key, what);
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new InvalidDataException($"{what}: the saved entry '{key}' is '{text}', not an integer.");
    }

    public static int Int(IReadOnlyDictionary<string, string> metadata, string key, string what)
    {
        long value = Long(metadata, key, what);
        return value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw new InvalidDataException($"{what}: the saved entry '{key}' ({value}) is out of range.");
    }

    public static double[] Doubles(IReadOnlyDictionary<string, string> metadata, string key, string what)
    {
        string text = Require(metadata, key, what);
        return text.Length == 0 ? [] : Array.ConvertAll(text.Split(','), s => ParseDouble(s, key, what));
    }

    public static double ParseDouble(string text, string key, string what) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new InvalidDataException($"{what}: the saved entry '{key}' is '{text}', not a number.");

    public static void CheckKind(IReadOnlyDictionary<string, string> metadata, string key, string expected, string what)
    {
        string saved = Require(metadata, key, what);
        if (saved != expected)
        {
            throw new InvalidOperationException($"{what}: the state was saved by {saved}, but this is {expected}.");
        }
    }
}
