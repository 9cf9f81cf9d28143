using Taxon.Classification.Data;
using Taxon.Classification.Features;
using Taxon.Classification.Models;
using Taxon.Classification.Multiclass;
using Taxon.Classification.Multilabel;

namespace Taxon.Cli;

/// <summary>
/// Turns the command line's model names and overrides into estimators: <c>--model</c> picks the base classifier,
/// <c>--multiclass</c> a decomposition of a multi-class problem into binary ones, <c>--multilabel</c> the multi-label
/// strategy. Numeric features are standardised first for the models that depend on feature scale (logistic
/// regression, linear SVM, k-NN, MLP), as a user of scikit-learn would put a <c>StandardScaler</c> in the pipeline.
/// </summary>
internal sealed record ModelCatalog
{
    /// <summary>The base models <c>--model</c> accepts for tabular data.</summary>
    public static readonly string[] Models = ["logreg", "svm", "nb", "multinomial-nb", "bernoulli-nb", "complement-nb", "gaussian-nb", "knn", "mlp"];

    /// <summary>The decompositions <c>--multiclass</c> accepts.</summary>
    public static readonly string[] Multiclass = ["ovr", "ovo", "ecoc"];

    /// <summary>The strategies <c>--multilabel</c> accepts.</summary>
    public static readonly string[] Multilabel = ["br", "chain", "ensemble-chain", "net"];

    /// <summary>The model used when <c>--model</c> is not given.</summary>
    public const string DefaultModel = "logreg";

    /// <summary>The multi-label strategy used when <c>--multilabel</c> is not given.</summary>
    public const string DefaultMultilabel = "br";

    public double? C { get; init; }

    public double? Alpha { get; init; }

    public int? Neighbors { get; init; }

    public int? Epochs { get; init; }

    public int? BatchSize { get; init; }

    public double? LearningRate { get; init; }

    public ulong Seed { get; init; }

    /// <summary>Networks: the share of the training data held out to score each epoch (tuning prunes on it); null for none.</summary>
    public double? ValidationFraction { get; init; }

    /// <summary>Networks: hears each mini-batch and epoch (tuning reports per-epoch validation scores from it).</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>Linear SVM: the loss (<c>--tune</c> searches it); null for the default squared hinge.</summary>
    public LinearSvcLoss? SvmLoss { get; init; }

    /// <summary>k-NN: the vote weighting; null for uniform.</summary>
    public NeighborWeights? KnnWeights { get; init; }

    /// <summary>Networks: the hidden layer width; null for 100.</summary>
    public int? HiddenSize { get; init; }

    /// <summary><c>--scale</c>: auto (standardise for scale-sensitive models), standard, minmax or none.</summary>
    public string Scale { get; init; } = "auto";

    /// <summary>Checks a name against a list, with a message naming the option and the choices.</summary>
    public static string Check(string option, string value, string[] choices) =>
        Array.IndexOf(choices, value) >= 0 ? value
            : throw new ArgumentException($"{option}: '{value}' is not one of {string.Join(", ", choices)}.");

    /// <summary>The single-label estimator for <paramref name="model"/>, wrapped by <paramref name="multiclass"/> when given.</summary>
    public Classifier SingleLabel(string model, string? multiclass, FeatureMatrix features)
    {
        Classifier estimator = Scaled(model, Base(model, features), features);
        return multiclass switch
        {
            null => estimator,
            "ovr" => new OneVsRestClassifier(estimator),
            "ovo" => new OneVsOneClassifier(estimator),
            "ecoc" => new OutputCodeClassifier(estimator, new OutputCodeClassifierOptions { Seed = Seed }),
            _ => throw new ArgumentException($"--multiclass: '{multiclass}' is not one of {string.Join(", ", Multiclass)}."),
        };
    }

