namespace Taxon.Classification.Features;

/// <summary>Where <see cref="SplineTransformer"/> puts its knots (scikit-learn: <c>knots</c>).</summary>
public enum KnotPlacement
{
    /// <summary>Evenly from each column's minimum to its maximum (scikit-learn: <c>"uniform"</c>).</summary>
    Uniform,

    /// <summary>At evenly spaced quantiles of each column (scikit-learn: <c>"quantile"</c>, NumPy's linear percentiles).</summary>
    Quantile,
}
