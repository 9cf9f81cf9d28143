namespace Taxon.NN;

/// <summary>
/// Batch normalisation of [N, C, H, W] inputs over N, H and W per channel C (PyTorch: <c>torch.nn.BatchNorm2d</c>,
/// Ioffe &amp; Szegedy 2015). See <see cref="BatchNorm"/> for the parameters, buffers and the two modes.
/// </summary>
public sealed class BatchNorm2d : BatchNorm
{
    /// <summary>Creates the layer (PyTorch: <c>BatchNorm2d(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True)</c>).</summary>
    public BatchNorm2d(int numFeatures, float eps = 1e-5f, float? momentum = 0.1f, bool affine = true, bool trackRunningStats = true)
        : base(numFeatures, eps, momentum, affine, trackRunningStats)
    {
    }

    /// <inheritdoc />
    protected override void CheckInputDim(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Dim != 4)
        {
            throw new ArgumentException($"BatchNorm2d: expected 4D input ([N, C, H, W]), got {input.Dim}D input of shape {ShapeMath.Format(input.Shape)}.");
        }
    }
}
