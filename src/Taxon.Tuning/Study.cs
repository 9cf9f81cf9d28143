using System.Diagnostics;
using System.Globalization;
using System.Text;
using Taxon.Tuning.Pruners;
using Taxon.Tuning.Samplers;
using Taxon.Tuning.Storages;

namespace Taxon.Tuning;

/// <summary>
/// An optimisation task: a direction, a storage holding its trials, a sampler that proposes parameters and a
/// pruner that stops unpromising trials (Optuna: <c>Study</c>). Run it with <see cref="Optimize"/> and an
/// objective, or drive it with <see cref="Ask"/> and <see cref="Tell(Trial, double)"/>. Many workers (threads,
/// or processes sharing a <see cref="JournalFileStorage"/>) may optimise one study at once.
/// </summary>
public sealed class Study
{
    /// <summary>The system attribute holding an enqueued trial's fixed parameters (Optuna's key).</summary>
    internal const string FixedParamsKey = "fixed_params";

    /// <summary>The system attribute holding a running trial's last heartbeat, in seconds since the Unix epoch.</summary>
    internal const string HeartbeatKey = "taxon_heartbeat";

    /// <summary>The system attribute holding the heartbeat interval of the trial's worker, in seconds.</summary>
    internal const string HeartbeatIntervalKey = "taxon_heartbeat_interval";

    private volatile bool _stopRequested;

    private Study(string name, int studyId, StudyDirection direction, IStudyStorage storage, ISampler sampler, IPruner pruner, TimeProvider clock)
    {
        Name = name;
        StudyId = studyId;
        Direction = direction;
        Storage = storage;
        Sampler = sampler;
        Pruner = pruner;
        Clock = clock;
    }

    /// <summary>The study's name (Optuna: <c>study_name</c>).</summary>
    public string Name { get; }

    /// <summary>Minimise or maximise.</summary>
    public StudyDirection Direction { get; }

    /// <summary>Where the trials live.</summary>
    public IStudyStorage Storage { get; }

    /// <summary>The sampler.</summary>
    public ISampler Sampler { get; }

    /// <summary>The pruner.</summary>
    public IPruner Pruner { get; }

    /// <summary>The clock for heartbeats.</summary>
    public TimeProvider Clock { get; }

    internal int StudyId { get; }

    /// <summary>All trials, by number (Optuna: <c>trials</c>).</summary>
    public IReadOnlyList<FrozenTrial> Trials => Storage.GetAllTrials(StudyId);

    /// <summary>The best complete trial (Optuna: <c>best_trial</c>); throws when no trial has completed.</summary>
    public FrozenTrial BestTrial
    {
        get
        {
            FrozenTrial? best = null;
            foreach (var t in Trials)
            {
                if (t.State == TrialState.Complete && t.Value is { } v && (best is null || IsBetter(v, best.Value!.Value)))
                {
                    best = t;
                }
            }
            return best ?? throw new InvalidOperationException($"Study '{Name}' has no complete trial yet.");
        }
    }

    /// <summary>The best trial's value (Optuna: <c>best_value</c>).</summary>
    public double BestValue => BestTrial.Value!.Value;

    /// <summary>The best trial's parameters (Optuna: <c>best_params</c>).</summary>
    public IReadOnlyDictionary<string, object?> BestParams => BestTrial.Params;

    /// <summary>The study's user attributes (Optuna: <c>user_attrs</c>).</summary>
    public IReadOnlyDictionary<string, object?> UserAttrs => Storage.GetStudyUserAttrs(StudyId);

    /// <summary>
    /// Creates a study, or opens it with <see cref="StudyOptions.LoadIfExists"/> (Optuna: <c>create_study</c>).
    /// An opened study keeps its stored direction.
    /// </summary>
    public static Study Create(StudyOptions? options = null)
    {
        options ??= new StudyOptions();
        var storage = options.Storage ?? new InMemoryStorage(options.Clock);
        string name = options.Name ?? "no-name-" + Guid.NewGuid().ToString();
        int studyId;
        if (options.LoadIfExists && storage.FindStudy(name) is { } existing)
        {
            studyId = existing;
        }
        else
        {
            try
            {
                studyId = storage.CreateStudy(name, options.Direction);
            }
            catch (DuplicateStudyException) when (options.LoadIfExists)
            {
                // Another worker created it between our look-up and our creation.
                studyId = storage.FindStudy(name)!.Value;
            }
        }
        return new Study(name, studyId, storage.GetStudyDirection(studyId), storage,
            options.Sampler ?? new TpeSampler(), options.Pruner ?? new MedianPruner(), options.Clock);
    }