    /// <summary>The multi-label estimator: <paramref name="strategy"/> over the base <paramref name="model"/> (the network ignores it).</summary>
    public MultiLabelClassifier MultiLabel(string strategy, string model, FeatureMatrix features)
    {
        if (strategy == "net")
        {
            var defaults = new MultiLabelNetworkOptions();
            return new MultiLabelNetwork(defaults with
            {
                Epochs = Epochs ?? defaults.Epochs,
                BatchSize = BatchSize ?? defaults.BatchSize,
                LearningRate = LearningRate ?? defaults.LearningRate,
                Seed = Seed,
            });
        }
        Classifier estimator = Scaled(model, Base(model, features), features);
        return strategy switch
        {
            "br" => new BinaryRelevance(estimator),
            "chain" => new ClassifierChain(estimator),
            "ensemble-chain" => new EnsembleClassifierChain(estimator, new EnsembleClassifierChainOptions { Seed = Seed }),
            _ => throw new ArgumentException($"--multilabel: '{strategy}' is not one of {string.Join(", ", Multilabel)}."),
        };
    }

    /// <summary>The classifier for non-negative sparse text features (TF-IDF), unscaled; <c>nb</c> is multinomial naive Bayes.</summary>
    public Classifier ForText(string model) => model switch
    {
        "nb" => Base("multinomial-nb", null),
        "knn" => new KNearestNeighbors(new KNearestNeighborsOptions { Neighbors = Neighbors ?? 5, Weights = KnnWeights ?? NeighborWeights.Uniform, Metric = DistanceMetric.Cosine }),
        _ => Base(model, null),
    };

    private Classifier Base(string model, FeatureMatrix? features) => model switch
    {
        "logreg" => new LogisticRegression(new LogisticRegressionOptions { C = C ?? 1.0, Seed = Seed }),
        "svm" => new LinearSvc(new LinearSvcOptions { C = C ?? 1.0, Loss = SvmLoss ?? LinearSvcLoss.SquaredHinge, Seed = Seed }),
        "nb" => HasNegative(features!) ? new GaussianNaiveBayes() : new MultinomialNaiveBayes(new MultinomialNaiveBayesOptions { Alpha = Alpha ?? 1.0 }),
        "multinomial-nb" => new MultinomialNaiveBayes(new MultinomialNaiveBayesOptions { Alpha = Alpha ?? 1.0 }),
        "bernoulli-nb" => new BernoulliNaiveBayes(new BernoulliNaiveBayesOptions { Alpha = Alpha ?? 1.0 }),
        "complement-nb" => new ComplementNaiveBayes(new ComplementNaiveBayesOptions { Alpha = Alpha ?? 1.0 }),
        "gaussian-nb" => new GaussianNaiveBayes(),
        "knn" => new KNearestNeighbors(new KNearestNeighborsOptions { Neighbors = Neighbors ?? 5, Weights = KnnWeights ?? NeighborWeights.Uniform }),
        "mlp" => new MlpClassifier(Network(new MlpClassifierOptions { HiddenSizes = [HiddenSize ?? 100] })).WithProgress(Progress),
        _ => throw new ArgumentException($"--model: '{model}' is not one of {string.Join(", ", Models)} (mlp and cnn also train on IDX images)."),
    };

    private MlpClassifierOptions Network(MlpClassifierOptions defaults) => defaults with
    {
        Epochs = Epochs ?? defaults.Epochs,
        BatchSize = BatchSize ?? defaults.BatchSize,
        LearningRate = LearningRate ?? defaults.LearningRate,
        ValidationFraction = ValidationFraction ?? defaults.ValidationFraction,
        Seed = Seed,
    };

    private Classifier Scaled(string model, Classifier estimator, FeatureMatrix features)
    {
        string scale = Scale == "auto" ? (model is "logreg" or "svm" or "knn" or "mlp" ? "standard" : "none") : Scale;
        Transformer? step = scale switch
        {
            "none" => null,
            // Centring would turn sparse data dense; scikit-learn refuses it for the same reason.
            "standard" => new StandardScaler(new StandardScalerOptions { WithMean = !features.IsSparse }),
            "minmax" => features.IsSparse
                ? throw new ArgumentException("--scale minmax: min-max scaling would make sparse features dense; use --scale standard or none.")
                : new MinMaxScaler(),
            _ => throw new ArgumentException($"--scale: '{Scale}' is not one of auto, standard, minmax, none."),
        };
        return step is null ? estimator : new Pipeline([step], estimator);
    }

    private static bool HasNegative(FeatureMatrix features)
    {
        for (int i = 0; i < features.Rows; i++)
        {
            foreach (float v in features.Row(i).Values)
            {
                if (v < 0)
                {
                    return true;
                }
            }
        }
        return false;
    }
}
