using Taxon.Classification.Models;

namespace Taxon.Classification.Tests.Conformance;

/// <summary>
/// Every estimator Taxon ships, as the conformance suites run them. Add a line here for each new estimator:
/// a name, a factory (small options so the suite stays fast), whether it takes sparse input, and whether its
/// features must be non-negative (naive Bayes).
/// </summary>
public static class ConformanceCases
{
    public sealed record Case(string Name, Func<Classifier> Create, bool Sparse = true, bool NonNegative = false)
    {
        public override string ToString() => Name;
    }

    public static readonly Case[] Classifiers =
    [
        new("test-centroid", () => new CentroidClassifier()),
        new("multinomial-nb", () => new MultinomialNaiveBayes(), NonNegative: true),
        new("bernoulli-nb", () => new BernoulliNaiveBayes(new() { Binarize = 2.5 }), NonNegative: true),
        new("complement-nb", () => new ComplementNaiveBayes(), NonNegative: true),
        new("gaussian-nb", () => new GaussianNaiveBayes()),
        new("knn", () => new KNearestNeighbors()),
        new("knn-distance-manhattan", () => new KNearestNeighbors(new() { Weights = NeighborWeights.Distance, Metric = DistanceMetric.Manhattan })),
        new("knn-cosine", () => new KNearestNeighbors(new() { Metric = DistanceMetric.Cosine })),
        new("mlp", () => new MlpClassifier(new() { HiddenSizes = [16], Epochs = 20, BatchSize = 16, LearningRate = 0.01, Seed = 1 })),
    ];

    public static TheoryData<Case> ClassifierData() => [.. Classifiers];
}
