using Taxon.Classification.Data;
using Taxon.NN;

namespace Taxon.Classification.Models;

/// <summary>
/// A multi-layer perceptron classifier trained with mini-batch Adam on cross-entropy (scikit-learn:
/// <c>MLPClassifier</c>; PyTorch: an <c>nn.Sequential</c> of <c>Linear</c> and activations). Samples of any shape are
/// flattened. The estimator only holds options; <c>Fit</c> returns the fitted model: an <see cref="MlpModel"/> for
/// <see cref="LabeledData"/> (string labels, dense or sparse features, densified one mini-batch at a time), an
/// <see cref="MlpClassifierModel"/> for a fixed-shape <see cref="Dataset"/> (the image path).
/// </summary>
public sealed class MlpClassifier : Classifier
{
    /// <summary>Creates the estimator; invalid options throw <see cref="ArgumentException"/> here rather than in <see cref="Fit"/>.</summary>
    public MlpClassifier(MlpClassifierOptions? options = null)
    {
        Options = options ?? new MlpClassifierOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters (scikit-learn: <c>get_params()</c>).</summary>
    public MlpClassifierOptions Options { get; }

    /// <summary>Hears about every mini-batch and epoch of <c>Fit(LabeledData)</c>, on the training thread; null for none.</summary>
    public IProgress<TrainingProgress>? Progress { get; private init; }

    /// <summary>
    /// The same estimator reporting training progress to <paramref name="progress"/> (e.g. per-epoch validation
    /// scores for a tuning pruner), also when it is wrapped in a pipeline or a meta-estimator.
    /// </summary>
    public MlpClassifier WithProgress(IProgress<TrainingProgress>? progress) => new(Options) { Progress = progress };

    /// <inheritdoc />
    public override string Name => "mlp";

    /// <inheritdoc />
    protected override ClassifierModel FitCore(FeatureMatrix x, int[] y, IReadOnlyList<string> classes, CancellationToken cancellationToken)
    {
        // The same steps, in the same order, as the Dataset path: the same data and seed give the same weights.
        var generator = new Generator(Options.Seed);
        Sequential network = MlpClassifierModel.BuildNetwork(Options, x.Columns, classes.Count, generator);
        int evaluationBatch = MlpModel.EvaluationBatchFor(Options, x.Columns, classes.Count);
        TrainingHistory history = MiniBatchTrainer.Fit(network, x, y, classes.Count, Options, evaluationBatch, generator, Progress, cancellationToken);
        return new MlpModel(Options, classes, x.Columns, network, history);
    }

    /// <summary>
    /// Trains a new network on <paramref name="train"/> (scikit-learn: <c>fit(X, y)</c>). <paramref name="progress"/>
    /// hears about every mini-batch and epoch, synchronously on the training thread.
    /// </summary>
    public MlpClassifierModel Fit(Dataset train, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        CheckTrainingData(train);
        var (classes, targets) = NetworkModel.EncodeLabels(train.Labels);
        var generator = new Generator(Options.Seed);
        int[] inputShape = [train.FeatureCount];
        var model = new MlpClassifierModel(Options, classes, inputShape, null, generator);
        model.History = MiniBatchTrainer.Fit(model.Network, train, targets, classes.Length, inputShape, Options, model.EvaluationBatch,
            generator, progress, cancellationToken);
        return model;
    }

    internal static void CheckTrainingData(Dataset train)
    {
        if (train.Count == 0)
        {
            throw new ArgumentException($"{train.Source ?? "Fit"}: the training data is empty.");
        }
        int first = train.Labels[0];
        foreach (int y in train.Labels)
        {
            if (y != first)
            {
                return;
            }
        }
        throw new ArgumentException($"{train.Source ?? "Fit"}: every training sample has label {first}; a classifier needs at least two classes.");
    }
}
