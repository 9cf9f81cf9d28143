using Taxon.Classification.Features;
using Taxon.Classification.Models;
using Taxon.Classification.Multiclass;
using Taxon.Classification.Multilabel;

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
        new("multinomial-nb", () => new MultinomialNaiveBayes(), NonNegative: true),
        new("bernoulli-nb", () => new BernoulliNaiveBayes(new() { Binarize = 2.5 }), NonNegative: true),
        new("complement-nb", () => new ComplementNaiveBayes(), NonNegative: true),
        new("gaussian-nb", () => new GaussianNaiveBayes()),
        new("knn", () => new KNearestNeighbors()),
        new("knn-distance-manhattan", () => new KNearestNeighbors(new() { Weights = NeighborWeights.Distance, Metric = DistanceMetric.Manhattan })),
        new("knn-cosine", () => new KNearestNeighbors(new() { Metric = DistanceMetric.Cosine })),
        new("mlp", () => new MlpClassifier(new() { HiddenSizes = [16], Epochs = 20, BatchSize = 16, LearningRate = 0.01, Seed = 1 })),
        new("pipeline", () => new Pipeline(
            [new StandardScaler(new() { WithMean = false }), new SplineTransformer(new() { KnotCount = 4, Degree = 2 })],
            new CentroidClassifier())),
        new("logreg", () => new LogisticRegression()),
        new("logreg-l1", () => new LogisticRegression(new LogisticRegressionOptions { Penalty = Penalty.L1 })),
        new("logreg-sgd", () => new LogisticRegression(new LogisticRegressionOptions { Solver = LogisticRegressionSolver.Sgd, MaxIterations = 20 })),
        new("linear-svc", () => new LinearSvc()),
        new("linear-svc-hinge", () => new LinearSvc(new LinearSvcOptions { Loss = LinearSvcLoss.Hinge })),
    ];

    public static TheoryData<Case> ClassifierData() => [.. Classifiers];

    public sealed record MultiLabelCase(string Name, Func<MultiLabelClassifier> Create, bool Sparse = true)
    {
        public override string ToString() => Name;
    }

    public static readonly MultiLabelCase[] MultiLabelClassifiers =
    [
        new("binary-relevance(softmax)", () => new BinaryRelevance(new SoftmaxRegressionClassifier())),
        new("binary-relevance(centroid)", () => new BinaryRelevance(new CentroidClassifier(), new() { MaxParallelism = 1 })),
        new("chain(softmax)", () => new ClassifierChain(new SoftmaxRegressionClassifier())),
        new("chain-random(centroid)", () => new ClassifierChain(new CentroidClassifier(), new() { RandomOrder = true, Seed = 4 })),
        new("ecc(softmax)", () => new EnsembleClassifierChain(new SoftmaxRegressionClassifier(100), new() { ChainCount = 3, Seed = 1 })),
        new("multilabel-network", () => new MultiLabelNetwork(new() { HiddenSizes = [16], Epochs = 60, BatchSize = 32, LearningRate = 0.01, Seed = 2 })),
    ];

    public static TheoryData<MultiLabelCase> MultiLabelData() => [.. MultiLabelClassifiers];
}
