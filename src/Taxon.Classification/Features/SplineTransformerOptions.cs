namespace Taxon.Classification.Features;

/// <summary>Settings of <see cref="SplineTransformer"/>; defaults are scikit-learn's.</summary>
public sealed record SplineTransformerOptions
{
    /// <summary>The number of knots per column, boundary knots included (scikit-learn: <c>n_knots=5</c>); at least 2.</summary>
    public int KnotCount { get; init; } = 5;

    /// <summary>The polynomial degree of the splines (scikit-learn: <c>degree=3</c>, cubic); at least 0.</summary>
    public int Degree { get; init; } = 3;

    /// <summary>Where the knots go (scikit-learn: <c>knots="uniform"</c>).</summary>
    public KnotPlacement Knots { get; init; } = KnotPlacement.Uniform;

    /// <summary>What values beyond the boundary knots give (scikit-learn: <c>extrapolation="constant"</c>).</summary>
    public SplineExtrapolation Extrapolation { get; init; } = SplineExtrapolation.Constant;

    /// <summary>
    /// Keep every spline of a column (scikit-learn: <c>include_bias=True</c>); false drops each column's last spline,
    /// whose sum with the others is the constant 1 that a model's intercept already provides.
    /// </summary>
    public bool IncludeBias { get; init; } = true;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (KnotCount < 2)
        {
            throw new ArgumentException($"SplineTransformerOptions.KnotCount: {KnotCount} is below 2.");
        }
        if (Degree < 0)
        {
            throw new ArgumentException($"SplineTransformerOptions.Degree: {Degree} is negative.");
        }
        if (!Enum.IsDefined(Knots))
        {
            throw new ArgumentException($"SplineTransformerOptions.Knots: {Knots} is not a valid choice.");
        }
        if (!Enum.IsDefined(Extrapolation))
        {
            throw new ArgumentException($"SplineTransformerOptions.Extrapolation: {Extrapolation} is not a valid choice.");
        }
        if (Extrapolation == SplineExtrapolation.Periodic && KnotCount <= Degree)
        {
            throw new ArgumentException($"SplineTransformerOptions.KnotCount: periodic splines need more knots than the degree; got {KnotCount} knots and degree {Degree}.");
        }
    }

    /// <summary>The number of splines per input column: KnotCount + Degree − 1, or KnotCount − 1 for periodic splines (before <see cref="IncludeBias"/> drops one).</summary>
    public int SplineCount => Extrapolation == SplineExtrapolation.Periodic ? KnotCount - 1 : KnotCount + Degree - 1;
}
