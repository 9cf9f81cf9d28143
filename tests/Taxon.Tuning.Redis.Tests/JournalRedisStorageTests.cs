using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Taxon.Tuning.Pruners;
using Taxon.Tuning.Samplers;
using Taxon.Tuning.Storages;

namespace Taxon.Tuning.Tests;

/// <summary>The Redis journal against a real redis-server: the log, its layout, compare-and-append and failures.</summary>
public class JournalRedisStorageTests
{
    private static Study Open(IStudyStorage storage, long seed = 0) => Study.Create(new StudyOptions
    {
        Name = "study",
        Storage = storage,
        Sampler = new RandomSampler(seed),
        Pruner = new NopPruner(),
        LoadIfExists = true,
    });

    private static double Objective(Trial t)
    {
        double x = t.SuggestFloat("x", -1, 1);
        double lr = t.SuggestFloat("lr", 1e-4, 1e-1, log: true);
        string opt = t.SuggestCategorical("opt", ["sgd", "adam"]);
        t.SetUserAttr("tag", opt);
        t.Report(x * x, 0);
        return t.Number % 4 == 3 ? throw new TrialPrunedException() : x * x + lr;
    }

    [RedisFact]
    public void AStudyRoundTripsThroughRedisInOptunasKeyLayout()
    {
        using var server = RedisServer.Start();
        using var storage = new JournalRedisStorage(server.Url);
        var study = Open(storage);
        study.EnqueueTrial(new Dictionary<string, object?> { ["x"] = 0.5, ["opt"] = "adam" });
        study.SetUserAttr("owner", "tests");
        study.Optimize(Objective, new OptimizeOptions { Trials = 8 });

        using var other = new JournalRedisStorage(server.Url);
        var reopened = Study.Load("study", other);
        Assert.Equal(study.Trials.Select(t => (t.Number, t.State, t.Value)), reopened.Trials.Select(t => (t.Number, t.State, t.Value)));
        Assert.Equal(study.Trials.Select(t => t.Params), reopened.Trials.Select(t => t.Params));
        Assert.Equal(study.Trials.Select(t => t.IntermediateValues), reopened.Trials.Select(t => t.IntermediateValues));
        Assert.Equal(0.5, reopened.Trials[0].Params["x"]);
        Assert.Equal("tests", reopened.UserAttrs["owner"]);
        Assert.Equal(2, reopened.Trials.Count(t => t.State == TrialState.Pruned));
        // Optuna 3.1's layout: log_number is the last index, log:N the operations in the journal's JSON.
        long last = long.Parse(ReadBulk(server, "GET log_number"), CultureInfo.InvariantCulture);
        Assert.True(last > 10);
        Assert.StartsWith("{\"op_code\":0,\"worker_id\":", ReadBulk(server, "GET log:0"));
    }

    [RedisFact]
    public void StudyStoragesOpensRedisUrlsOnceRegistered()
    {
        using var server = RedisServer.Start();
        JournalRedisStorage.RegisterUrlScheme();
        var storage = StudyStorages.Open(server.Url);
        try
        {
            Assert.IsType<JournalRedisStorage>(storage);
            Open(storage).Optimize(t => t.SuggestFloat("x", 0, 1), new OptimizeOptions { Trials = 3 });
            Assert.Equal(3, Study.Load("study", new JournalRedisStorage(server.Url)).Trials.Count);
        }
        finally
        {
            ((IDisposable)storage).Dispose();
        }
    }

    [RedisFact]
    public void OnlyOneOfTwoAppendsAtTheSameEndWins()
    {
        using var server = RedisServer.Start();
        using var a = new JournalRedisBackend(JournalRedisOptions.FromUrl(server.Url));
        using var b = new JournalRedisBackend(JournalRedisOptions.FromUrl(server.Url));
        Assert.True(a.TryAppend(0, "{\"op_code\": 0, \"study_name\": \"a\", \"directions\": [1]}"u8.ToArray(), [], out _));
        var missed = new List<JournalEntry>();
        Assert.False(b.TryAppend(0, "{\"op_code\": 0, \"study_name\": \"b\", \"directions\": [1]}"u8.ToArray(), missed, out long next));
        // The losing append hands back what it missed, as a read from its position would.
        Assert.Equal(1, next);
        Assert.Equal("a", JsonDocument.Parse(Assert.Single(missed).Operation).RootElement.GetProperty("study_name").GetString());
        Assert.True(b.TryAppend(1, "{\"op_code\": 0, \"study_name\": \"b\", \"directions\": [1]}"u8.ToArray(), [], out _));
        Assert.Equal(["a", "b"], new JournalStorage(a).GetStudyNames());
    }

