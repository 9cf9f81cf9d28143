using System.CommandLine.Parsing;
using System.Globalization;

namespace Taxon.Cli;

/// <summary>Custom parsers for numeric options, so a bad value gets a message naming the option and the accepted range.</summary>
internal static class OptionParsing
{
    /// <summary>An integer of at least <paramref name="min"/>.</summary>
    public static int Int(ArgumentResult result, string name, int min = 1)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < min)
        {
            result.AddError($"{name} must be a whole number of at least {min}, got '{text}'.");
        }
        return value;
    }

    /// <summary>A finite number greater than zero.</summary>
    public static double Positive(ArgumentResult result, string name)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value <= 0)
        {
            result.AddError($"{name} must be a positive number, got '{text}'.");
        }
        return value;
    }

    /// <summary>A fraction in [0, 1).</summary>
    public static double Fraction(ArgumentResult result, string name)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value >= 0 && value < 1))
        {
            result.AddError($"{name} must be a number in [0, 1), got '{text}'.");
        }
        return value;
    }

    /// <summary>A non-negative 64-bit seed.</summary>
    public static ulong Seed(ArgumentResult result, string name)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
        {
            result.AddError($"{name} must be a whole number from 0 to {ulong.MaxValue}, got '{text}'.");
        }
        return value;
    }

    /// <summary>Comma-separated integers of at least <paramref name="min"/>, e.g. <c>128,32</c>.</summary>
    public static int[] IntList(ArgumentResult result, string name, int min = 1)
    {
        var values = new List<int>();
        foreach (var token in result.Tokens)
        {
            foreach (string part in token.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < min)
                {
                    result.AddError($"{name}: '{part}' is not a whole number of at least {min}.");
                    return [];
                }
                values.Add(n);
            }
        }
        if (values.Count == 0)
        {
            result.AddError($"{name} needs at least one value, e.g. {name} 128,32.");
        }
        return [.. values];
    }
}
