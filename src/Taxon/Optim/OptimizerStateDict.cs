namespace Taxon.Optim;

/// <summary>
/// A snapshot of an optimiser's state (PyTorch: <c>optimizer.state_dict()</c>), laid out as a safetensors file:
/// per-parameter buffers as tensors named <c>state.{index}.{key}</c> (parameters numbered across groups in order, as
/// PyTorch does), and scalars — step counts, learning rates, each group's options as JSON, parameter shapes — as
/// string metadata (<c>state.{index}.step</c>, <c>group.{g}.lr</c>, <c>group.{g}.options</c>, ...).
/// </summary>
/// <param name="Tensors">The state tensors; copies, not the optimiser's live buffers.</param>
/// <param name="Metadata">The scalar state, every value written so that it parses back to the same bits.</param>
public sealed record OptimizerStateDict(IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata);
