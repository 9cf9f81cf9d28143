using System.Globalization;
using Taxon.Tuning;
using Taxon.Tuning.Pruners;
using Taxon.Tuning.Samplers;
using Taxon.Tuning.Storages;

// A worker process for the storage tests and bench/tuning-workers: it joins a study in a shared storage and runs
// an objective that sleeps, until the study holds --study-trials trials. It prints "started N" when trial N begins
// and "finished N STATE" when it ends, so a test can kill it mid-trial; --hang makes its first trial never end.
//
//   Taxon.Tuning.Worker --storage journal:PATH|redis://HOST:PORT[/DB] [--study NAME] --study-trials N
//     [--sleep-ms MS] [--hang] [--seed S] [--sampler random|tpe] [--heartbeat-ms MS] [--grace-ms MS] [--requeue]
var options = new Dictionary<string, string>(StringComparer.Ordinal);
var flags = new HashSet<string>(StringComparer.Ordinal);
for (int i = 0; i < args.Length; i++)
{
    if (args[i] is "--hang" or "--requeue")
    {
        flags.Add(args[i]);
    }
    else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
    {
        options[args[i]] = args[++i];
    }
    else
    {
        Console.Error.WriteLine($"worker: unexpected argument '{args[i]}'");
        return 2;
    }
}
string Get(string name, string fallback) => options.TryGetValue(name, out string? v) ? v : fallback;
int GetInt(string name, int fallback) => options.TryGetValue(name, out string? v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

if (!options.TryGetValue("--storage", out string? url))
{
    Console.Error.WriteLine("worker: --storage journal:PATH|redis://HOST:PORT[/DB] is required");
    return 2;
}
JournalRedisStorage.RegisterUrlScheme();
long seed = GetInt("--seed", 0);
int sleepMs = GetInt("--sleep-ms", 0);
bool hang = flags.Contains("--hang");
int heartbeatMs = GetInt("--heartbeat-ms", 0);
int graceMs = GetInt("--grace-ms", 0);
try
{
    var study = Study.Create(new StudyOptions
    {
        Name = Get("--study", "study"),
        Storage = StudyStorages.Open(url),
        Sampler = Get("--sampler", "random") == "tpe" ? new TpeSampler(new TpeSamplerOptions { Seed = seed }) : new RandomSampler(seed),
        Pruner = new NopPruner(),
        LoadIfExists = true,
    });
    study.Optimize(trial =>
    {
        Console.Out.WriteLine($"started {trial.Number}");
        Console.Out.Flush();
        double x = trial.SuggestFloat("x", -5, 5);
        int n = trial.SuggestInt("n", 0, 10);
        if (hang)
        {
            Console.Out.WriteLine($"hanging {trial.Number}");
            Console.Out.Flush();
            Thread.Sleep(Timeout.Infinite);
        }
        if (sleepMs > 0)
        {
            Thread.Sleep(sleepMs);
        }
        return x * x + n;
    }, new OptimizeOptions
    {
        StudyTrials = GetInt("--study-trials", 10),
        HeartbeatInterval = heartbeatMs > 0 ? TimeSpan.FromMilliseconds(heartbeatMs) : null,
        GracePeriod = graceMs > 0 ? TimeSpan.FromMilliseconds(graceMs) : null,
        RequeueStaleTrials = flags.Contains("--requeue"),
        TrialFinished = (_, t) =>
        {
            Console.Out.WriteLine($"finished {t.Number} {t.State.ToString().ToLowerInvariant()}");
            Console.Out.Flush();
        },
    });
    return 0;
}
catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or TimeoutException or KeyNotFoundException)
{
    Console.Error.WriteLine($"worker: {e.GetType().Name}: {e.Message}");
    return 1;
}
