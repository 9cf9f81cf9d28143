namespace Taxon.Tuning;

/// <summary>The life cycle of a trial (Optuna: <c>TrialState</c>, with the same numeric values as its journal).</summary>
public enum TrialState
{
    /// <summary>A worker is evaluating the trial (Optuna: <c>RUNNING</c>).</summary>
    Running = 0,

    /// <summary>The objective returned a value (Optuna: <c>COMPLETE</c>).</summary>
    Complete = 1,

    /// <summary>The pruner stopped the trial early (Optuna: <c>PRUNED</c>).</summary>
    Pruned = 2,

    /// <summary>The objective threw, returned NaN, or its worker stopped sending heartbeats (Optuna: <c>FAIL</c>).</summary>
    Failed = 3,

    /// <summary>Enqueued and not yet claimed by a worker (Optuna: <c>WAITING</c>).</summary>
    Waiting = 4,
}
