namespace Taxon.Classification.Features;

/// <summary>How <see cref="SplineTransformer"/> treats values beyond the boundary knots (scikit-learn: <c>extrapolation</c>).</summary>
public enum SplineExtrapolation
{
    /// <summary>Throw an <see cref="ArgumentException"/> (scikit-learn: <c>"error"</c>).</summary>
    Error,

    /// <summary>Hold the basis values at the nearest boundary (scikit-learn: <c>"constant"</c>).</summary>
    Constant,

    /// <summary>Continue the boundary splines linearly with their slope there (scikit-learn: <c>"linear"</c>).</summary>
    Linear,

    /// <summary>Evaluate the boundary polynomial pieces beyond the knots (scikit-learn: <c>"continue"</c>).</summary>
    Continue,

    /// <summary>Periodic splines with period = last knot − first knot (scikit-learn: <c>"periodic"</c>), e.g. for hour of day.</summary>
    Periodic,
}