    [RedisFact]
    public void ALosingAppendFarBehindHandsBackTheWholeRest()
    {
        using var server = RedisServer.Start();
        using var a = new JournalRedisBackend(JournalRedisOptions.FromUrl(server.Url));
        using var b = new JournalRedisBackend(JournalRedisOptions.FromUrl(server.Url));
        // More entries than one script reply carries (512): the rest is read before the loser decides again.
        const int ahead = 1300;
        for (int i = 0; i < ahead; i++)
        {
            Assert.True(a.TryAppend(i, Encoding.UTF8.GetBytes($"{{\"op_code\": 2, \"worker_id\": \"a\", \"study_id\": 0, \"user_attr\": {{\"k\": {i}}}}}"), [], out _));
        }
        var missed = new List<JournalEntry>();
        Assert.False(b.TryAppend(0, "{\"op_code\": 0, \"study_name\": \"b\", \"directions\": [1]}"u8.ToArray(), missed, out long next));
        Assert.Equal(ahead, next);
        Assert.Equal(ahead, missed.Count);
        for (int i = 0; i < ahead; i++)
        {
            Assert.Equal(i, missed[i].Number);
            Assert.Equal(i, JsonDocument.Parse(missed[i].Operation).RootElement.GetProperty("user_attr").GetProperty("k").GetInt32());
        }
    }

    [RedisFact]
    public void AServerThatLostTheLogIsAClearError()
    {
        using var server = RedisServer.Start();
        using var storage = new JournalRedisStorage(server.Url);
        Open(storage).Optimize(t => t.SuggestFloat("x", 0, 1), new OptimizeOptions { Trials = 2 });
        Assert.Equal("+OK", server.Command("FLUSHALL"));
        var e = Assert.Throws<InvalidDataException>(() => storage.GetAllTrials(0));
        Assert.Contains("lost data", e.Message);
    }

    [Fact]
    public void AnUnreachableServerFailsClearlyAfterTheRetryLimit()
    {
        var watch = Stopwatch.StartNew();
        var e = Assert.Throws<RedisStorageUnavailableException>(() => new JournalRedisStorage(new JournalRedisOptions { Host = "127.0.0.1", Port = 1, RetryTimeout = TimeSpan.FromSeconds(1) }));
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.5, 10);
        Assert.Contains("redis://127.0.0.1:1/0", e.Message);
        Assert.Contains("has not answered", e.Message);
    }

    [Theory]
    [InlineData("redis://localhost", "localhost", 6379, 0, null)]
    [InlineData("redis://10.0.0.5:6380/3", "10.0.0.5", 6380, 3, null)]
    [InlineData("redis://:secret@cache:7000/1", "cache", 7000, 1, "secret")]
    public void RedisUrlsAreParsed(string url, string host, int port, int database, string? password)
    {
        var o = JournalRedisOptions.FromUrl(url);
        Assert.Equal((host, port, database, password), (o.Host, o.Port, o.Database, o.Password));
    }

    [Theory]
    [InlineData("redis://host:6379/zero", "must be a number")]
    [InlineData("http://host:6379", "not a Redis URL")]
    [InlineData("redis://host:6379/0?timeout=1", "query options")]
    public void BadRedisUrlsSayWhatIsWrong(string url, string message)
    {
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => JournalRedisOptions.FromUrl(url)).Message);
    }

    private static string ReadBulk(RedisServer server, string command)
    {
        using var client = new System.Net.Sockets.TcpClient("127.0.0.1", server.Port);
        using var stream = client.GetStream();
        stream.Write(System.Text.Encoding.ASCII.GetBytes(command + "\r\n"));
        var reader = new StreamReader(stream);
        string header = reader.ReadLine()!;
        return header == "$-1" ? throw new KeyNotFoundException(command) : reader.ReadLine()!;
    }
}
