using System.Globalization;
using System.Text.Json.Serialization;

namespace Taxon.Classification.Models;

/// <summary>
/// The settings the count-based naive Bayes estimators share (scikit-learn: <c>alpha</c>, <c>fit_prior</c> and
/// <c>class_prior</c> of <c>MultinomialNB</c>, <c>BernoulliNB</c> and <c>ComplementNB</c>). Immutable; derive
/// variants with <c>with</c>.
/// </summary>
public abstract record DiscreteNaiveBayesOptions
{
    /// <summary>
    /// The smallest smoothing used: a smaller <see cref="Alpha"/> is raised to it so no log probability is
    /// <c>-inf</c> (scikit-learn 1.2 with <c>force_alpha=False</c>, its default behaviour).
    /// </summary>
    public const double MinimumAlpha = 1e-10;

    /// <summary>Additive (Laplace/Lidstone) smoothing added to every feature count (scikit-learn: <c>alpha</c>). Default 1.</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>Whether class priors are learned from the class frequencies; otherwise uniform (scikit-learn: <c>fit_prior</c>). Default true.</summary>
    public bool FitPrior { get; init; } = true;

    /// <summary>Fixed class priors, one per class in class order; when set, <see cref="FitPrior"/> is ignored (scikit-learn: <c>class_prior</c>). Default null.</summary>
    public IReadOnlyList<double>? ClassPrior { get; init; }

    /// <summary>The smoothing in effect: <see cref="Alpha"/>, at least <see cref="MinimumAlpha"/>.</summary>
    [JsonIgnore]
    public double EffectiveAlpha => Math.Max(Alpha, MinimumAlpha);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public virtual void Validate()
    {
        Check(double.IsFinite(Alpha) && Alpha >= 0, string.Create(CultureInfo.InvariantCulture, $"Alpha must be a non-negative number, got {Alpha}."));
        if (ClassPrior is not null)
        {
            foreach (double p in ClassPrior)
            {
                Check(double.IsFinite(p) && p >= 0, string.Create(CultureInfo.InvariantCulture,
                    $"ClassPrior must hold non-negative numbers, got [{string.Join(", ", ClassPrior)}]."));
            }
        }
    }

    /// <summary>Throws an <see cref="ArgumentException"/> prefixed with the options' type when <paramref name="ok"/> is false.</summary>
    protected void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentException($"{GetType().Name}: {message}");
        }
    }

    /// <inheritdoc />
    public virtual bool Equals(DiscreteNaiveBayesOptions? other) =>
        other is not null && EqualityContract == other.EqualityContract && Alpha.Equals(other.Alpha) && FitPrior == other.FitPrior &&
        (ClassPrior is null ? other.ClassPrior is null : other.ClassPrior is not null && ClassPrior.SequenceEqual(other.ClassPrior));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(EqualityContract, Alpha, FitPrior, ClassPrior?.Count ?? -1);
}
