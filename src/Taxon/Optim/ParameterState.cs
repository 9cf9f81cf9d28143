namespace Taxon.Optim;

/// <summary>
/// What an optimiser keeps for one parameter between steps (PyTorch: <c>optimizer.state[p]</c>): the number of steps
/// taken, its buffers (<c>exp_avg</c>, <c>momentum_buffer</c>, ... named as in PyTorch) and scalar values
/// (<c>mu_product</c>). Created at the parameter's first step; saved by <see cref="Optimizer.StateDict"/>.
/// </summary>
public sealed class ParameterState
{
    internal ParameterState()
    {
    }

    /// <summary>The number of steps that updated this parameter (PyTorch: <c>state["step"]</c>), counting the current one.</summary>
    public long Step { get; internal set; }

    /// <summary>The per-parameter tensors, each of the parameter's shape, by PyTorch's state key.</summary>
    public Dictionary<string, Tensor> Buffers { get; } = new(StringComparer.Ordinal);

    /// <summary>Per-parameter scalars by PyTorch's state key (NAdam's <c>mu_product</c>).</summary>
    public Dictionary<string, double> Scalars { get; } = new(StringComparer.Ordinal);
}
