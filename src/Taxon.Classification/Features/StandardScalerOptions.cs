namespace Taxon.Classification.Features;

/// <summary>Settings of <see cref="StandardScaler"/>; defaults are scikit-learn's.</summary>
public sealed record StandardScalerOptions
{
    /// <summary>Subtract each column's mean (scikit-learn: <c>with_mean=True</c>). Sparse input cannot be centred without losing its sparsity, so it needs false.</summary>
    public bool WithMean { get; init; } = true;

    /// <summary>Divide each column by its standard deviation (scikit-learn: <c>with_std=True</c>).</summary>
    public bool WithStd { get; init; } = true;

    /// <summary>Nothing to check: every combination is valid; kept so every options record has one.</summary>
    public void Validate()
    {
    }
}
