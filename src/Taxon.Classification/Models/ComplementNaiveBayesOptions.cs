namespace Taxon.Classification.Models;

/// <summary>
/// Hyperparameters of <see cref="ComplementNaiveBayes"/> (scikit-learn: <c>ComplementNB(alpha=1.0, fit_prior=True, class_prior=None, norm=False)</c>).
/// The class prior is only used when the training data has a single class, as in scikit-learn.
/// </summary>
public sealed record ComplementNaiveBayesOptions : DiscreteNaiveBayesOptions
{
    /// <summary>Whether the complement weights are normalised by their sum per class (scikit-learn: <c>norm</c>; Rennie et al. 2003, §3.2). Default false.</summary>
    public bool Norm { get; init; }

    /// <inheritdoc />
    public bool Equals(ComplementNaiveBayesOptions? other) => base.Equals(other) && Norm == other!.Norm;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Norm);
}
