namespace Taxon.NN;

/// <summary>
/// Binary cross-entropy on logits, computed stably (PyTorch 1.13: <c>torch.nn.BCEWithLogitsLoss</c>): for binary and
/// multi-label classification, with an element weight and a positive-class weight; see
/// <see cref="Functional.BinaryCrossEntropyWithLogits"/>. Both weights, when given, are buffers (<c>weight</c>,
/// <c>pos_weight</c>), as in PyTorch.
/// </summary>
public sealed class BceWithLogitsLoss : Module
{
    /// <summary>Creates the loss (PyTorch: <c>BCEWithLogitsLoss(weight=None, reduction='mean', pos_weight=None)</c>).</summary>
    public BceWithLogitsLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean, Tensor? posWeight = null)
    {
        if (weight is not null)
        {
            Weight = RegisterBuffer("weight", weight);
        }
        if (posWeight is not null)
        {
            PosWeight = RegisterBuffer("pos_weight", posWeight);
        }
        Reduction = reduction;
    }

    /// <summary>A weight broadcast to the input's shape, or null (PyTorch: <c>weight</c>).</summary>
    public Tensor? Weight { get; }

    /// <summary>The weight of positive examples, broadcast to the input's shape (usually [C]), or null (PyTorch: <c>pos_weight</c>).</summary>
    public Tensor? PosWeight { get; }

    /// <summary>How the element losses are combined (PyTorch: <c>reduction</c>).</summary>
    public Reduction Reduction { get; }

    /// <summary>The loss of logits against targets in [0, 1] of the same shape (PyTorch: <c>forward(input, target)</c>).</summary>
    public Tensor Forward(Tensor input, Tensor target) =>
        Functional.BinaryCrossEntropyWithLogits(input, target, Weight, PosWeight, Reduction);
}
