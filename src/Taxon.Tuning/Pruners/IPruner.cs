namespace Taxon.Tuning.Pruners;

/// <summary>Decides whether a running trial should stop early, from its reported values and the study's (Optuna: <c>BasePruner</c>).</summary>
public interface IPruner
{
    /// <summary>True when <paramref name="trial"/> should be pruned now (Optuna: <c>prune</c>).</summary>
    bool Prune(Study study, FrozenTrial trial);
}
