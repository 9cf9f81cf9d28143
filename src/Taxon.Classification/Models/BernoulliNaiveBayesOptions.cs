using System.Globalization;

namespace Taxon.Classification.Models;

/// <summary>
/// Hyperparameters of <see cref="BernoulliNaiveBayes"/> (scikit-learn: <c>BernoulliNB(alpha=1.0, binarize=0.0, fit_prior=True, class_prior=None)</c>).
/// </summary>
public sealed record BernoulliNaiveBayesOptions : DiscreteNaiveBayesOptions
{
    /// <summary>
    /// The threshold above which a feature counts as present (1) and otherwise absent (0) (scikit-learn:
    /// <c>binarize</c>). Default 0. Null takes the features as already binary and uses their values as they are.
    /// </summary>
    public double? Binarize { get; init; } = 0.0;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Check(Binarize is null || double.IsFinite(Binarize.Value), string.Create(CultureInfo.InvariantCulture, $"Binarize must be a finite threshold or null, got {Binarize}."));
    }

    /// <inheritdoc />
    public bool Equals(BernoulliNaiveBayesOptions? other) => base.Equals(other) && Binarize == other!.Binarize;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Binarize);
}
