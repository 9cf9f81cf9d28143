using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Taxon.Tuning.Storages;

/// <summary>
/// A storage that keeps every change as an operation in a shared append-only log, in the format of Optuna 3.1's
/// journal, and rebuilds studies and trials by replaying it (Optuna: <c>JournalStorage</c>). The log lives in an
/// <see cref="IJournalBackend"/>: a file (<see cref="JournalFileStorage"/>) or Redis (<c>JournalRedisStorage</c> in
/// Taxon.Tuning.Redis). Every write decides on a ledger replayed up to the log's end and appends with a
/// compare-and-append at that end; when another process appended first, it replays their operations and decides
/// again. So checks such as "this trial is still waiting" and the append they guard are one atomic step: workers
/// claim trials atomically across processes and machines. Safe to call from many threads.
/// </summary>
public class JournalStorage : IStudyStorage
{
    private readonly StudyLedger _ledger = new();
    private readonly Lock _lock = new();
    private readonly IJournalBackend _backend;
    private readonly TimeProvider _clock;
    private readonly string _workerIdPrefix = Guid.NewGuid().ToString() + "-";
    private readonly List<JournalEntry> _entries = [];
    private long _position;
    private byte[]? _proposed;

    /// <summary>Opens the log of <paramref name="backend"/> and replays it; <paramref name="clock"/> (default: the system clock) stamps start and completion times.</summary>
    public JournalStorage(IJournalBackend backend, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(backend);
        _backend = backend;
        _clock = clock ?? TimeProvider.System;
        lock (_lock)
        {
            Sync();
        }
    }

    /// <summary>The log under this storage.</summary>
    public IJournalBackend Backend => _backend;

