using Taxon.Tuning.Storages;

namespace Taxon.Tuning.Tests;

/// <summary>Worker processes (Taxon.Tuning.Worker) sharing one journal file, killed and cut short as real ones are.</summary>
public class JournalWorkerProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FourWorkerProcessesShareOneJournal()
    {
        using var dir = new TempDirectory();
        string storage = "journal:" + dir.File("j.log");
        var workers = Enumerable.Range(0, 4).Select(w => WorkerProcess.Start(storage, "--study-trials", "40", "--sleep-ms", "10", "--seed", w.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        try
        {
            foreach (var w in workers)
            {
                Assert.Equal(0, await w.WaitForExitAsync(Patience));
            }
            var trials = Study.Load("study", new JournalFileStorage(dir.File("j.log"))).Trials;
            Assert.Equal(40, trials.Count);
            WorkerAssertions.AssertUniqueAndComplete(trials, workers, 40);
            Assert.True(workers.Count(w => w.Finished.Count > 0) >= 2, "the trials were shared among the workers");
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }
    }

    [Fact]
    public async Task AWorkerKilledMidTrialHasItsTrialFailedAfterTheGracePeriodAndRequeued()
    {
        using var dir = new TempDirectory();
        string storage = "journal:" + dir.File("j.log");
        using (var doomed = WorkerProcess.Start(storage, "--study-trials", "6", "--hang", "--heartbeat-ms", "100"))
        {
            await doomed.WaitForLineAsync("hanging 0", Patience);
            doomed.Kill();
        }
        // Past the grace period (600 ms) the next worker to start a trial fails the dead one and re-queues it.
        await Task.Delay(700);
        var workers = Enumerable.Range(0, 2).Select(w => WorkerProcess.Start(storage, "--study-trials", "6", "--sleep-ms", "20", "--seed", (w + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--heartbeat-ms", "100", "--grace-ms", "600", "--requeue")).ToList();
        try
        {
            foreach (var w in workers)
            {
                Assert.Equal(0, await w.WaitForExitAsync(Patience));
            }
            var trials = Study.Load("study", new JournalFileStorage(dir.File("j.log"))).Trials;
            Assert.Equal(TrialState.Failed, trials[0].State);
            Assert.Equal(7, trials.Count);
            WorkerAssertions.AssertUniqueAndComplete(trials, workers, 6);
            var retry = Assert.Single(trials, t => t.SystemAttrs.TryGetValue("failed_trial", out object? f) && Equals(f, 0L));
            Assert.Equal(TrialState.Complete, retry.State);
            Assert.Equal(trials[0].Params, retry.Params);
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }
    }

    [Fact]
    public async Task AJournalTruncatedMidLineIsRecoveredByTheNextWorker()
    {
        using var dir = new TempDirectory();
        string path = dir.File("j.log");
        string storage = "journal:" + path;
        using (var first = WorkerProcess.Start(storage, "--study-trials", "8"))
        {
            Assert.Equal(0, await first.WaitForExitAsync(Patience));
        }
        // Cut the file in the middle of a line about two thirds in, as a disk that lost its tail would leave it.
        byte[] bytes = File.ReadAllBytes(path);
        int cut = Array.IndexOf(bytes, (byte)'\n', bytes.Length * 2 / 3) - 7;
        File.WriteAllBytes(path, bytes[..cut]);
        var kept = Study.Load("study", new JournalFileStorage(path)).Trials;
        Assert.InRange(kept.Count, 1, 8);
        using (var second = WorkerProcess.Start(storage, "--study-trials", "10", "--heartbeat-ms", "100", "--grace-ms", "300"))
        {
            Assert.Equal(0, await second.WaitForExitAsync(Patience));
            Assert.Equal("", second.Errors);
        }
        var trials = Study.Load("study", new JournalFileStorage(path)).Trials;
        Assert.Equal(Enumerable.Range(0, trials.Count), trials.Select(t => t.Number));
        Assert.Equal(10, trials.Count(t => t.State is TrialState.Complete or TrialState.Running));
        Assert.All(File.ReadAllLines(path), l => Assert.EndsWith("}", l));
    }

    [Fact]
    public async Task ACorruptJournalStopsAWorkerWithAClearError()
    {
        using var dir = new TempDirectory();
        string path = dir.File("j.log");
        File.WriteAllText(path, "{\"op_code\": 0, \"worker_id\": \"w\", \"study_name\": \"study\", \"directions\": [1]}\nnot json at all\n{\"op_code\": 4, \"worker_id\": \"w\", \"study_id\": 0}\n");
        using var worker = WorkerProcess.Start("journal:" + path, "--study-trials", "3");
        Assert.Equal(1, await worker.WaitForExitAsync(Patience));
        Assert.Contains(path + ":2: corrupt journal line", worker.Errors);
    }
}
