using System.Text;
using Taxon.Tuning.Pruners;
using Taxon.Tuning.Samplers;
using Taxon.Tuning.Storages;

namespace Taxon.Tuning.Tests;

public class JournalFileStorageTests
{
    private static Study Open(string path, string name = "study", long seed = 0, TimeProvider? clock = null) => Study.Create(new StudyOptions
    {
        Name = name,
        Storage = new JournalFileStorage(path, new JournalFileStorageOptions { Fsync = false }),
        Sampler = new RandomSampler(seed),
        Pruner = new NopPruner(),
        LoadIfExists = true,
        Clock = clock ?? TimeProvider.System,
    });

    private static double Objective(Trial t)
    {
        double x = t.SuggestFloat("x", -1, 1);
        double lr = t.SuggestFloat("lr", 1e-4, 1e-1, log: true);
        int n = t.SuggestInt("n", 1, 9, step: 2);
        string opt = t.SuggestCategorical("opt", ["sgd", "adam", "rmsprop"]);
        t.SetUserAttr("tag", opt + n);
        t.Report(x * x, 0);
        t.Report(x * x / 2, 1);
        if (t.Number % 5 == 4)
        {
            throw new TrialPrunedException();
        }
        return x * x + lr + n;
    }

    private static void AssertSameTrials(IReadOnlyList<FrozenTrial> expected, IReadOnlyList<FrozenTrial> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Number, actual[i].Number);
            Assert.Equal(expected[i].State, actual[i].State);
            Assert.Equal(expected[i].Value, actual[i].Value);
            Assert.Equal(expected[i].Params, actual[i].Params);
            Assert.Equal(expected[i].Distributions, actual[i].Distributions);
            Assert.Equal(expected[i].UserAttrs, actual[i].UserAttrs);
            Assert.Equal(expected[i].IntermediateValues, actual[i].IntermediateValues);
            Assert.Equal(expected[i].DatetimeStart, actual[i].DatetimeStart);
            Assert.Equal(expected[i].DatetimeComplete, actual[i].DatetimeComplete);
        }
    }

    [Fact]
    public void AStudyRoundTripsThroughTheFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("j.log");
        var study = Open(path);
        study.EnqueueTrial(new Dictionary<string, object?> { ["x"] = 0.5, ["opt"] = "adam" });
        study.SetUserAttr("owner", "tests");
        study.Optimize(Objective, new OptimizeOptions { Trials = 12 });
        var reopened = Study.Load("study", new JournalFileStorage(path));
        AssertSameTrials(study.Trials, reopened.Trials);
        Assert.Equal("tests", reopened.UserAttrs["owner"]);
        Assert.Equal(0.5, reopened.Trials[0].Params["x"]);
        Assert.Equal(2, reopened.Trials.Count(t => t.State == TrialState.Pruned));
        Assert.Equal(study.BestValue, reopened.BestValue);
        // Each line is one JSON operation with Optuna's op codes and fields.
        var lines = File.ReadAllLines(path);
        Assert.StartsWith("{\"op_code\":0,\"worker_id\":", lines[0]);
        Assert.Contains("\"study_name\":\"study\",\"directions\":[1]", lines[0]);
        Assert.Contains(lines, l => l.Contains("\"param_name\":\"lr\"", StringComparison.Ordinal)
            && l.Contains("{\\\"name\\\":\\\"FloatDistribution\\\",\\\"attributes\\\":{\\\"step\\\":null,\\\"low\\\":0.0001,\\\"high\\\":0.1,\\\"log\\\":true}}", StringComparison.Ordinal));
    }

    [Fact]
    public void AJournalWrittenByOptunaLoads()
    {
        // Written by Optuna 3.1.0 (Debian's python3-optuna) with a RandomSampler: enqueue, float/log/step, int step/log,
        // a categorical with mixed types, a pruned and a failed trial, and a second, maximising study.
        using var dir = new TempDirectory();
        string path = dir.File("optuna.journal");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "fixtures", "optuna-3.1.journal"), path);
        var storage = new JournalFileStorage(path);
        Assert.Equal(["optuna-fixture", "second"], storage.GetStudyNames());
        var study = Study.Load("optuna-fixture", storage);
        var t = study.Trials;
        Assert.Equal(5, t.Count);
        Assert.Equal([TrialState.Complete, TrialState.Complete, TrialState.Pruned, TrialState.Failed, TrialState.Complete], t.Select(x => x.State));
        Assert.Equal(5.001782649715139, t[0].Value);
        Assert.Equal(1.1162366881056947, t[2].Value);
        Assert.Null(t[3].Value);
        Assert.Equal(0.5, t[0].Params["x"]);
        Assert.Equal(0.0017826497151386949, t[0].Params["lr"]);
        Assert.Equal(0.75, t[0].Params["d"]);
        Assert.Equal(1L, t[0].Params["n"]);
        Assert.Equal(3L, t[0].Params["u"]);
        Assert.Equal("sgd", t[0].Params["opt"]);
        Assert.Equal(1.5, t[1].Params["opt"]);
        Assert.Equal(new CategoricalDistribution(["sgd", "adam", null, 3, 1.5, true]), t[0].Distributions["opt"]);
        Assert.Equal(new FloatDistribution(0, 1, step: 0.25), t[0].Distributions["d"]);
        Assert.Equal(new IntDistribution(1, 128, log: true), t[0].Distributions["u"]);
        Assert.Equal(new Dictionary<int, double> { [0] = 0.25, [1] = 1.25 }, t[0].IntermediateValues);
        Assert.Equal("hi", t[0].UserAttrs["note"]);
        Assert.Equal(5.001782649715139, study.BestValue);
        var second = Study.Load("second", storage);
        Assert.Equal(StudyDirection.Maximize, second.Direction);
        Assert.Equal(1L, second.BestParams["k"]);
        // Taxon can go on with Optuna's study.
        second.Optimize(x => x.SuggestInt("k", 0, 3), new OptimizeOptions { Trials = 2 });
        Assert.Equal(3, second.Trials.Count);
    }

    [Fact]
    public void ATornLastLineIsIgnoredThenCutByTheNextWriter()
    {
        using var dir = new TempDirectory();
        string path = dir.File("j.log");
        var study = Open(path);
        study.Optimize(Objective, new OptimizeOptions { Trials = 3 });
        var before = study.Trials;
        File.AppendAllText(path, "{\"op_code\": 4, \"worker_id\": \"dead\", \"study_id\": 0, \"datetim");
        var reader = Study.Load("study", new JournalFileStorage(path));
        AssertSameTrials(before, reader.Trials);
        var writer = Open(path, seed: 9);
        writer.Optimize(Objective, new OptimizeOptions { Trials = 2 });
        Assert.Equal(5, Study.Load("study", new JournalFileStorage(path)).Trials.Count);
        Assert.DoesNotContain("datetim\n", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.All(File.ReadAllLines(path), l => Assert.EndsWith("}", l));
    }

    [Fact]
    public void AWholeOperationMissingOnlyItsNewlineIsKept()
    {
        using var dir = new TempDirectory();
        string path = dir.File("j.log");
        var study = Open(path);
        study.Optimize(Objective, new OptimizeOptions { Trials = 1 });
        File.AppendAllText(path, "{\"op_code\": 2, \"worker_id\": \"w\", \"study_id\": 0, \"user_attr\": {\"k\": 1}}");
        var writer = Open(path);
        writer.SetUserAttr("other", 2);
        Assert.Equal(1L, Study.Load("study", new JournalFileStorage(path)).UserAttrs["k"]);
    }

    [Fact]
    public void ALosingAppendHandsBackWhatItMissed()
    {
        using var dir = new TempDirectory();
        string path = dir.File("j.log");
        var options = new JournalFileStorageOptions { Fsync = false };
        var a = new JournalFileBackend(path, options);
        var b = new JournalFileBackend(path, options);
        byte[] first = "{\"op_code\": 0, \"worker_id\": \"a\", \"study_name\": \"a\", \"directions\": [1]}"u8.ToArray();
        byte[] second = "{\"op_code\": 0, \"worker_id\": \"b\", \"study_name\": \"b\", \"directions\": [1]}"u8.ToArray();
        Assert.True(a.TryAppend(0, first, [], out long afterA));
        var missed = new List<JournalEntry>();
        Assert.False(b.TryAppend(0, second, missed, out long next));
        Assert.Equal(afterA, next);
        Assert.Equal(first, Assert.Single(missed).Operation.ToArray());
        Assert.Equal(1, missed[0].Number);
        Assert.True(b.TryAppend(next, second, [], out _));
        Assert.Equal(["a", "b"], new JournalStorage(new JournalFileBackend(path, options)).GetStudyNames());
    }

    [Fact]
    public void ALosingAppendHandsBackAWholeOperationThatLackedItsNewline()
    {
        using var dir = new TempDirectory();
        string path = dir.File("j.log");
        var backend = new JournalFileBackend(path, new JournalFileStorageOptions { Fsync = false });
        const string dead = "{\"op_code\": 0, \"worker_id\": \"dead\", \"study_name\": \"a\", \"directions\": [1]}";
        File.WriteAllText(path, dead);
        var missed = new List<JournalEntry>();
        Assert.False(backend.TryAppend(0, "{\"op_code\": 0, \"worker_id\": \"b\", \"study_name\": \"b\", \"directions\": [1]}"u8.ToArray(), missed, out long next));
        Assert.Equal(dead, Encoding.UTF8.GetString(Assert.Single(missed).Operation.Span));
        Assert.Equal(dead.Length + 1, next);
        Assert.Equal(dead + "\n", File.ReadAllText(path));
    }

    [Fact]
    public void AFinishedTrialIsReadWithoutReadingTheLogAgainARunningOneIsNot()
    {
        using var dir = new TempDirectory();
        string path = dir.File("j.log");
        var options = new JournalFileStorageOptions { Fsync = false };
        var counted = new CountingBackend(new JournalFileBackend(path, options));
        var storage = new JournalStorage(counted);
        int study = storage.CreateStudy("s", StudyDirection.Minimize);
        int done = storage.CreateTrial(study);
        Assert.True(storage.SetTrialState(done, TrialState.Complete, 1.0));
        int running = storage.CreateTrial(study);
        var other = new JournalStorage(new JournalFileBackend(path, options));
        other.SetTrialUserAttr(running, "by", "other");
        int reads = counted.Reads;
        Assert.Equal(TrialState.Complete, storage.GetTrial(done).State);
        Assert.Equal(reads, counted.Reads);
        // A running trial may have changed in another process: that read goes to the log and sees the change.
        Assert.Equal("other", storage.GetTrial(running).UserAttrs["by"]);
        Assert.Equal(reads + 1, counted.Reads);
    }

    private sealed class CountingBackend(IJournalBackend inner) : IJournalBackend
    {
        public int Reads { get; private set; }

        public string Name => inner.Name;

        public long Read(long position, List<JournalEntry> entries)
        {
            Reads++;
            return inner.Read(position, entries);
        }

        public bool TryAppend(long position, ReadOnlyMemory<byte> operation, List<JournalEntry> missed, out long next) =>
            inner.TryAppend(position, operation, missed, out next);

        public string DescribeLocation(long number) => inner.DescribeLocation(number);
    }

    [Fact]
    public void ACorruptLineNamesTheFileAndTheLine()
    {
        using var dir = new TempDirectory();
        string path = dir.File("j.log");
        Open(path).Optimize(Objective, new OptimizeOptions { Trials = 1 });
        var lines = File.ReadAllLines(path).ToList();
        lines.Insert(3, "{\"op_code\": 5, \"trial_id\": 0, garbage");
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        var e = Assert.Throws<InvalidDataException>(() => new JournalFileStorage(path));
        Assert.Contains(path + ":4:", e.Message);
        Assert.Contains("corrupt journal line", e.Message);

        lines[3] = "{\"op_code\": 42, \"worker_id\": \"w\"}";
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        Assert.Contains("unknown op_code 42", Assert.Throws<InvalidDataException>(() => new JournalFileStorage(path)).Message);
    }

    [Fact]
    public void NonFiniteValuesUsePythonsTokens()
    {
        using var dir = new TempDirectory();
        string path = dir.File("j.log");
        var study = Open(path);
        var t = study.Ask();
        t.Report(double.PositiveInfinity, 0);
        t.Report(double.NaN, 1);
        study.Tell(t, double.NegativeInfinity);
        Assert.Contains("\"intermediate_value\":Infinity", File.ReadAllText(path), StringComparison.Ordinal);
        var back = Study.Load("study", new JournalFileStorage(path)).Trials[0];
        Assert.Equal(double.PositiveInfinity, back.IntermediateValues[0]);
        Assert.True(double.IsNaN(back.IntermediateValues[1]));
        Assert.Equal(double.NegativeInfinity, back.Value);
    }

    [Fact]
    public async Task FourWorkersAppendingToOneJournalGetUniqueTrialNumbers()
    {
        using var dir = new TempDirectory();
        string path = dir.File("j.log");
        Open(path);
        // Each worker has its own storage, file handles and replay, as a separate process would.
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            var study = Open(path, seed: w);
            study.Optimize(t => t.SuggestFloat("x", 0, 1) + t.SuggestInt("n", 0, 3), new OptimizeOptions { StudyTrials = 60 });
        })).ToArray();
        await Task.WhenAll(workers);
        var trials = Study.Load("study", new JournalFileStorage(path)).Trials;
        Assert.Equal(60, trials.Count);
        Assert.Equal(Enumerable.Range(0, 60), trials.Select(t => t.Number));
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.All(trials, t => Assert.Equal(2, t.Params.Count));
        Assert.False(File.Exists(path + ".lock"));
    }

    [Fact]
    public async Task EnqueuedTrialsAreClaimedOnceAcrossWorkers()
    {
        using var dir = new TempDirectory();
        string path = dir.File("j.log");
        var owner = Open(path);
        for (int i = 0; i < 20; i++)
        {
            owner.EnqueueTrial(new Dictionary<string, object?> { ["i"] = i });
        }
        var claimed = new System.Collections.Concurrent.ConcurrentBag<int>();
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            var study = Open(path, seed: w);
            for (int k = 0; k < 5; k++)
            {
                var t = study.Ask();
                claimed.Add(t.SuggestInt("i", 0, 100));
                study.Tell(t, 0);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        Assert.Equal(Enumerable.Range(0, 20), claimed.Order());
    }

    [Fact]
    public void AStaleTrialIsFailedAfterTwiceItsHeartbeatIntervalAndRequeued()
    {
        using var dir = new TempDirectory();
        string path = dir.File("j.log");
        var clock = new ManualClock(DateTimeOffset.UnixEpoch.AddDays(20000));
        var dying = Open(path, clock: clock);
        var alive = Open(path, seed: 1, clock: clock);
        // The dying worker starts a trial with a 10 s heartbeat and then stops beating (as if killed).
        Trial? orphan = null;
        Assert.Throws<InvalidOperationException>(() => dying.Optimize(t =>
        {
            t.SuggestFloat("x", 0, 1);
            orphan = t;
            throw new InvalidOperationException("simulated crash: the trial is failed by this worker");
        }, new OptimizeOptions { Trials = 1, HeartbeatInterval = TimeSpan.FromSeconds(10) }));
        // That trial finished as failed; now a trial whose worker truly vanishes: started, beat once, no more.
        var vanished = dying.Ask();
        double x = vanished.SuggestFloat("x", 0, 1);
        dying.Storage.SetTrialSystemAttr(vanished.TrialId, "taxon_heartbeat_interval", 10.0);
        dying.RecordHeartbeat(vanished);

        clock.Advance(TimeSpan.FromSeconds(19));
        Assert.Empty(alive.FailStaleTrials(requeue: true));          // within 2 x 10 s
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal([vanished.Number], alive.FailStaleTrials(requeue: true));
        Assert.Empty(alive.FailStaleTrials(requeue: true));          // failed once, re-queued once

        var trials = Study.Load("study", new JournalFileStorage(path)).Trials;
        Assert.Equal(TrialState.Failed, trials[vanished.Number].State);
        var retry = Assert.Single(trials, t => t.State == TrialState.Waiting);
        Assert.Equal((long)vanished.Number, retry.SystemAttrs["failed_trial"]);
        Assert.Equal(x, retry.Params["x"]);

        // The next worker claims the re-queued trial and sees the same parameter.
        alive.Optimize(t => t.SuggestFloat("x", 0, 1), new OptimizeOptions { Trials = 1, HeartbeatInterval = TimeSpan.FromSeconds(10) });
        var done = Study.Load("study", new JournalFileStorage(path)).Trials[retry.Number];
        Assert.Equal(TrialState.Complete, done.State);
        Assert.Equal(x, done.Value);
        // The late worker's result is refused, not recorded twice.
        Assert.Throws<InvalidOperationException>(() => dying.Tell(vanished, 1.0));
        Assert.NotNull(orphan);
    }

    [Fact]
    public void HeartbeatsAreWrittenWhileATrialRuns()
    {
        using var dir = new TempDirectory();
        string path = dir.File("j.log");
        var study = Open(path);
        study.Optimize(t =>
        {
            // Wait for the timer's second beat rather than for a fixed time.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (CountBeats(path) < 2 && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(5);
            }
            return 0;
        }, new OptimizeOptions { Trials = 1, HeartbeatInterval = TimeSpan.FromMilliseconds(20) });
        Assert.True(CountBeats(path) >= 2);
        Assert.Equal(0.02, (double)study.Trials[0].SystemAttrs["taxon_heartbeat_interval"]!, 9);
    }

    private static int CountBeats(string path)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var r = new StreamReader(f, Encoding.UTF8);
        return r.ReadToEnd().Split('\n').Count(l => l.Contains("\"taxon_heartbeat\":", StringComparison.Ordinal));
    }
}