    /// <summary>Opens an existing study (Optuna: <c>load_study</c>); throws <see cref="KeyNotFoundException"/> when there is none of that name.</summary>
    public static Study Load(string name, IStudyStorage storage, ISampler? sampler = null, IPruner? pruner = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        int studyId = storage.FindStudy(name) ?? throw new KeyNotFoundException($"No study named '{name}' in the storage (studies: {string.Join(", ", storage.GetStudyNames())}).");
        return new Study(name, studyId, storage.GetStudyDirection(studyId), storage, sampler ?? new TpeSampler(), pruner ?? new MedianPruner(), clock ?? TimeProvider.System);
    }

    /// <summary>The trials in the given states (all when none are given).</summary>
    public IReadOnlyList<FrozenTrial> GetTrials(params TrialState[] states) =>
        states.Length == 0 ? Trials : [.. Trials.Where(t => states.Contains(t.State))];

    /// <summary>Sets a study attribute (Optuna: <c>set_user_attr</c>).</summary>
    public void SetUserAttr(string key, object? value) => Storage.SetStudyUserAttr(StudyId, key, value);

    /// <summary>
    /// Adds a waiting trial whose parameters named in <paramref name="parameters"/> take those values; the next
    /// worker to start a trial claims it (Optuna: <c>enqueue_trial</c>). With <paramref name="skipIfExists"/>, does
    /// nothing when a trial with the same fixed parameters already exists.
    /// </summary>
    public void EnqueueTrial(IReadOnlyDictionary<string, object?> parameters, IReadOnlyDictionary<string, object?>? userAttrs = null, bool skipIfExists = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var fixedParams = (Dictionary<string, object?>)JsonValues.Normalise(parameters)!;
        if (skipIfExists && Trials.Any(t => SameFixedParams(t, fixedParams)))
        {
            return;
        }
        Storage.CreateTrial(StudyId, new FrozenTrial
        {
            State = TrialState.Waiting,
            UserAttrs = userAttrs is null ? new Dictionary<string, object?>() : (Dictionary<string, object?>)JsonValues.Normalise(userAttrs)!,
            SystemAttrs = new Dictionary<string, object?> { [FixedParamsKey] = fixedParams },
        });
    }

    /// <summary>
    /// Starts a trial: claims the oldest waiting (enqueued) trial or creates a new one (Optuna: <c>ask</c>). Finish
    /// it with <see cref="Tell(Trial, double)"/>.
    /// </summary>
    public Trial Ask() => TryAsk(null, default) ?? throw new InvalidOperationException("Unreachable: a claim without a limit always succeeds.");

    /// <summary>Finishes <paramref name="trial"/> as complete with <paramref name="value"/>, or failed when the value is NaN (Optuna: <c>tell</c>).</summary>
    public FrozenTrial Tell(Trial trial, double value) =>
        Tell(trial, double.IsNaN(value) ? TrialState.Failed : TrialState.Complete, double.IsNaN(value) ? null : value);

