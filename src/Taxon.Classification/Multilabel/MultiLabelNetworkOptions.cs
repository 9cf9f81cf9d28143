namespace Taxon.Classification.Multilabel;

/// <summary>
/// Hyperparameters of <see cref="MultiLabelNetwork"/> (scikit-learn: <c>MLPClassifier</c> fitted on an indicator
/// matrix; its defaults where it has one). Immutable; derive variants with <c>with</c>.
/// </summary>
public sealed record MultiLabelNetworkOptions
{
    /// <summary>The width of each hidden ReLU layer, input side first (scikit-learn: <c>hidden_layer_sizes</c>). Default [100].</summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [100];

    /// <summary>Passes over the training data (scikit-learn: <c>max_iter</c>). Default 200.</summary>
    public int Epochs { get; init; } = 200;

    /// <summary>Samples per Adam step; the last batch of an epoch may be smaller (scikit-learn: <c>batch_size='auto'</c>, i.e. 200). Default 200.</summary>
    public int BatchSize { get; init; } = 200;

    /// <summary>Adam's step size (scikit-learn: <c>learning_rate_init</c>; PyTorch: <c>lr</c>). Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>L2 penalty added to the gradient as λ·w (PyTorch: Adam's <c>weight_decay</c>). Default 0.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Seeds weight initialisation and shuffling (scikit-learn: <c>random_state</c>). Default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Check(HiddenSizes is not null, "HiddenSizes must not be null; use [] for no hidden layer.");
        foreach (int size in HiddenSizes!)
        {
            Check(size >= 1, $"HiddenSizes: every size must be at least 1, got [{string.Join(", ", HiddenSizes)}].");
        }
        Check(Epochs >= 1, $"Epochs must be at least 1, got {Epochs}.");
        Check(BatchSize >= 1, $"BatchSize must be at least 1, got {BatchSize}.");
        Check(double.IsFinite(LearningRate) && LearningRate > 0, $"LearningRate must be a positive number, got {LearningRate}.");
        Check(double.IsFinite(WeightDecay) && WeightDecay >= 0, $"WeightDecay must be zero or positive, got {WeightDecay}.");
    }

    /// <inheritdoc />
    public bool Equals(MultiLabelNetworkOptions? other) =>
        other is not null && HiddenSizes.SequenceEqual(other.HiddenSizes) && Epochs == other.Epochs && BatchSize == other.BatchSize &&
        LearningRate.Equals(other.LearningRate) && WeightDecay.Equals(other.WeightDecay) && Seed == other.Seed;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(HiddenSizes.Count, Epochs, BatchSize, LearningRate, WeightDecay, Seed);

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentException($"{nameof(MultiLabelNetworkOptions)}: {message}");
        }
    }
}
