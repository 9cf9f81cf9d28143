namespace Taxon.Tuning;

/// <summary>
/// Thrown by an objective to stop its trial as pruned, usually after <see cref="Trial.ShouldPrune"/> returned true
/// (Optuna: <c>TrialPruned</c>). <see cref="Study.Optimize"/> records the trial as <see cref="TrialState.Pruned"/>
/// with its last reported value; it is not a failure. <see cref="Trial.PruneIfNeeded"/> throws it for you.
/// </summary>
public sealed class TrialPrunedException : Exception
{
    /// <summary>Creates the signal.</summary>
    public TrialPrunedException() : base("The trial was pruned.")
    {
    }

    /// <summary>Creates the signal with a message.</summary>
    public TrialPrunedException(string message) : base(message)
    {
    }

    /// <summary>Creates the signal with a message and a cause.</summary>
    public TrialPrunedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
