using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Cli;

/// <summary>
/// A model kind and the command line's overrides of its defaults; <see cref="Fit"/> builds the estimator and trains
/// it. <c>taxon train</c> and <c>taxon bench</c> share it, so both train the same way.
/// </summary>
internal sealed record TrainingRecipe(string Kind)
{
    /// <summary>The kinds <c>--model</c> accepts.</summary>
    public static readonly string[] Kinds = ["mlp", "cnn"];

    public int? Epochs { get; init; }

    public int? BatchSize { get; init; }

    public double? LearningRate { get; init; }

    public ulong Seed { get; init; }

    public double? ValidationFraction { get; init; }

    public int? Patience { get; init; }

    /// <summary>The options the estimator will get.</summary>
    public NeuralNetworkOptions Options => Kind switch
    {
        "mlp" => Apply(new MlpClassifierOptions()),
        "cnn" => Apply(new CnnClassifierOptions()),
        _ => throw new ArgumentException($"--model: '{Kind}' is not a model kind; use one of {string.Join(", ", Kinds)}."),
    };

    public NetworkModel Fit(Dataset train, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken = default) => Options switch
    {
        MlpClassifierOptions o => new MlpClassifier(o).Fit(train, progress, cancellationToken),
        CnnClassifierOptions o => new CnnClassifier(o).Fit(train, progress, cancellationToken),
        _ => throw new InvalidOperationException($"No estimator for {Kind}."),
    };

    private NeuralNetworkOptions Apply(NeuralNetworkOptions defaults) => defaults with
        {
            Epochs = Epochs ?? defaults.Epochs,
            BatchSize = BatchSize ?? defaults.BatchSize,
            LearningRate = LearningRate ?? defaults.LearningRate,
            Seed = Seed,
            EarlyStopping = Patience is not null,
            Patience = Patience ?? defaults.Patience,
            ValidationFraction = ValidationFraction ?? defaults.ValidationFraction,
        };
}
