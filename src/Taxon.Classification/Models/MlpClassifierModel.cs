using Taxon.NN;

namespace Taxon.Classification.Models;

/// <summary>A fitted <see cref="MlpClassifier"/>: the network, its classes and options (scikit-learn: a fitted <c>MLPClassifier</c>).</summary>
public sealed class MlpClassifierModel : NetworkModel
{
    internal MlpClassifierModel(MlpClassifierOptions options, int[] classes, int[] inputShape, TrainingHistory? history, Generator generator)
        : base(BuildNetwork(options, inputShape[0], classes.Length, generator), classes, inputShape, history)
    {
        TypedOptions = options;
    }

    /// <inheritdoc />
    public override string Kind => "mlp";

    /// <inheritdoc />
    private protected override long LargestActivation => Math.Max(InputShape[0], TypedOptions.HiddenSizes.Count == 0 ? Classes.Count : TypedOptions.HiddenSizes.Max());

    /// <inheritdoc />
    public override NeuralNetworkOptions Options => TypedOptions;

    /// <summary>The options the model was trained with.</summary>
    public MlpClassifierOptions TypedOptions { get; }

    /// <summary>Loads an MLP saved by <see cref="NetworkModel.Save"/>; fails if the file holds another kind of model.</summary>
    public static new MlpClassifierModel Load(string path) => NetworkModel.Load(path) as MlpClassifierModel
        ?? throw new InvalidDataException($"{path}: holds a model that is not an MLP.");

    /// <summary>
    /// Linear → activation → dropout for each hidden size, then Linear to the classes, initialised as PyTorch does
    /// from <paramref name="generator"/>; dropout masks come from a generator split off it.
    /// </summary>
    internal static Sequential BuildNetwork(MlpClassifierOptions options, int inputs, int classes, Generator generator)
    {
        var network = new Sequential();
        var dropoutGenerator = new Generator(generator.NextUInt64());
        int width = inputs;
        foreach (int hidden in options.HiddenSizes)
        {
            network.Add(new Linear(width, hidden, generator: generator));
            network.Add(options.Activation switch
            {
                Activation.Relu => new Relu(),
                Activation.Tanh => new Tanh(),
                Activation.Logistic => new Sigmoid(),
                Activation.Gelu => new Gelu(),
                _ => throw new ArgumentOutOfRangeException(nameof(options), options.Activation, "Unknown activation."),
            });
            if (options.Dropout > 0)
            {
                network.Add(new Dropout(options.Dropout, dropoutGenerator));
            }
            width = hidden;
        }
        network.Add(new Linear(width, classes, generator: generator));
        return network;
    }
}
