namespace Taxon.Classification.Models;

/// <summary>
/// Hyperparameters of <see cref="CnnClassifier"/>: convolution blocks (conv k×k with "same" padding, ReLU, 2×2 max
/// pooling), then fully connected hidden layers with ReLU and dropout, then the output layer. The defaults are the
/// LeNet-style network of PyTorch's MNIST example: conv(1→32) pool conv(32→64) pool, linear(64·7·7→128), dropout 0.5.
/// </summary>
public sealed record CnnClassifierOptions : NeuralNetworkOptions
{
    /// <summary>Creates the options with the CNN's defaults: batch size 64 and 5 epochs.</summary>
    public CnnClassifierOptions()
    {
        BatchSize = 64;
        Epochs = 5;
    }

    /// <summary>Output channels of each convolution block, input side first. Default [32, 64].</summary>
    public IReadOnlyList<int> Channels { get; init; } = [32, 64];

    /// <summary>The side of the square convolution kernels; odd, padded by KernelSize / 2 so a block keeps the size before pooling. Default 3.</summary>
    public int KernelSize { get; init; } = 3;

    /// <summary>Widths of the fully connected hidden layers after the convolutions. Default [128].</summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [128];

    /// <summary>Dropout probability after each fully connected hidden layer during training. Default 0.5.</summary>
    public float Dropout { get; init; } = 0.5f;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Check(Channels is { Count: > 0 }, "Channels needs at least one convolution block.");
        foreach (int c in Channels!)
        {
            Check(c >= 1, $"every channel count must be at least 1, got [{string.Join(", ", Channels)}].");
        }
        Check(KernelSize >= 1 && KernelSize % 2 == 1, $"KernelSize must be a positive odd number, got {KernelSize}.");
        Check(HiddenSizes is not null, "HiddenSizes must not be null; use [] for no hidden layer.");
        foreach (int size in HiddenSizes!)
        {
            Check(size >= 1, $"every hidden size must be at least 1, got [{string.Join(", ", HiddenSizes)}].");
        }
        Check(Dropout is >= 0f and < 1f, $"Dropout must be in [0, 1), got {Dropout}.");
    }

    /// <inheritdoc />
    public bool Equals(CnnClassifierOptions? other) =>
        other is not null && base.Equals(other) && Channels.SequenceEqual(other.Channels) && KernelSize == other.KernelSize &&
        HiddenSizes.SequenceEqual(other.HiddenSizes) && Dropout.Equals(other.Dropout);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Channels.Count, KernelSize, HiddenSizes.Count, Dropout);
}
