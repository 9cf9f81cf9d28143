using System.Globalization;
using Taxon.Tuning.Storages;

namespace Taxon.Tuning.Tests;

/// <summary>Worker processes (Taxon.Tuning.Worker) sharing one study in a real redis-server: killed, and through a server restart.</summary>
public class RedisWorkerProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    private static List<WorkerProcess> StartWorkers(string url, int count, params string[] args) =>
        [.. Enumerable.Range(0, count).Select(w => WorkerProcess.Start(url, [.. args, "--seed", (w + 1).ToString(CultureInfo.InvariantCulture)]))];

    private static IReadOnlyList<FrozenTrial> Trials(RedisServer server)
    {
        using var storage = new JournalRedisStorage(server.Url);
        return Study.Load("study", storage).Trials;
    }

    [RedisFact]
    public async Task FourWorkerProcessesShareOneStudy()
    {
        using var server = RedisServer.Start();
        var workers = StartWorkers(server.Url, 4, "--study-trials", "40", "--sleep-ms", "10");
        try
        {
            foreach (var w in workers)
            {
                Assert.Equal(0, await w.WaitForExitAsync(Patience));
            }
            var trials = Trials(server);
            Assert.Equal(40, trials.Count);
            WorkerAssertions.AssertUniqueAndComplete(trials, workers, 40);
            Assert.True(workers.Count(w => w.Finished.Count > 0) >= 2, "the trials were shared among the workers");
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }
    }

    [RedisFact]
    public async Task AWorkerKilledMidTrialHasItsTrialFailedAfterTheGracePeriodAndRequeued()
    {
        using var server = RedisServer.Start();
        using (var doomed = WorkerProcess.Start(server.Url, "--study-trials", "6", "--hang", "--heartbeat-ms", "100"))
        {
            await doomed.WaitForLineAsync("hanging 0", Patience);
            doomed.Kill();
        }
        // Past the grace period (600 ms) the next worker to start a trial fails the dead one and re-queues it.
        await Task.Delay(700);
        var workers = StartWorkers(server.Url, 2, "--study-trials", "6", "--sleep-ms", "20", "--heartbeat-ms", "100", "--grace-ms", "600", "--requeue");
        try
        {
            foreach (var w in workers)
            {
                Assert.Equal(0, await w.WaitForExitAsync(Patience));
            }
            var trials = Trials(server);
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

    [RedisFact]
    public async Task WorkersReconnectAfterARedisRestartAndFinish()
    {
        using var server = RedisServer.Start(persistent: true);
        var workers = StartWorkers(server.Url, 4, "--study-trials", "80", "--sleep-ms", "50");
        try
        {
            // Restart once the study is under way: the workers' calls while it is down retry until it is back.
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (workers.Sum(w => w.Finished.Count) < 8)
            {
                Assert.True(watch.Elapsed < Patience, "the workers made no progress: " + string.Join(" | ", workers.Select(w => w.Errors)));
                await Task.Delay(20);
            }
            var restartedAt = DateTime.Now;
            server.Restart(TimeSpan.FromSeconds(1));
            foreach (var w in workers)
            {
                Assert.Equal(0, await w.WaitForExitAsync(Patience));
            }
            var trials = Trials(server);
            Assert.Equal(80, trials.Count);
            WorkerAssertions.AssertUniqueAndComplete(trials, workers, 80);
            Assert.Contains(trials, t => t.DatetimeComplete < restartedAt);
            Assert.Contains(trials, t => t.DatetimeStart > restartedAt.AddSeconds(1));
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }
    }
}
