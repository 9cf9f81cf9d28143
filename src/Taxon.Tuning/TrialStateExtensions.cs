namespace Taxon.Tuning;

/// <summary>Queries on <see cref="TrialState"/>.</summary>
public static class TrialStateExtensions
{
    /// <summary>True for complete, pruned and failed trials, which can no longer change (Optuna: <c>TrialState.is_finished</c>).</summary>
    public static bool IsFinished(this TrialState state) =>
        state is TrialState.Complete or TrialState.Pruned or TrialState.Failed;
}
