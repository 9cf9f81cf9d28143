namespace Taxon.Tuning.Tests;

/// <summary>What must hold after worker processes shared a study: no trial lost, none run twice.</summary>
internal static class WorkerAssertions
{
    public static void AssertUniqueAndComplete(IReadOnlyList<FrozenTrial> trials, IEnumerable<WorkerProcess> workers, int expectedComplete)
    {
        Assert.Equal(Enumerable.Range(0, trials.Count), trials.Select(t => t.Number));
        Assert.Equal(expectedComplete, trials.Count(t => t.State == TrialState.Complete));
        Assert.DoesNotContain(trials, t => t.State is TrialState.Running or TrialState.Waiting);
        // Every complete trial finished in exactly one process: none ran twice.
        var finished = workers.SelectMany(w => w.Finished).Where(f => f.State == "complete").Select(f => f.Number).ToList();
        Assert.Equal(finished.Count, finished.Distinct().Count());
        Assert.Equal(trials.Where(t => t.State == TrialState.Complete).Select(t => t.Number).Order(), finished.Order());
    }
}
