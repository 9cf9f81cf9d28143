namespace Taxon.NN;

/// <summary>
/// The multi-class hinge loss of a linear SVM (PyTorch 1.13: <c>torch.nn.MultiMarginLoss</c>): scores [N, C] against
/// class indices, with p 1 or 2, a margin and class weights; see <see cref="Functional.MultiMarginLoss"/>. The weight,
/// when given, is a buffer named <c>weight</c>, as in PyTorch.
/// </summary>
public sealed class MultiMarginLoss : Module
{
    /// <summary>Creates the loss (PyTorch: <c>MultiMarginLoss(p=1, margin=1.0, weight=None, reduction='mean')</c>).</summary>
    public MultiMarginLoss(int p = 1, float margin = 1f, Tensor? weight = null, Reduction reduction = Reduction.Mean)
    {
        if (p is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "MultiMarginLoss: only p = 1 and p = 2 are supported.");
        }
        P = p;
        Margin = margin;
        if (weight is not null)
        {
            Weight = RegisterBuffer("weight", weight);
        }
        Reduction = reduction;
    }

    /// <summary>The power of the hinge: 1 (hinge) or 2 (squared hinge) (PyTorch: <c>p</c>).</summary>
    public int P { get; }

    /// <summary>The margin by which the target's score should exceed the others (PyTorch: <c>margin</c>).</summary>
    public float Margin { get; }

    /// <summary>The weight of each class, [C], or null (PyTorch: <c>weight</c>).</summary>
    public Tensor? Weight { get; }

    /// <summary>How the per-sample losses are combined (PyTorch: <c>reduction</c>).</summary>
    public Reduction Reduction { get; }

    /// <summary>The loss of scores [N, C] (or [C]) at class indices (PyTorch: <c>forward(input, target)</c>).</summary>
    public Tensor Forward(Tensor input, IndexTensor target) => Functional.MultiMarginLoss(input, target, P, Margin, Weight, Reduction);
}
