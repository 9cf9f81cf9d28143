namespace Taxon.Tuning;

/// <summary>
/// Integers in [<see cref="Low"/>, <see cref="High"/>] on a grid of <see cref="Step"/> from <see cref="Low"/>, or
/// log-uniform (<see cref="Log"/>, step 1 only) (Optuna: <c>IntDistribution</c>).
/// </summary>
public sealed record IntDistribution : ParameterDistribution
{
    /// <summary>Checks and stores the range; <paramref name="high"/> must already lie on the step grid.</summary>
    public IntDistribution(long low, long high, bool log = false, long step = 1)
    {
        if (low > high)
        {
            throw new ArgumentException($"IntDistribution: low={low} must not exceed high={high}.");
        }
        if (step < 1)
        {
            throw new ArgumentException($"IntDistribution: the step must be at least 1, got {step}.");
        }
        if (log && step != 1)
        {
            throw new ArgumentException($"IntDistribution: log=true needs step 1, got step {step}.");
        }
        if (log && low < 1)
        {
            throw new ArgumentException($"IntDistribution: log=true needs low >= 1, got low={low}.");
        }
        Low = low;
        High = high;
        Log = log;
        Step = step;
    }

    /// <summary>The smallest value (included).</summary>
    public long Low { get; }

    /// <summary>The largest value (included).</summary>
    public long High { get; }

    /// <summary>Sample in the log domain.</summary>
    public bool Log { get; }

    /// <summary>The grid spacing from <see cref="Low"/>.</summary>
    public long Step { get; }

    /// <inheritdoc />
    public override bool IsSingle => Low == High || High - Low < Step;

    /// <inheritdoc />
    public override double ToInternal(object? value) => value switch
    {
        int i => i,
        long l => l,
        double d => d,
        float f => f,
        _ => throw new ArgumentException($"IntDistribution: {value ?? "null"} is not an integer."),
    };

    /// <inheritdoc />
    public override object? ToExternal(double internalValue) => (long)Math.Round(internalValue);

    /// <inheritdoc />
    public override bool Contains(double internalValue)
    {
        if (internalValue != Math.Round(internalValue))
        {
            return false;
        }
        return Low <= internalValue && internalValue <= High && ((long)internalValue - Low) % Step == 0;
    }
}