    /// <summary>
    /// Finishes <paramref name="trial"/> in <paramref name="state"/> (Optuna: <c>tell</c> with <c>state</c>). A pruned
    /// trial without a value gets its last reported value. Throws when the trial has already finished, for
    /// instance because another worker failed it after its heartbeat stopped.
    /// </summary>
    public FrozenTrial Tell(Trial trial, TrialState state, double? value = null)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (!state.IsFinished())
        {
            throw new ArgumentException($"Tell: a trial can only finish as Complete, Pruned or Failed, not {state}.", nameof(state));
        }
        if (state == TrialState.Complete && (value is null || double.IsNaN(value.Value)))
        {
            throw new ArgumentException("Tell: a complete trial needs a value that is not NaN.", nameof(value));
        }
        if (state == TrialState.Pruned && value is null && trial.IntermediateValues.Count > 0)
        {
            value = trial.IntermediateValues.Last().Value;
        }
        if (state == TrialState.Failed)
        {
            value = null;
        }
        if (!Storage.SetTrialState(trial.TrialId, state, value))
        {
            var stored = Storage.GetTrial(trial.TrialId);
            throw new InvalidOperationException($"Trial {trial.Number} had already finished as {stored.State} (another worker marks a trial failed when its heartbeat stops); its result {state} was not recorded.");
        }
        var frozen = Storage.GetTrial(trial.TrialId);
        Sampler.AfterTrial(this, frozen, state, value);
        return frozen;
    }

    /// <summary>Stops <see cref="Optimize"/> after the running trials (Optuna: <c>stop</c>).</summary>
    public void Stop() => _stopRequested = true;

    /// <summary>
    /// Runs trials of <paramref name="objective"/> until a budget of <paramref name="options"/> is spent, the sampler
    /// or a callback calls <see cref="Stop"/>, or <paramref name="cancellationToken"/> is cancelled (Optuna:
    /// <c>optimize</c>). The objective returns the value to minimise or maximise; it may throw
    /// <see cref="TrialPrunedException"/> to end its trial as pruned. An exception not listed in
    /// <see cref="OptimizeOptions.Catch"/> fails its trial and is rethrown; cancellation ends with an
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public void Optimize(Func<Trial, double> objective, OptimizeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        options ??= new OptimizeOptions();
        if (options.Jobs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"OptimizeOptions.Jobs must be at least 1, got {options.Jobs}.");
        }
        _stopRequested = false;
        var watch = Stopwatch.StartNew();
        int started = 0;
        void Worker()
        {
            while (!_stopRequested)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (options.Timeout is { } timeout && watch.Elapsed >= timeout)
                {
                    return;
                }
                if (options.Trials is { } budget && Interlocked.Increment(ref started) > budget)
                {
                    return;
                }
                if (options.HeartbeatInterval is not null)
                {
                    FailStaleTrials(options.GracePeriod, options.RequeueStaleTrials);
                }
                var trial = TryAsk(options.StudyTrials, cancellationToken);
                if (trial is null)
                {
                    return;
                }
                var frozen = RunTrial(trial, objective, options);
                options.TrialFinished?.Invoke(this, frozen);
            }
        }
        if (options.Jobs == 1)
        {
            Worker();
            return;
        }
        var threads = new Task[options.Jobs];
        for (int j = 0; j < threads.Length; j++)
        {
            threads[j] = Task.Factory.StartNew(Worker, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        try
        {
            Task.WaitAll(threads);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>
    /// Marks failed every running trial whose heartbeat is older than <paramref name="gracePeriod"/> (default:
    /// twice the interval its worker recorded) and, with <paramref name="requeue"/>, enqueues a waiting copy of its
    /// parameters (Optuna: <c>fail_stale_trials</c> and <c>RetryFailedTrialCallback</c>). Trials without heartbeats
    /// are left alone. Returns the numbers of the trials failed by this call; a trial that another worker fails
    /// first is not counted, so each stale trial is re-queued once.
    /// </summary>
    public IReadOnlyList<int> FailStaleTrials(TimeSpan? gracePeriod = null, bool requeue = false)
    {
        double now = Clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
        var failed = new List<int>();
        foreach (var t in Trials)
        {
            if (t.State != TrialState.Running || !t.SystemAttrs.TryGetValue(HeartbeatKey, out object? beat) || beat is not double last)
            {
                continue;
            }
            double grace = gracePeriod?.TotalSeconds
                ?? 2 * (t.SystemAttrs.TryGetValue(HeartbeatIntervalKey, out object? i) && i is double interval ? interval : 60);
            if (now - last <= grace || !Storage.SetTrialState(t.TrialId, TrialState.Failed))
            {
                continue;
            }
            failed.Add(t.Number);
            if (requeue)
            {
                var history = t.SystemAttrs.TryGetValue("retry_history", out object? h) && h is List<object?> previous ? new List<object?>(previous) : [];
                history.Add((long)t.Number);
                Storage.CreateTrial(StudyId, new FrozenTrial
                {
                    State = TrialState.Waiting,
                    InternalParams = t.InternalParams,
                    Distributions = t.Distributions,
                    UserAttrs = t.UserAttrs,
                    SystemAttrs = new Dictionary<string, object?>
                    {
                        ["failed_trial"] = (long)t.Number,
                        ["retry_history"] = history,
                        [FixedParamsKey] = new Dictionary<string, object?>(t.Params),
                    },
                });
            }
        }
        return failed;
    }

    /// <summary>
    /// A text table of the trials (number, state, value, duration, parameters) under a line naming the study, its
    /// counts and its best trial: the console view of Optuna's <c>trials_dataframe</c>. Shows the last
    /// <paramref name="maxRows"/> trials.
    /// </summary>
    public string FormatSummary(int maxRows = 50)
    {
        var trials = Trials;
        var sb = new StringBuilder();
        int Count(TrialState s) => trials.Count(t => t.State == s);
        sb.Append(CultureInfo.InvariantCulture, $"Study '{Name}' ({Direction.ToString().ToLowerInvariant()}): {trials.Count} trials, {Count(TrialState.Complete)} complete, {Count(TrialState.Pruned)} pruned, {Count(TrialState.Failed)} failed, {Count(TrialState.Running)} running, {Count(TrialState.Waiting)} waiting");
        FrozenTrial? best = trials.Any(t => t.State == TrialState.Complete) ? BestTrial : null;
        if (best is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"; best: trial {best.Number}, value {best.Value!.Value:G6}");
        }
        sb.AppendLine();
        var names = trials.SelectMany(t => t.InternalParams.Keys).Distinct().ToList();
        var header = new List<string> { "number", "state", "value", "seconds" };
        header.AddRange(names);
        var rows = new List<List<string>> { header };
        foreach (var t in trials.Skip(Math.Max(0, trials.Count - maxRows)))
        {
            var row = new List<string>
            {
                t.Number.ToString(CultureInfo.InvariantCulture),
                t.State.ToString().ToLowerInvariant(),
                t.Value is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "",
                t.Duration is { } d ? d.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) : "",
            };
            var p = t.Params;
            row.AddRange(names.Select(n => p.TryGetValue(n, out object? x) ? FormatValue(x) : ""));
            rows.Add(row);
        }
        var widths = Enumerable.Range(0, header.Count).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            sb.AppendLine(string.Join("  ", row.Select((cell, c) => c < 4 && c != 1 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd());
        }
        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => $"Study '{Name}' ({Direction})";

    internal bool IsBetter(double candidate, double incumbent) =>
        Direction == StudyDirection.Minimize ? candidate < incumbent : candidate > incumbent;

    private Trial? TryAsk(int? maxTrials, CancellationToken cancellationToken)
    {
        if (Storage.ClaimTrial(StudyId, maxTrials) is not { } trialId)
        {
            return null;
        }
        return new Trial(this, Storage.GetTrial(trialId), cancellationToken);
    }

    private FrozenTrial RunTrial(Trial trial, Func<Trial, double> objective, OptimizeOptions options)
    {
        using var heartbeat = options.HeartbeatInterval is { } interval ? StartHeartbeat(trial, interval) : null;
        double value;
        try
        {
            value = objective(trial);
        }
        catch (TrialPrunedException)
        {
            heartbeat?.Dispose();
            return TellOrReload(trial, TrialState.Pruned, null);
        }
        catch (Exception e)
        {
            heartbeat?.Dispose();
            var frozen = TellOrReload(trial, TrialState.Failed, null);
            if (e is OperationCanceledException || !options.Catch.Any(type => type.IsInstanceOfType(e)))
            {
                throw;
            }
            return frozen;
        }
        heartbeat?.Dispose();
        return double.IsNaN(value) ? TellOrReload(trial, TrialState.Failed, null) : TellOrReload(trial, TrialState.Complete, value);
    }

    // A worker whose trial another worker failed (its heartbeat looked stale) goes on with the next trial.
    private FrozenTrial TellOrReload(Trial trial, TrialState state, double? value)
    {
        try
        {
            return Tell(trial, state, value);
        }
        catch (InvalidOperationException) when (Storage.GetTrial(trial.TrialId).State.IsFinished())
        {
            return Storage.GetTrial(trial.TrialId);
        }
    }

    private Timer StartHeartbeat(Trial trial, TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), "OptimizeOptions.HeartbeatInterval must be positive.");
        }
        Storage.SetTrialSystemAttr(trial.TrialId, HeartbeatIntervalKey, interval.TotalSeconds);
        RecordHeartbeat(trial);
        return new Timer(_ =>
        {
            try
            {
                RecordHeartbeat(trial);
            }
            catch (InvalidOperationException)
            {
                // The trial finished (or was failed by another worker) between two beats.
            }
            catch (Exception e) when (e is IOException or TimeoutException)
            {
                // The storage is unreachable (a Redis restart): this beat is missed, and an exception here would end
                // the process from a timer thread. The trial's own storage calls report a lasting outage.
            }
        }, null, interval, interval);
    }

    /// <summary>Records that <paramref name="trial"/>'s worker is alive now.</summary>
    public void RecordHeartbeat(Trial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        Storage.SetTrialSystemAttr(trial.TrialId, HeartbeatKey, Clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
    }

    private static bool SameFixedParams(FrozenTrial t, Dictionary<string, object?> fixedParams)
    {
        if (!t.SystemAttrs.TryGetValue(FixedParamsKey, out object? f) || f is not IReadOnlyDictionary<string, object?> other || other.Count != fixedParams.Count)
        {
            return false;
        }
        return fixedParams.All(kv => other.TryGetValue(kv.Key, out object? v) && Equals(v, kv.Value));
    }

    private static string FormatValue(object? x) => x switch
    {
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        string s => s,
        _ => CategoricalDistribution.Describe(x),
    };
}
