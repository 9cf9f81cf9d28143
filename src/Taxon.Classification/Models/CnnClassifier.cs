using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// A convolutional image classifier trained with mini-batch Adam on cross-entropy: LeNet-style blocks of
/// convolution, ReLU and 2×2 max pooling, then fully connected layers with dropout (PyTorch: the
/// <c>nn.Sequential</c> of PyTorch's MNIST example). Samples must be [channels, height, width] images, as
/// <see cref="IdxReader"/> gives them. The estimator only holds options; <see cref="Fit"/> returns the fitted model.
/// </summary>
public sealed class CnnClassifier
{
    /// <summary>Creates the estimator; invalid options throw <see cref="ArgumentException"/> here rather than in <see cref="Fit"/>.</summary>
    public CnnClassifier(CnnClassifierOptions? options = null)
    {
        Options = options ?? new CnnClassifierOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters.</summary>
    public CnnClassifierOptions Options { get; }

    /// <summary>Trains a new network on <paramref name="train"/>; <paramref name="progress"/> hears about every mini-batch and epoch.</summary>
    public CnnClassifierModel Fit(Dataset train, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        MlpClassifier.CheckTrainingData(train);
        var (classes, targets) = NetworkModel.EncodeLabels(train.Labels);
        var generator = new Generator(Options.Seed);
        int[] inputShape = train.SampleShape.ToArray();
        var model = new CnnClassifierModel(Options, classes, inputShape, null, generator);
        model.History = MiniBatchTrainer.Fit(model.Network, train, targets, classes.Length, inputShape, Options, model.EvaluationBatch,
            generator, progress, cancellationToken);
        return model;
    }
}
