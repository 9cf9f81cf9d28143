namespace Taxon.NN;

/// <summary>Mean squared error (PyTorch: <c>torch.nn.MSELoss</c>); see <see cref="Functional.MseLoss"/>.</summary>
public sealed class MseLoss : Module
{
    /// <summary>Creates the loss (PyTorch: <c>MSELoss(reduction='mean')</c>).</summary>
    public MseLoss(Reduction reduction = Reduction.Mean) => Reduction = reduction;

    /// <summary>How the element losses are combined (PyTorch: <c>reduction</c>).</summary>
    public Reduction Reduction { get; }

    /// <summary>The loss of the input against a target of the same shape (PyTorch: <c>forward(input, target)</c>).</summary>
    public Tensor Forward(Tensor input, Tensor target) => Functional.MseLoss(input, target, Reduction);
}
