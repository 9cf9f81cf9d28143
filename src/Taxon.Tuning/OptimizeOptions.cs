namespace Taxon.Tuning;

/// <summary>Budgets and behaviour of <see cref="Study.Optimize"/> (Optuna: the arguments of <c>Study.optimize</c>).</summary>
public sealed record OptimizeOptions
{
    /// <summary>How many trials this call runs, over all its jobs (Optuna: <c>n_trials</c>); null (default) runs until another limit stops it.</summary>
    public int? Trials { get; init; }

    /// <summary>
    /// Stop once the study, over all workers sharing its storage, holds this many complete, pruned or running
    /// trials; claims are atomic, so the study ends with exactly this many. Null (default): no study-wide limit
    /// (Optuna needs a <c>MaxTrialsCallback</c> for this and may overshoot).
    /// </summary>
    public int? StudyTrials { get; init; }

    /// <summary>No trial starts after this much time (Optuna: <c>timeout</c>); null (default) means no limit.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Trials run in parallel on this many threads (Optuna: <c>n_jobs</c>; default 1).</summary>
    public int Jobs { get; init; } = 1;

    /// <summary>
    /// Exception types that fail their trial and let the study go on (Optuna: <c>catch</c>); any other exception
    /// fails the trial and ends <see cref="Study.Optimize"/> with it. Default: none.
    /// </summary>
    public IReadOnlyList<Type> Catch { get; init; } = [];

    /// <summary>
    /// While a trial runs its worker records a heartbeat this often; a running trial whose heartbeat is older than
    /// <see cref="GracePeriod"/> is marked failed by the next worker that starts a trial (Optuna:
    /// <c>heartbeat_interval</c> of <c>RDBStorage</c>). Null (default): no heartbeats.
    /// </summary>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary>How long a heartbeat may be missing before its trial counts as dead (Optuna: <c>grace_period</c>); null (default) means twice the trial's heartbeat interval.</summary>
    public TimeSpan? GracePeriod { get; init; }

    /// <summary>
    /// Re-queue a trial failed for a missing heartbeat as a new waiting trial with the same parameters (Optuna:
    /// <c>RetryFailedTrialCallback</c>); default false.
    /// </summary>
    public bool RequeueStaleTrials { get; init; }

    /// <summary>Called after each trial of this call finishes, on the thread that ran it (Optuna: <c>callbacks</c>).</summary>
    public Action<Study, FrozenTrial>? TrialFinished { get; init; }
}
