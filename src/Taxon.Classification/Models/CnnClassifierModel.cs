using Taxon.NN;

namespace Taxon.Classification.Models;

/// <summary>A fitted <see cref="CnnClassifier"/>: the network, its classes and options.</summary>
public sealed class CnnClassifierModel : NetworkModel
{
    internal CnnClassifierModel(CnnClassifierOptions options, int[] classes, int[] inputShape, TrainingHistory? history, Generator generator)
        : base(BuildNetwork(options, inputShape, classes.Length, generator), classes, inputShape, history)
    {
        TypedOptions = options;
    }

    /// <inheritdoc />
    public override string Kind => "cnn";

    /// <inheritdoc />
    private protected override long LargestActivation
    {
        get
        {
            // Each block's convolution output is the largest of its activations: pooling then quarters it.
            long largest = 0;
            long height = InputShape[1], width = InputShape[2];
            foreach (int channels in TypedOptions.Channels)
            {
                largest = Math.Max(largest, channels * height * width);
                (height, width) = (height / 2, width / 2);
            }
            return largest;
        }
    }

    /// <inheritdoc />
    public override NeuralNetworkOptions Options => TypedOptions;

    /// <summary>The options the model was trained with.</summary>
    public CnnClassifierOptions TypedOptions { get; }

    /// <summary>Loads a CNN saved by <see cref="NetworkModel.Save"/>; fails if the file holds another kind of model.</summary>
    public static new CnnClassifierModel Load(string path) => NetworkModel.Load(path) as CnnClassifierModel
        ?? throw new InvalidDataException($"{path}: holds a model that is not a CNN.");

    /// <summary>
    /// For each channel count: Conv2d(k×k, padding k/2) → ReLU → MaxPool2d(2); then Flatten; for each hidden size:
    /// Linear → ReLU → Dropout; then Linear to the classes. The layer indices, and so the weight names, are those of the
    /// same <c>nn.Sequential</c> in PyTorch.
    /// </summary>
    internal static Sequential BuildNetwork(CnnClassifierOptions options, int[] inputShape, int classes, Generator generator)
    {
        if (inputShape.Length != 3)
        {
            throw new ArgumentException(
                $"CnnClassifier: samples must be [channels, height, width] images, got shape [{string.Join(", ", inputShape)}].");
        }
        var network = new Sequential();
        var dropoutGenerator = new Generator(generator.NextUInt64());
        int channels = inputShape[0], height = inputShape[1], width = inputShape[2];
        foreach (int outChannels in options.Channels)
        {
            if (height < 2 || width < 2)
            {
                throw new ArgumentException(
                    $"CnnClassifier: {inputShape[1]}x{inputShape[2]} images are too small for {options.Channels.Count} convolution blocks, each of which halves the size.");
            }
            network.Add(new Conv2d(channels, outChannels, options.KernelSize, padding: options.KernelSize / 2, generator: generator));
            network.Add(new Relu());
            network.Add(new MaxPool2d(2));
            (channels, height, width) = (outChannels, height / 2, width / 2);
        }
        network.Add(new Flatten());
        int features = channels * height * width;
        foreach (int hidden in options.HiddenSizes)
        {
            network.Add(new Linear(features, hidden, generator: generator));
            network.Add(new Relu());
            if (options.Dropout > 0)
            {
                network.Add(new Dropout(options.Dropout, dropoutGenerator));
            }
            features = hidden;
        }
        network.Add(new Linear(features, classes, generator: generator));
        return network;
    }
}
