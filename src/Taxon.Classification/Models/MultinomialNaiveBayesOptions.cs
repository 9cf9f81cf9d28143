namespace Taxon.Classification.Models;

/// <summary>
/// Hyperparameters of <see cref="MultinomialNaiveBayes"/> (scikit-learn: <c>MultinomialNB(alpha=1.0, fit_prior=True, class_prior=None)</c>).
/// </summary>
public sealed record MultinomialNaiveBayesOptions : DiscreteNaiveBayesOptions;
