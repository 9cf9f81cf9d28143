using System.Globalization;

namespace Taxon.Tuning;

/// <summary>
/// Floats in [<see cref="Low"/>, <see cref="High"/>], uniform, log-uniform (<see cref="Log"/>) or on a grid of
/// <see cref="Step"/> (Optuna: <c>FloatDistribution</c>). Log and step exclude each other.
/// </summary>
public sealed record FloatDistribution : ParameterDistribution
{
    /// <summary>Checks and stores the range; <paramref name="high"/> must already be a multiple of the step from <paramref name="low"/>.</summary>
    public FloatDistribution(double low, double high, bool log = false, double? step = null)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high))
        {
            throw new ArgumentException($"FloatDistribution: the bounds must be finite, got low={Format(low)}, high={Format(high)}.");
        }
        if (low > high)
        {
            throw new ArgumentException($"FloatDistribution: low={Format(low)} must not exceed high={Format(high)}.");
        }
        if (log && step is not null)
        {
            throw new ArgumentException("FloatDistribution: a step cannot be used with log=true.");
        }
        if (log && low <= 0)
        {
            throw new ArgumentException($"FloatDistribution: log=true needs low > 0, got low={Format(low)}.");
        }
        if (step is { } s && !(s > 0 && double.IsFinite(s)))
        {
            throw new ArgumentException($"FloatDistribution: the step must be positive, got {Format(s)}.");
        }
        Low = low;
        High = high;
        Log = log;
        Step = step;
    }

    /// <summary>The smallest value (included).</summary>
    public double Low { get; }

    /// <summary>The largest value (included).</summary>
    public double High { get; }

    /// <summary>Sample in the log domain.</summary>
    public bool Log { get; }

    /// <summary>The grid spacing from <see cref="Low"/>, or null for a continuous range.</summary>
    public double? Step { get; }

    /// <inheritdoc />
    public override bool IsSingle
    {
        get
        {
            if (Low == High)
            {
                return true;
            }
            // A grid whose step is wider than the range holds only Low.
            return Step is { } s && (decimal)(High - Low) < (decimal)s;
        }
    }

    /// <inheritdoc />
    public override double ToInternal(object? value) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        decimal m => (double)m,
        _ => throw new ArgumentException($"FloatDistribution: {value ?? "null"} is not a number."),
    };

    /// <inheritdoc />
    public override object? ToExternal(double internalValue) => internalValue;

    /// <inheritdoc />
    public override bool Contains(double internalValue)
    {
        if (Step is { } s)
        {
            double k = (internalValue - Low) / s;
            return Low <= internalValue && internalValue <= High && Math.Abs(k - Math.Round(k)) < 1e-8;
        }
        return Low <= internalValue && internalValue <= High;
    }

    /// <summary>
    /// The largest grid point not above <paramref name="high"/>: Optuna shrinks a range that the step does not divide.
    /// Decimal arithmetic keeps 0.1-style steps exact.
    /// </summary>
    internal static double AdjustHighToStep(double low, double high, double step)
    {
        decimal l = (decimal)low, h = (decimal)high, s = (decimal)step;
        decimal r = h - l;
        if (r % s == 0)
        {
            return high;
        }
        return (double)(Math.Floor(r / s) * s + l);
    }

    private static string Format(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
