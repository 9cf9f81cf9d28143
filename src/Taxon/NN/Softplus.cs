namespace Taxon.NN;

/// <summary>log(1 + e^(beta·x))/beta, linear above the threshold (PyTorch: <c>torch.nn.Softplus</c>).</summary>
public sealed class Softplus(float beta = 1f, float threshold = 20f) : Module<Tensor, Tensor>
{
    /// <summary>The sharpness.</summary>
    public float Beta { get; } = beta;

    /// <summary>Where the function becomes linear.</summary>
    public float Threshold { get; } = threshold;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.Softplus(Beta, Threshold);

    /// <inheritdoc />
    protected override string ExtraRepr() => FormattableString.Invariant($"beta={Beta}, threshold={Threshold}");
}
