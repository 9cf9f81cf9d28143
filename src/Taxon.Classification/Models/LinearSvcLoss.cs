namespace Taxon.Classification.Models;

/// <summary>The loss <see cref="LinearSvc"/> minimises (scikit-learn: <c>LinearSVC(loss=...)</c>).</summary>
public enum LinearSvcLoss
{
    /// <summary>max(0, 1 − y·f(x))², differentiable (scikit-learn: <c>'squared_hinge'</c>, the default).</summary>
    SquaredHinge,

    /// <summary>max(0, 1 − y·f(x)), the standard SVM loss (scikit-learn: <c>'hinge'</c>).</summary>
    Hinge,
}
