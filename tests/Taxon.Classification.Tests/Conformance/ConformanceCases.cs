using Taxon.Classification.Models;
using Taxon.Classification.Multiclass;

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
        new("test-softmax", () => new SoftmaxRegressionClassifier()),
        new("ovr(centroid)", () => new OneVsRestClassifier(new CentroidClassifier())),
        new("ovr(softmax)", () => new OneVsRestClassifier(new SoftmaxRegressionClassifier(), new() { MaxParallelism = 1 })),
        new("ovo(centroid)", () => new OneVsOneClassifier(new CentroidClassifier())),
        new("ovo(softmax)", () => new OneVsOneClassifier(new SoftmaxRegressionClassifier())),
        new("ecoc(centroid)", () => new OutputCodeClassifier(new CentroidClassifier(), new() { Seed = 3 })),
        new("ecoc-exhaustive-proba(softmax)", () => new OutputCodeClassifier(new SoftmaxRegressionClassifier(),
            new() { Code = OutputCode.Exhaustive, Decoding = OutputCodeDecoding.Probability })),
    ];

    public static TheoryData<Case> ClassifierData() => [.. Classifiers];
}
