namespace Taxon.Classification.Features;

/// <summary>Settings of <see cref="MinMaxScaler"/>; defaults are scikit-learn's.</summary>
public sealed record MinMaxScalerOptions
{
    /// <summary>The value the training minimum maps to (scikit-learn: <c>feature_range[0]</c>, default 0).</summary>
    public double RangeMin { get; init; }

    /// <summary>The value the training maximum maps to (scikit-learn: <c>feature_range[1]</c>, default 1).</summary>
    public double RangeMax { get; init; } = 1;

    /// <summary>Clip transformed values to the range, for samples beyond the training extremes (scikit-learn: <c>clip=False</c>).</summary>
    public bool Clip { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> unless RangeMin &lt; RangeMax, both finite.</summary>
    public void Validate()
    {
        if (!double.IsFinite(RangeMin) || !double.IsFinite(RangeMax) || !(RangeMin < RangeMax))
        {
            throw new ArgumentException($"MinMaxScalerOptions.RangeMin/RangeMax: ({RangeMin}, {RangeMax}) is not a range; the minimum must be below the maximum.");
        }
    }
}
