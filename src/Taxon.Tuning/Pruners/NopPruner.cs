namespace Taxon.Tuning.Pruners;

/// <summary>Never prunes (Optuna: <c>NopPruner</c>).</summary>
public sealed class NopPruner : IPruner
{
    /// <inheritdoc />
    public bool Prune(Study study, FrozenTrial trial) => false;
}
