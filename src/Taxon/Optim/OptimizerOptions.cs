namespace Taxon.Optim;

/// <summary>
/// The immutable hyperparameters of an optimiser for one <see cref="ParamGroup"/> (PyTorch: the keys of a
/// <c>param_group</c> other than <c>params</c>). Each optimiser has its own sealed record (<see cref="AdamOptions"/>,
/// <see cref="SgdOptions"/>, ...) with PyTorch's names and defaults; derive variants with <c>with</c>:
/// <c>defaults with { LearningRate = 1e-4 }</c>.
/// </summary>
/// <remarks>
/// Hyperparameters are doubles, as PyTorch's Python floats are: a float32 β₂ = 0.999f would make 1 − β₂ differ from
/// PyTorch's by 5·10⁻⁵ relative. They are converted to float32 only where they meet tensor elements, as PyTorch does.
/// </remarks>
/// <param name="LearningRate">
/// The learning rate a group starts with; the group's mutable <see cref="ParamGroup.LearningRate"/> (which schedulers
/// change) is initialised from it.
/// </param>
public abstract record OptimizerOptions(double LearningRate);
