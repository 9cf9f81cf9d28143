using System.Globalization;

namespace Taxon.NN;

/// <summary>Values spelled as Python's <c>repr</c> spells them, for <see cref="Module.ToString"/> to print like PyTorch.</summary>
internal static class PythonRepr
{
    /// <summary>The shortest round-trip form, Python style: <c>1e-05</c>, <c>0.1</c>, <c>1.0</c>.</summary>
    public static string Float(float value)
    {
        if (float.IsNaN(value))
        {
            return "nan";
        }
        if (float.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }
        string s = value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
        return s.Contains('.', StringComparison.Ordinal) || s.Contains('e', StringComparison.Ordinal) ? s : s + ".0";
    }

    /// <summary>A nullable float; <c>None</c> for null.</summary>
    public static string Float(float? value) => value is { } v ? Float(v) : "None";

    /// <summary>A tuple of integers: <c>(4,)</c>, <c>(3, 4)</c>.</summary>
    public static string Tuple(IReadOnlyList<int> values) =>
        values.Count == 1 ? $"({values[0].ToString(CultureInfo.InvariantCulture)},)" : "(" + string.Join(", ", values) + ")";
}
