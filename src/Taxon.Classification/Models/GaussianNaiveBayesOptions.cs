using System.Globalization;

namespace Taxon.Classification.Models;

/// <summary>Hyperparameters of <see cref="GaussianNaiveBayes"/> (scikit-learn: <c>GaussianNB(priors=None, var_smoothing=1e-9)</c>).</summary>
public sealed record GaussianNaiveBayesOptions
{
    /// <summary>
    /// The share of the largest feature variance added to every variance, for numerical stability (scikit-learn:
    /// <c>var_smoothing</c>). Default 1e-9.
    /// </summary>
    public double VarSmoothing { get; init; } = 1e-9;

    /// <summary>Fixed class priors, one per class in class order, summing to 1 (scikit-learn: <c>priors</c>). Default null: the class frequencies.</summary>
    public IReadOnlyList<double>? Priors { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!double.IsFinite(VarSmoothing) || VarSmoothing < 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"GaussianNaiveBayesOptions: VarSmoothing must be a non-negative number, got {VarSmoothing}."));
        }
        if (Priors is null)
        {
            return;
        }
        double sum = 0;
        foreach (double p in Priors)
        {
            if (!double.IsFinite(p) || p < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"GaussianNaiveBayesOptions: Priors must hold non-negative numbers, got [{string.Join(", ", Priors)}]."));
            }
            sum += p;
        }
        // scikit-learn's own tolerance for "sums to 1".
        if (Math.Abs(sum - 1) > 1e-8)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"GaussianNaiveBayesOptions: Priors must sum to 1, got {sum}."));
        }
    }

    /// <inheritdoc />
    public bool Equals(GaussianNaiveBayesOptions? other) =>
        other is not null && VarSmoothing.Equals(other.VarSmoothing) &&
        (Priors is null ? other.Priors is null : other.Priors is not null && Priors.SequenceEqual(other.Priors));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(VarSmoothing, Priors?.Count ?? -1);
}
