namespace Taxon.NN;

/// <summary>
/// Negative log-likelihood of log-probabilities at class indices (PyTorch 1.13: <c>torch.nn.NLLLoss</c>), with class
/// weights, an ignored index and a reduction; see <see cref="Functional.NllLoss"/>. Use after <see cref="LogSoftmax"/>.
/// </summary>
public sealed class NllLoss : Module
{
    /// <summary>Creates the loss (PyTorch: <c>NLLLoss(weight=None, ignore_index=-100, reduction='mean')</c>).</summary>
    public NllLoss(Tensor? weight = null, int ignoreIndex = -100, Reduction reduction = Reduction.Mean)
    {
        if (weight is not null)
        {
            Weight = RegisterBuffer("weight", weight);
        }
        IgnoreIndex = ignoreIndex;
        Reduction = reduction;
    }

    /// <summary>The weight of each class, [C], or null (PyTorch: <c>weight</c>).</summary>
    public Tensor? Weight { get; }

    /// <summary>The target value that contributes neither loss nor gradient (PyTorch: <c>ignore_index</c>).</summary>
    public int IgnoreIndex { get; }

    /// <summary>How the per-sample losses are combined (PyTorch: <c>reduction</c>).</summary>
    public Reduction Reduction { get; }

    /// <summary>The loss of log-probabilities [N, C] (or [C], [N, C, d...]) at class indices (PyTorch: <c>forward(input, target)</c>).</summary>
    public Tensor Forward(Tensor input, IndexTensor target) => Functional.NllLoss(input, target, Weight, IgnoreIndex, Reduction);
}
