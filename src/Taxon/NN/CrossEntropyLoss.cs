namespace Taxon.NN;

/// <summary>
/// Cross-entropy between logits and class indices or class probabilities (PyTorch 1.13: <c>torch.nn.CrossEntropyLoss</c>),
/// with class weights, an ignored index, label smoothing and a reduction; see
/// <see cref="Functional.CrossEntropy(Tensor, IndexTensor, Tensor?, int, Reduction, float)"/>. The weight, when given, is
/// a buffer named <c>weight</c>, as in PyTorch.
/// </summary>
public sealed class CrossEntropyLoss : Module
{
    /// <summary>Creates the loss (PyTorch: <c>CrossEntropyLoss(weight=None, ignore_index=-100, reduction='mean', label_smoothing=0.0)</c>).</summary>
    public CrossEntropyLoss(Tensor? weight = null, int ignoreIndex = -100, Reduction reduction = Reduction.Mean, float labelSmoothing = 0f)
    {
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "CrossEntropyLoss: label smoothing must be between 0 and 1.");
        }
        if (weight is not null)
        {
            Weight = RegisterBuffer("weight", weight);
        }
        IgnoreIndex = ignoreIndex;
        Reduction = reduction;
        LabelSmoothing = labelSmoothing;
    }

    /// <summary>The weight of each class, [C], or null (PyTorch: <c>weight</c>).</summary>
    public Tensor? Weight { get; }

    /// <summary>The target value that contributes neither loss nor gradient (PyTorch: <c>ignore_index</c>).</summary>
    public int IgnoreIndex { get; }

    /// <summary>How the per-sample losses are combined (PyTorch: <c>reduction</c>).</summary>
    public Reduction Reduction { get; }

    /// <summary>The weight ε of the uniform distribution mixed into the targets (PyTorch: <c>label_smoothing</c>).</summary>
    public float LabelSmoothing { get; }

    /// <summary>The loss of logits [N, C] (or [C], [N, C, d...]) against class indices (PyTorch: <c>forward(input, target)</c>).</summary>
    public Tensor Forward(Tensor input, IndexTensor target) =>
        Functional.CrossEntropy(input, target, Weight, IgnoreIndex, Reduction, LabelSmoothing);

    /// <summary>The loss of logits against class probabilities of the same shape (PyTorch: <c>forward(input, target)</c> with a float target).</summary>
    public Tensor Forward(Tensor input, Tensor target) =>
        Functional.CrossEntropy(input, target, Weight, Reduction, LabelSmoothing);
}
