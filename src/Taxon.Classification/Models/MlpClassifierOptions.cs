namespace Taxon.Classification.Models;

/// <summary>
/// Hyperparameters of <see cref="MlpClassifier"/> (scikit-learn: <c>MLPClassifier(...)</c>): the hidden layers, their
/// activation and dropout, and the training settings of <see cref="NeuralNetworkOptions"/>.
/// </summary>
public sealed record MlpClassifierOptions : NeuralNetworkOptions
{
    /// <summary>The width of each hidden layer, input side first (scikit-learn: <c>hidden_layer_sizes</c>). Default [256, 256].</summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [256, 256];

    /// <summary>The non-linearity after each hidden layer (scikit-learn: <c>activation</c>). Default ReLU.</summary>
    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>Dropout probability after each hidden activation during training (PyTorch: <c>nn.Dropout(p)</c>). Default 0.</summary>
    public float Dropout { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Check(HiddenSizes is not null, "HiddenSizes must not be null; use [] for no hidden layer.");
        foreach (int size in HiddenSizes!)
        {
            Check(size >= 1, $"every hidden size must be at least 1, got [{string.Join(", ", HiddenSizes)}].");
        }
        Check(Enum.IsDefined(Activation), $"Activation {Activation} is not known.");
        Check(Dropout is >= 0f and < 1f, $"Dropout must be in [0, 1), got {Dropout}.");
    }

    /// <inheritdoc />
    public bool Equals(MlpClassifierOptions? other) =>
        other is not null && base.Equals(other) && HiddenSizes.SequenceEqual(other.HiddenSizes) &&
        Activation == other.Activation && Dropout.Equals(other.Dropout);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), HiddenSizes.Count, Activation, Dropout);
}
