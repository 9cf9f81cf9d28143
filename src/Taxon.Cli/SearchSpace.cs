using Taxon.Classification.Models;
using Taxon.Tuning;

namespace Taxon.Cli;

/// <summary>
/// Each model's default search space for <c>taxon tune</c>: the hyperparameters that matter most, on the scales
/// they act on (regularisation and learning rates log-uniform, as in scikit-learn's and Optuna's examples).
/// </summary>
internal static class SearchSpace
{
    /// <summary>The catalogue <paramref name="baseline"/> with the trial's suggestions for <paramref name="model"/>.</summary>
    public static ModelCatalog Suggest(Trial trial, string model, ModelCatalog baseline) => model switch
    {
        "logreg" => baseline with { C = trial.SuggestFloat("c", 1e-3, 1e3, log: true) },
        "svm" => baseline with
        {
            C = trial.SuggestFloat("c", 1e-3, 1e2, log: true),
            SvmLoss = trial.SuggestCategorical("loss", ["squared_hinge", "hinge"]) == "hinge" ? LinearSvcLoss.Hinge : LinearSvcLoss.SquaredHinge,
        },
        "nb" or "multinomial-nb" or "bernoulli-nb" or "complement-nb" => baseline with { Alpha = trial.SuggestFloat("alpha", 1e-3, 10, log: true) },
        "gaussian-nb" => baseline,
        "knn" => baseline with
        {
            Neighbors = trial.SuggestInt("neighbors", 1, 50, log: true),
            KnnWeights = trial.SuggestCategorical("weights", ["uniform", "distance"]) == "distance" ? NeighborWeights.Distance : NeighborWeights.Uniform,
        },
        "mlp" => baseline with
        {
            LearningRate = trial.SuggestFloat("lr", 1e-4, 1e-1, log: true),
            HiddenSize = trial.SuggestInt("hidden", 16, 512, log: true),
            BatchSize = trial.SuggestCategorical("batch_size", [32, 64, 128, 256]),
        },
        _ => throw new ArgumentException($"--model: '{model}' has no search space; tune one of {string.Join(", ", ModelCatalog.Models)}."),
    };

    /// <summary>The catalogue of a finished trial's parameters (for refitting the best one).</summary>
    public static ModelCatalog Apply(IReadOnlyDictionary<string, object?> p, string model, ModelCatalog baseline)
    {
        double? Number(string name) => p.TryGetValue(name, out object? v) && v is not null ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : null;
        string? Text(string name) => p.TryGetValue(name, out object? v) ? v?.ToString() : null;
        return baseline with
        {
            C = Number("c") ?? baseline.C,
            Alpha = Number("alpha") ?? baseline.Alpha,
            Neighbors = Number("neighbors") is double k ? (int)k : baseline.Neighbors,
            LearningRate = Number("lr") ?? baseline.LearningRate,
            HiddenSize = Number("hidden") is double h ? (int)h : baseline.HiddenSize,
            BatchSize = Number("batch_size") is double b ? (int)b : baseline.BatchSize,
            SvmLoss = Text("loss") switch { "hinge" => LinearSvcLoss.Hinge, "squared_hinge" => LinearSvcLoss.SquaredHinge, _ => baseline.SvmLoss },
            KnnWeights = Text("weights") switch { "distance" => NeighborWeights.Distance, "uniform" => NeighborWeights.Uniform, _ => baseline.KnnWeights },
        };
    }
}
