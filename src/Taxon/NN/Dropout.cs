namespace Taxon.NN;

/// <summary>
/// In training, zeroes each element with probability p and scales the rest by 1/(1 − p) (inverted dropout,
/// Srivastava et al. 2014); in evaluation, the identity (PyTorch: <c>torch.nn.Dropout</c>, p = 0.5).
/// </summary>
public sealed class Dropout : Module<Tensor, Tensor>
{
    private readonly Generator? _generator;

    /// <summary>Creates the layer; masks are drawn from <paramref name="generator"/> or <see cref="Generator.Default"/>.</summary>
    public Dropout(float p = 0.5f, Generator? generator = null)
    {
        if (p is < 0f or > 1f || float.IsNaN(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be between 0 and 1.");
        }
        P = p;
        _generator = generator;
    }

    /// <summary>The probability of zeroing an element.</summary>
    public float P { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => IsTraining ? Functional.Dropout(input, P, _generator) : input;

    /// <inheritdoc />
    protected override string ExtraRepr() => FormattableString.Invariant($"p={P}, inplace=False");
}
