namespace Taxon.NN;

/// <summary>Whether Kaiming initialisation preserves the variance of activations (fan in) or of gradients (fan out).</summary>
public enum FanMode
{
    /// <summary>Preserve the forward pass's variance (PyTorch: <c>mode='fan_in'</c>).</summary>
    FanIn,
    /// <summary>Preserve the backward pass's variance (PyTorch: <c>mode='fan_out'</c>).</summary>
    FanOut,
}
