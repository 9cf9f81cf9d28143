using Taxon.Classification.Features;
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
        new("pipeline", () => new Pipeline(
            [new StandardScaler(new() { WithMean = false }), new SplineTransformer(new() { KnotCount = 4, Degree = 2 })],
            new CentroidClassifier())),
    ];

    public static TheoryData<Case> ClassifierData() => [.. Classifiers];
}
