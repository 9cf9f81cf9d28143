namespace Taxon;

/// <summary>How a loss combines its per-element values (PyTorch's <c>reduction</c> argument: 'none', 'mean', 'sum').</summary>
public enum Reduction
{
    /// <summary>No reduction: one loss per sample (PyTorch: <c>reduction='none'</c>).</summary>
    None,
    /// <summary>The mean; a weighted mean where the loss has class weights (PyTorch: <c>reduction='mean'</c>, the default).</summary>
    Mean,
    /// <summary>The sum (PyTorch: <c>reduction='sum'</c>).</summary>
    Sum,
}
