namespace Taxon.Classification.Models;

/// <summary>The optimiser that trains a network's weights (scikit-learn: <c>MLPClassifier(solver=...)</c>).</summary>
public enum Solver
{
    /// <summary>Adam with β = (0.9, 0.999), ε = 1e-8 (scikit-learn: <c>'adam'</c>; PyTorch: <c>torch.optim.Adam</c>).</summary>
    Adam,
}
