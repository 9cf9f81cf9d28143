using System.Globalization;

namespace Taxon.Tuning;

/// <summary>
/// One of a list of choices (Optuna: <c>CategoricalDistribution</c>). Choices are null, booleans, strings, integers
/// (stored as <see cref="long"/>) or floats (stored as <see cref="double"/>), the types a journal can hold; the
/// internal representation is the index of the choice.
/// </summary>
public sealed record CategoricalDistribution : ParameterDistribution
{
    private readonly object?[] _choices;

    /// <summary>Checks and stores the choices; integers are widened to long and floats to double.</summary>
    public CategoricalDistribution(IEnumerable<object?> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        _choices = [.. choices.Select(Normalise)];
        if (_choices.Length == 0)
        {
            throw new ArgumentException("CategoricalDistribution: at least one choice is needed.", nameof(choices));
        }
    }

    /// <summary>The choices, in order.</summary>
    public IReadOnlyList<object?> Choices => _choices;

    /// <inheritdoc />
    public override bool IsSingle => _choices.Length == 1;

    /// <inheritdoc />
    public override double ToInternal(object? value)
    {
        object? v = Normalise(value);
        for (int i = 0; i < _choices.Length; i++)
        {
            if (ChoiceEquals(_choices[i], v))
            {
                return i;
            }
        }
        throw new ArgumentException($"CategoricalDistribution: {Describe(value)} is not one of the choices [{string.Join(", ", _choices.Select(Describe))}].");
    }

    /// <inheritdoc />
    public override object? ToExternal(double internalValue) => _choices[(int)internalValue];

    /// <inheritdoc />
    public override bool Contains(double internalValue) =>
        internalValue == Math.Round(internalValue) && internalValue >= 0 && internalValue < _choices.Length;

    /// <inheritdoc />
    public bool Equals(CategoricalDistribution? other)
    {
        if (other is null || other._choices.Length != _choices.Length)
        {
            return false;
        }
        for (int i = 0; i < _choices.Length; i++)
        {
            if (!ChoiceEquals(_choices[i], other._choices[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <inheritdoc />
    public override int GetHashCode() => _choices.Length;

    /// <summary>Maps a choice to the type the journal reads back, so that a loaded study compares equal.</summary>
    internal static object? Normalise(object? value) => value switch
    {
        null or bool or string or long or double => value,
        int i => (long)i,
        short s => (long)s,
        byte b => (long)b,
        float f => (double)f,
        decimal m => (double)m,
        Enum e => e.ToString(),
        _ => throw new ArgumentException($"CategoricalDistribution: a choice must be null, a boolean, a string or a number (got {value.GetType().Name}); use its name or index instead."),
    };

    internal static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // NaN equals NaN here, as Optuna compares choices, so a NaN choice can be found again.
    private static bool ChoiceEquals(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (double x, double y) => x.Equals(y),
        (long x, double y) => x == y,
        (double x, long y) => x == y,
        _ => Equals(a, b),
    };
}
