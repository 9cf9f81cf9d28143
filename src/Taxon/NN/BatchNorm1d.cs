namespace Taxon.NN;

/// <summary>
/// Batch normalisation of [N, C] or [N, C, L] inputs over N (and L) per channel C (PyTorch: <c>torch.nn.BatchNorm1d</c>,
/// Ioffe &amp; Szegedy 2015). See <see cref="BatchNorm"/> for the parameters, buffers and the two modes.
/// </summary>
public sealed class BatchNorm1d : BatchNorm
{
    /// <summary>Creates the layer (PyTorch: <c>BatchNorm1d(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True)</c>).</summary>
    public BatchNorm1d(int numFeatures, float eps = 1e-5f, float? momentum = 0.1f, bool affine = true, bool trackRunningStats = true)
        : base(numFeatures, eps, momentum, affine, trackRunningStats)
    {
    }

    /// <inheritdoc />
    protected override void CheckInputDim(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Dim is not (2 or 3))
        {
            throw new ArgumentException($"BatchNorm1d: expected 2D or 3D input ([N, C] or [N, C, L]), got {input.Dim}D input of shape {ShapeMath.Format(input.Shape)}.");
        }
    }
}
