namespace Taxon.NN;

/// <summary>Merges dimensions startDim..endDim, by default all but the batch (PyTorch: <c>torch.nn.Flatten</c>).</summary>
public sealed class Flatten(int startDim = 1, int endDim = -1) : Module<Tensor, Tensor>
{
    /// <summary>The first dimension merged.</summary>
    public int StartDim { get; } = startDim;

    /// <summary>The last dimension merged.</summary>
    public int EndDim { get; } = endDim;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.Flatten(StartDim, EndDim);

    /// <inheritdoc />
    protected override string ExtraRepr() => FormattableString.Invariant($"start_dim={StartDim}, end_dim={EndDim}");
}
