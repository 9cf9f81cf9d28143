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
        new("logreg", () => new LogisticRegression()),
        new("logreg-l1", () => new LogisticRegression(new LogisticRegressionOptions { Penalty = Penalty.L1 })),
        new("logreg-sgd", () => new LogisticRegression(new LogisticRegressionOptions { Solver = LogisticRegressionSolver.Sgd, MaxIterations = 20 })),
        new("linear-svc", () => new LinearSvc()),
        new("linear-svc-hinge", () => new LinearSvc(new LinearSvcOptions { Loss = LinearSvcLoss.Hinge })),
    ];

    public static TheoryData<Case> ClassifierData() => [.. Classifiers];
}