    /// <inheritdoc />
    public int CreateStudy(string name, StudyDirection direction)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Write(() =>
        {
            _ledger.EnsureStudyNameFree(name);
            Propose(JournalOperation.CreateStudy, w =>
            {
                w.WriteString("study_name", name);
                w.WriteStartArray("directions");
                w.WriteNumberValue((int)direction);
                w.WriteEndArray();
            });
            return _ledger.NextStudyId;
        });
    }

    /// <inheritdoc />
    public int? FindStudy(string name) => Read(() => _ledger.FindStudy(name));

    /// <inheritdoc />
    public IReadOnlyList<string> GetStudyNames() => Read(() => (IReadOnlyList<string>)[.. _ledger.Studies.Select(s => s.Name)]);

    /// <inheritdoc />
    public string GetStudyName(int studyId) => Read(() => _ledger.GetStudy(studyId).Name);

    /// <inheritdoc />
    public StudyDirection GetStudyDirection(int studyId) => Read(() => _ledger.GetStudy(studyId).Direction);

    /// <inheritdoc />
    public void SetStudyUserAttr(int studyId, string key, object? value)
    {
        object? v = JsonValues.Normalise(value);
        Write(() =>
        {
            _ledger.GetStudy(studyId);
            Propose(JournalOperation.SetStudyUserAttr, w =>
            {
                w.WriteNumber("study_id", studyId);
                w.WriteStartObject("user_attr");
                w.WritePropertyName(key);
                JsonValues.Write(w, v);
                w.WriteEndObject();
            });
            return 0;
        });
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object?> GetStudyUserAttrs(int studyId) =>
        Read(() => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>(_ledger.GetStudy(studyId).UserAttrs));

    /// <inheritdoc />
    public int CreateTrial(int studyId, FrozenTrial? template = null) => Write(() =>
    {
        _ledger.GetStudy(studyId);
        Propose(JournalOperation.CreateTrial, w => WriteCreateTrial(w, studyId, template));
        return _ledger.TrialCount;
    });

    /// <inheritdoc />
    public int? ClaimTrial(int studyId, int? maxTrials = null) => Write<int?>(() =>
    {
        if (maxTrials is { } max && _ledger.CountStarted(studyId) >= max)
        {
            return null;
        }
        if (_ledger.OldestWaitingTrial(studyId) is { } waiting)
        {
            Propose(JournalOperation.SetTrialStateValues, w => WriteStateValues(w, waiting, TrialState.Running, null));
            return waiting;
        }
        Propose(JournalOperation.CreateTrial, w => WriteCreateTrial(w, studyId, null));
        return _ledger.TrialCount;
    });

    /// <inheritdoc />
    public void SetTrialParam(int trialId, string name, double internalValue, ParameterDistribution distribution) => Write(() =>
    {
        _ledger.EnsureUpdatable(trialId);
        _ledger.EnsureCompatible(trialId, name, distribution);
        Propose(JournalOperation.SetTrialParam, w =>
        {
            w.WriteNumber("trial_id", trialId);
            w.WriteString("param_name", name);
            w.WritePropertyName("param_value_internal");
            if (distribution is CategoricalDistribution)
            {
                w.WriteNumberValue((long)internalValue);
            }
            else
            {
                JsonValues.WriteDouble(w, internalValue);
            }
            w.WriteString("distribution", DistributionJson.ToJson(distribution));
        });
        return 0;
    });

    /// <inheritdoc />
    public bool SetTrialState(int trialId, TrialState state, double? value = null) => Write(() =>
    {
        var t = _ledger.GetTrial(trialId);
        if (t.State.IsFinished() || (state == TrialState.Running && t.State == TrialState.Running))
        {
            return false;
        }
        Propose(JournalOperation.SetTrialStateValues, w => WriteStateValues(w, trialId, state, value));
        return true;
    });

    /// <inheritdoc />
    public void SetTrialIntermediateValue(int trialId, int step, double value) => Write(() =>
    {
        _ledger.EnsureUpdatable(trialId);
        Propose(JournalOperation.SetTrialIntermediateValue, w =>
        {
            w.WriteNumber("trial_id", trialId);
            w.WriteNumber("step", step);
            w.WritePropertyName("intermediate_value");
            JsonValues.WriteDouble(w, value);
        });
        return 0;
    });

    /// <inheritdoc />
    public void SetTrialUserAttr(int trialId, string key, object? value) => SetTrialAttr(trialId, key, value, system: false);

    /// <inheritdoc />
    public void SetTrialSystemAttr(int trialId, string key, object? value) => SetTrialAttr(trialId, key, value, system: true);

    /// <inheritdoc />
    public FrozenTrial GetTrial(int trialId)
    {
        lock (_lock)
        {
            // A finished trial is final (replay ignores any later update to it), so the log need not be read again:
            // this saves a round trip per trial when a worker reads back the result it just recorded.
            if (_ledger.FindTrial(trialId) is { } known && known.State.IsFinished())
            {
                return known;
            }
            Sync();
            return _ledger.GetTrial(trialId);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<FrozenTrial> GetAllTrials(int studyId) => Read(() => _ledger.GetAllTrials(studyId));

    private void SetTrialAttr(int trialId, string key, object? value, bool system)
    {
        object? v = JsonValues.Normalise(value);
        Write(() =>
        {
            _ledger.EnsureUpdatable(trialId);
            Propose(system ? JournalOperation.SetTrialSystemAttr : JournalOperation.SetTrialUserAttr, w =>
            {
                w.WriteNumber("trial_id", trialId);
                w.WriteStartObject(system ? "system_attr" : "user_attr");
                w.WritePropertyName(key);
                JsonValues.Write(w, v);
                w.WriteEndObject();
            });
            return 0;
        });
    }

    private T Read<T>(Func<T> read)
    {
        lock (_lock)
        {
            Sync();
            return read();
        }
    }

    /// <summary>
    /// Runs a check-then-append atomically: <paramref name="decide"/> checks the replayed ledger, proposes at most
    /// one operation and returns the result the operation will have once replayed (ids are assigned in log order,
    /// and nothing can come between the replayed end and the append). When the compare-and-append loses to
    /// another writer, the new operations are replayed and <paramref name="decide"/> runs again.
    /// </summary>
    /// <remarks>
    /// The first attempt decides on the ledger as last replayed, without reading the log first: the append is
    /// conditional on the log ending where this ledger does, so an operation that lands was decided on the whole
    /// log. That saves a round trip per write to a shared store whenever no other writer came between (a trial's
    /// parameters are set in a burst). A decision that appends nothing, or throws, may rest on a stale ledger, so
    /// it is taken again after replaying before it is returned.
    /// </remarks>
    private T Write<T>(Func<T> decide)
    {
        lock (_lock)
        {
            bool synced = false;
            for (int conflicts = 0; ; conflicts++)
            {
                _proposed = null;
                T result;
                try
                {
                    result = decide();
                }
                catch when (!synced)
                {
                    Sync();
                    synced = true;
                    continue;
                }
                if (_proposed is not { } operation)
                {
                    if (synced)
                    {
                        return result;
                    }
                    Sync();
                    synced = true;
                    continue;
                }
                _proposed = null;
                _entries.Clear();
                if (_backend.TryAppend(_position, operation, _entries, out long next))
                {
                    // Nothing came between the replayed end and our operation: replay it from memory.
                    ApplyEntry(new JournalEntry(operation, -1));
                    _position = next;
                    return result;
                }
                // Another writer came first; the append handed back what it wrote, as a Sync would have read it.
                Replay(next);
                synced = true;
                if (conflicts >= 3)
                {
                    // Busy log: a short random pause lets the writers ahead of us finish instead of all retrying in step.
                    Thread.Sleep(Random.Shared.Next(1, 2 + Math.Min(conflicts, 20)));
                }
            }
        }
    }

    private string WorkerId => _workerIdPrefix + Environment.CurrentManagedThreadId.ToString(CultureInfo.InvariantCulture);

    private string Now() => FormatDate(_clock.GetLocalNow().DateTime);

    private static string FormatDate(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    private void WriteCreateTrial(Utf8JsonWriter w, int studyId, FrozenTrial? template)
    {
        w.WriteNumber("study_id", studyId);
        if (template is null)
        {
            w.WriteString("datetime_start", Now());
            return;
        }
        if (template.DatetimeStart is { } start)
        {
            w.WriteString("datetime_start", FormatDate(start));
        }
        else
        {
            w.WriteNull("datetime_start");
        }
        w.WriteNumber("state", (int)template.State);
        w.WritePropertyName("value");
        if (template.Value is { } v)
        {
            JsonValues.WriteDouble(w, v);
        }
        else
        {
            w.WriteNullValue();
        }
        w.WriteNull("values");
        if (template.DatetimeComplete is { } complete)
        {
            w.WriteString("datetime_complete", FormatDate(complete));
        }
        w.WriteStartObject("distributions");
        foreach (var (name, d) in template.Distributions)
        {
            w.WriteString(name, DistributionJson.ToJson(d));
        }
        w.WriteEndObject();
        w.WriteStartObject("params");
        foreach (var (name, p) in template.InternalParams)
        {
            w.WritePropertyName(name);
            if (template.Distributions[name] is CategoricalDistribution)
            {
                w.WriteNumberValue((long)p);
            }
            else
            {
                JsonValues.WriteDouble(w, p);
            }
        }
        w.WriteEndObject();
        w.WritePropertyName("user_attrs");
        JsonValues.Write(w, template.UserAttrs);
        w.WritePropertyName("system_attrs");
        JsonValues.Write(w, template.SystemAttrs);
        w.WriteStartObject("intermediate_values");
        foreach (var (step, iv) in template.IntermediateValues)
        {
            w.WritePropertyName(step.ToString(CultureInfo.InvariantCulture));
            JsonValues.WriteDouble(w, iv);
        }
        w.WriteEndObject();
    }

    private void WriteStateValues(Utf8JsonWriter w, int trialId, TrialState state, double? value)
    {
        w.WriteNumber("trial_id", trialId);
        w.WriteNumber("state", (int)state);
        if (value is { } v)
        {
            w.WriteStartArray("values");
            JsonValues.WriteDouble(w, v);
            w.WriteEndArray();
        }
        else
        {
            w.WriteNull("values");
        }
        if (state == TrialState.Running)
        {
            w.WriteString("datetime_start", Now());
        }
        else if (state.IsFinished())
        {
            w.WriteString("datetime_complete", Now());
        }
    }

    /// <summary>Encodes the operation the current <see cref="Write{T}"/> decision appends.</summary>
    private void Propose(JournalOperation op, Action<Utf8JsonWriter> fields)
    {
        if (_proposed is not null)
        {
            throw new InvalidOperationException("A journal write appends at most one operation.");
        }
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, JsonValues.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("op_code", (int)op);
            w.WriteString("worker_id", WorkerId);
            fields(w);
            w.WriteEndObject();
        }
        _proposed = buffer.ToArray();
    }

    /// <summary>Replays the operations appended since the last call, by this process or any other.</summary>
    private void Sync()
    {
        _entries.Clear();
        Replay(_backend.Read(_position, _entries));
    }

    /// <summary>Applies the operations read into <see cref="_entries"/>, which end at <paramref name="next"/>.</summary>
    private void Replay(long next)
    {
        foreach (var entry in _entries)
        {
            ApplyEntry(entry);
        }
        _entries.Clear();
        _position = next;
    }

    private void ApplyEntry(JournalEntry entry)
    {
        try
        {
            using var doc = JsonValues.Parse(entry.Operation);
            JournalReplay.Apply(doc.RootElement, _ledger);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or InvalidDataException or ArgumentException or FormatException or InvalidCastException)
        {
            string text = Encoding.UTF8.GetString(entry.Operation.Span);
            if (text.Length > 200)
            {
                text = text[..200] + "...";
            }
            throw new InvalidDataException($"{_backend.DescribeLocation(entry.Number)}: corrupt journal line ({e.Message}): {text}", e);
        }
    }
}
