namespace Taxon.Classification.Models;

/// <summary>The regularisation term of a linear model (scikit-learn: <c>penalty</c>). The intercept is never penalised.</summary>
public enum Penalty
{
    /// <summary>½‖w‖² (scikit-learn: <c>'l2'</c>).</summary>
    L2,

    /// <summary>‖w‖₁, which sets some weights to exactly zero (scikit-learn: <c>'l1'</c>).</summary>
    L1,

    /// <summary>No penalty (scikit-learn: <c>None</c>); the weights grow without bound on separable data, until the iteration limit.</summary>
    None,
}
