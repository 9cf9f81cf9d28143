namespace Taxon.Optim;

/// <summary>How <see cref="ReduceLROnPlateau"/> measures a significant improvement over the best value.</summary>
public enum ThresholdMode
{
    /// <summary>Better than best·(1 ∓ threshold) (PyTorch: <c>threshold_mode="rel"</c>).</summary>
    Relative,

    /// <summary>Better than best ∓ threshold (PyTorch: <c>threshold_mode="abs"</c>).</summary>
    Absolute,
}
