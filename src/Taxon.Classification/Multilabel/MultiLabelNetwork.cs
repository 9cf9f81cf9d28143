using Taxon.Classification.Data;
using Taxon.Classification.Models;
using Taxon.NN;
using Taxon.Optim;

namespace Taxon.Classification.Multilabel;

/// <summary>
/// A multi-layer perceptron with one sigmoid output per label, trained on the engine with mini-batch Adam on
/// binary cross-entropy of the logits (scikit-learn: <c>MLPClassifier</c> on a label-indicator matrix; PyTorch: an
/// <c>nn.Sequential</c> of <c>Linear</c> and <c>ReLU</c> with <c>BCEWithLogitsLoss</c>). Unlike per-label models,
/// the hidden layers are shared, so labels learn from one another.
/// </summary>
public sealed class MultiLabelNetwork : MultiLabelClassifier
{
    /// <summary>Creates the estimator; invalid options throw <see cref="ArgumentException"/> here.</summary>
    public MultiLabelNetwork(MultiLabelNetworkOptions? options = null)
    {
        Options = options ?? new MultiLabelNetworkOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters.</summary>
    public MultiLabelNetworkOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "multilabel-mlp";

    /// <inheritdoc />
    protected override MultiLabelModel FitCore(FeatureMatrix x, byte[] y, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        int n = x.Rows, d = x.Columns, width = labels.Count;
        var generator = new Generator(Options.Seed);
        int[] sizes = [d, .. Options.HiddenSizes, width];
        var layers = new List<Module<Tensor, Tensor>>();
        var linears = new Linear[sizes.Length - 1];
        for (int l = 0; l < linears.Length; l++)
        {
            linears[l] = new Linear(sizes[l], sizes[l + 1], generator: generator);
            layers.Add(linears[l]);
            if (l < linears.Length - 1)
            {
                layers.Add(new Relu());
            }
        }
        var network = new Sequential([.. layers]);
        var optimizer = new Adam(network.Parameters(), new AdamOptions(Options.LearningRate, WeightDecay: Options.WeightDecay));
        int batchSize = Math.Min(Options.BatchSize, n);
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }
        var features = new float[batchSize * d];
        var targets = new float[batchSize * width];
        network.Train();
        for (int epoch = 0; epoch < Options.Epochs; epoch++)
        {
            for (int i = n - 1; i > 0; i--)
            {
                int j = generator.NextInt(0, i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
            for (int start = 0; start < n; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = Math.Min(batchSize, n - start);
                for (int b = 0; b < count; b++)
                {
                    int row = order[start + b];
                    x.Row(row).CopyTo(features.AsSpan(b * d, d));
                    for (int j = 0; j < width; j++)
                    {
                        targets[b * width + j] = y[row * width + j];
                    }
                }
                Tensor logits = network.Forward(Tensor.FromSpan(features.AsSpan(0, count * d), count, d));
                Tensor loss = Functional.BinaryCrossEntropyWithLogits(logits, Tensor.FromSpan(targets.AsSpan(0, count * width), count, width));
                optimizer.ZeroGrad();
                loss.Backward();
                optimizer.Step();
            }
        }
        network.Eval();
        var weights = new float[linears.Length][];
        var biases = new float[linears.Length][];
        for (int l = 0; l < linears.Length; l++)
        {
            weights[l] = linears[l].Weight.ToArray();
            biases[l] = linears[l].Bias!.ToArray();
        }
        return new MultiLabelNetworkModel(labels, sizes, weights, biases);
    }
}
