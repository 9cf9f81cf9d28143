namespace Taxon.Tuning;

/// <summary>
/// The range a parameter was drawn from (Optuna: <c>BaseDistribution</c>). Samplers work on the internal
/// representation, a double: the value itself for floats and integers, the index of the choice for categoricals.
/// </summary>
public abstract record ParameterDistribution
{
    private protected ParameterDistribution()
    {
    }

    /// <summary>True when only one value is possible (Optuna: <c>single()</c>).</summary>
    public abstract bool IsSingle { get; }

    /// <summary>Converts a parameter value to the internal representation (Optuna: <c>to_internal_repr</c>).</summary>
    public abstract double ToInternal(object? value);

    /// <summary>Converts an internal representation back to the parameter value (Optuna: <c>to_external_repr</c>).</summary>
    public abstract object? ToExternal(double internalValue);

    /// <summary>True when <paramref name="internalValue"/> lies in the distribution (Optuna: <c>_contains</c>).</summary>
    public abstract bool Contains(double internalValue);

    /// <summary>
    /// True when a parameter may be suggested with this distribution after an earlier trial used <paramref name="other"/>:
    /// the same kind, and for categoricals the same choices (Optuna: <c>check_distribution_compatibility</c>).
    /// </summary>
    public bool IsCompatibleWith(ParameterDistribution other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return (this, other) switch
        {
            (CategoricalDistribution a, CategoricalDistribution b) => a.Equals(b),
            (FloatDistribution a, FloatDistribution b) => a.Log == b.Log,
            (IntDistribution a, IntDistribution b) => a.Log == b.Log,
            _ => false,
        };
    }
}
