using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Taxon.Tuning.Storages;

/// <summary>
/// Studies in an append-only log file, one JSON operation per line, in the format of Optuna 3.1's
/// <c>JournalStorage(JournalFileStorage(path))</c>, which can open a Taxon study (and the reverse). Many processes
/// on one machine may share the file: every check-then-append happens under a file lock (see the lock file
/// <c>PATH.lock</c>, shared with Optuna, and <c>PATH.taxon-lock</c>), and each process replays the lines the others
/// appended before it reads or decides. A torn last line, left by a writer that died mid-append, is ignored by
/// readers and cut off by the next writer; any other unreadable line is an <see cref="InvalidDataException"/>
/// naming the file and the line.
/// </summary>
public sealed class JournalFileStorage : IStudyStorage
{
    private readonly StudyLedger _ledger = new();
    private readonly Lock _lock = new();
    private readonly JournalFileLock _fileLock;
    private readonly JournalFileStorageOptions _options;
    private readonly string _workerIdPrefix = Guid.NewGuid().ToString() + "-";
    private long _offset;
    private int _linesRead;

    /// <summary>Opens (creating it when missing) the journal at <paramref name="path"/> and replays it.</summary>
    public JournalFileStorage(string path, JournalFileStorageOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        _options = options ?? new JournalFileStorageOptions();
        _fileLock = new JournalFileLock(Path, _options.LockTimeout);
        using (new FileStream(Path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
        }
        lock (_lock)
        {
            Sync();
        }
    }

    /// <summary>The journal's full path.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public int CreateStudy(string name, StudyDirection direction)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Write(() =>
        {
            _ledger.EnsureStudyNameFree(name);
            Append(JournalOperation.CreateStudy, w =>
            {
                w.WriteString("study_name", name);
                w.WriteStartArray("directions");
                w.WriteNumberValue((int)direction);
                w.WriteEndArray();
            });
            return _ledger.FindStudy(name)!.Value;
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
            Append(JournalOperation.SetStudyUserAttr, w =>
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
        Append(JournalOperation.CreateTrial, w => WriteCreateTrial(w, studyId, template));
        return _ledger.TrialCount - 1;
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
            Append(JournalOperation.SetTrialStateValues, w => WriteStateValues(w, waiting, TrialState.Running, null));
            return waiting;
        }
        Append(JournalOperation.CreateTrial, w => WriteCreateTrial(w, studyId, null));
        return _ledger.TrialCount - 1;
    });

    /// <inheritdoc />
    public void SetTrialParam(int trialId, string name, double internalValue, ParameterDistribution distribution) => Write(() =>
    {
        _ledger.EnsureUpdatable(trialId);
        _ledger.EnsureCompatible(trialId, name, distribution);
        Append(JournalOperation.SetTrialParam, w =>
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
        Append(JournalOperation.SetTrialStateValues, w => WriteStateValues(w, trialId, state, value));
        return true;
    });

    /// <inheritdoc />
    public void SetTrialIntermediateValue(int trialId, int step, double value) => Write(() =>
    {
        _ledger.EnsureUpdatable(trialId);
        Append(JournalOperation.SetTrialIntermediateValue, w =>
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
    public FrozenTrial GetTrial(int trialId) => Read(() => _ledger.GetTrial(trialId));

    /// <inheritdoc />
    public IReadOnlyList<FrozenTrial> GetAllTrials(int studyId) => Read(() => _ledger.GetAllTrials(studyId));

    private void SetTrialAttr(int trialId, string key, object? value, bool system)
    {
        object? v = JsonValues.Normalise(value);
        Write(() =>
        {
            _ledger.EnsureUpdatable(trialId);
            Append(system ? JournalOperation.SetTrialSystemAttr : JournalOperation.SetTrialUserAttr, w =>
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

    /// <summary>Runs a check-then-append under both the thread lock and the file lock, on an up-to-date ledger.</summary>
    private T Write<T>(Func<T> write)
    {
        lock (_lock)
        {
            using var held = _fileLock.Acquire();
            Sync();
            RepairTornTail();
            return write();
        }
    }

    private string WorkerId => _workerIdPrefix + Environment.CurrentManagedThreadId.ToString(CultureInfo.InvariantCulture);

    private string Now() => FormatDate(_options.Clock.GetLocalNow().DateTime);

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

    /// <summary>Appends one operation (the caller holds the file lock) and replays it, as every other process will.</summary>
    private void Append(JournalOperation op, Action<Utf8JsonWriter> fields)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, JsonValues.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("op_code", (int)op);
            w.WriteString("worker_id", WorkerId);
            fields(w);
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        using (var file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None))
        {
            // One write call: a reader sees the whole line or a prefix without its newline, never a line merged with another.
            file.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            file.Flush(flushToDisk: _options.Fsync);
        }
        Sync();
    }

    /// <summary>
    /// With the file lock held, bytes after the last newline can only come from a writer that died mid-append. If
    /// they still form a whole operation (it died before the newline) the newline is added, as Optuna's reader
    /// would have applied it; otherwise they are cut off, so the next line does not merge with them.
    /// </summary>
    private void RepairTornTail()
    {
        using var file = new FileStream(Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length <= _offset)
        {
            return;
        }
        var tail = new byte[file.Length - _offset];
        file.Position = _offset;
        file.ReadExactly(tail);
        if (IsWholeOperation(tail))
        {
            file.Position = file.Length;
            file.WriteByte((byte)'\n');
            file.Flush(flushToDisk: _options.Fsync);
            file.Dispose();
            Sync();
            return;
        }
        file.SetLength(_offset);
        file.Flush(flushToDisk: _options.Fsync);
    }

    private static bool IsWholeOperation(byte[] tail)
    {
        try
        {
            using var doc = JsonValues.Parse(tail);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("op_code", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Applies the whole lines appended since the last call; a last line without its newline waits.</summary>
    private void Sync()
    {
        byte[] bytes;
        using (var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None))
        {
            long length = file.Length;
            if (length <= _offset)
            {
                return;
            }
            bytes = new byte[length - _offset];
            file.Position = _offset;
            file.ReadExactly(bytes);
        }
        int start = 0;
        while (true)
        {
            int newline = Array.IndexOf(bytes, (byte)'\n', start);
            if (newline < 0)
            {
                break;
            }
            int lineNumber = _linesRead + 1;
            var line = new ReadOnlyMemory<byte>(bytes, start, newline - start);
            if (!line.Span.Trim(" \t\r"u8).IsEmpty)
            {
                ApplyLine(line, lineNumber);
            }
            _linesRead = lineNumber;
            _offset += newline + 1 - start;
            start = newline + 1;
        }
    }

    private void ApplyLine(ReadOnlyMemory<byte> line, int lineNumber)
    {
        try
        {
            using var doc = JsonValues.Parse(line);
            Apply(doc.RootElement);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or InvalidDataException or ArgumentException or FormatException or InvalidCastException)
        {
            string text = Encoding.UTF8.GetString(line.Span);
            if (text.Length > 200)
            {
                text = text[..200] + "...";
            }
            throw new InvalidDataException($"{Path}:{lineNumber}: corrupt journal line ({e.Message}): {text}", e);
        }
    }

    private void Apply(JsonElement op)
    {
        var code = (JournalOperation)op.GetProperty("op_code").GetInt32();
        switch (code)
        {
            case JournalOperation.CreateStudy:
                var directions = op.GetProperty("directions");
                if (directions.GetArrayLength() != 1)
                {
                    // Taxon studies have one objective; a multi-objective study is skipped, as it cannot be shown here.
                    _ledger.ApplyCreateStudy("\u0001multi-objective:" + op.GetProperty("study_name").GetString(), StudyDirection.Minimize);
                    break;
                }
                _ledger.ApplyCreateStudy(op.GetProperty("study_name").GetString()!, ParseDirection(directions[0].GetInt32()));
                break;
            case JournalOperation.DeleteStudy:
                _ledger.ApplyDeleteStudy(op.GetProperty("study_id").GetInt32());
                break;
            case JournalOperation.SetStudyUserAttr:
            case JournalOperation.SetStudySystemAttr:
                bool studySystem = code == JournalOperation.SetStudySystemAttr;
                foreach (var p in op.GetProperty(studySystem ? "system_attr" : "user_attr").EnumerateObject())
                {
                    _ledger.ApplyStudyAttr(op.GetProperty("study_id").GetInt32(), p.Name, JsonValues.Read(p.Value), studySystem);
                }
                break;
            case JournalOperation.CreateTrial:
                _ledger.ApplyCreateTrial(op.GetProperty("study_id").GetInt32(), ReadTrialTemplate(op));
                break;
            case JournalOperation.SetTrialParam:
                _ledger.ApplySetParam(
                    op.GetProperty("trial_id").GetInt32(),
                    op.GetProperty("param_name").GetString()!,
                    JsonValues.ReadDouble(op.GetProperty("param_value_internal")),
                    DistributionJson.FromJson(op.GetProperty("distribution").GetString()!));
                break;
            case JournalOperation.SetTrialStateValues:
                var state = ParseState(op.GetProperty("state").GetInt32());
                double? value = null;
                if (op.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0)
                {
                    value = JsonValues.ReadDouble(values[0]);
                }
                string? stamp = state == TrialState.Running ? OptionalString(op, "datetime_start") : state.IsFinished() ? OptionalString(op, "datetime_complete") : null;
                _ledger.ApplySetState(op.GetProperty("trial_id").GetInt32(), state, value, stamp is null ? null : ParseDate(stamp));
                break;
            case JournalOperation.SetTrialIntermediateValue:
                _ledger.ApplyIntermediateValue(op.GetProperty("trial_id").GetInt32(), op.GetProperty("step").GetInt32(), JsonValues.ReadDouble(op.GetProperty("intermediate_value")));
                break;
            case JournalOperation.SetTrialUserAttr:
            case JournalOperation.SetTrialSystemAttr:
                bool system = code == JournalOperation.SetTrialSystemAttr;
                foreach (var p in op.GetProperty(system ? "system_attr" : "user_attr").EnumerateObject())
                {
                    _ledger.ApplyTrialAttr(op.GetProperty("trial_id").GetInt32(), p.Name, JsonValues.Read(p.Value), system);
                }
                break;
            default:
                throw new InvalidDataException($"unknown op_code {(int)code}");
        }
    }

    private static FrozenTrial ReadTrialTemplate(JsonElement op)
    {
        var distributions = new Dictionary<string, ParameterDistribution>();
        if (op.TryGetProperty("distributions", out var ds) && ds.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in ds.EnumerateObject())
            {
                distributions[p.Name] = DistributionJson.FromJson(p.Value.GetString()!);
            }
        }
        var parameters = new Dictionary<string, double>();
        if (op.TryGetProperty("params", out var ps) && ps.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in ps.EnumerateObject())
            {
                if (!distributions.ContainsKey(p.Name))
                {
                    throw new InvalidDataException($"parameter '{p.Name}' has no distribution");
                }
                parameters[p.Name] = JsonValues.ReadDouble(p.Value);
            }
        }
        var intermediate = new SortedDictionary<int, double>();
        if (op.TryGetProperty("intermediate_values", out var ivs) && ivs.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in ivs.EnumerateObject())
            {
                intermediate[int.Parse(p.Name, CultureInfo.InvariantCulture)] = JsonValues.ReadDouble(p.Value);
            }
        }
        double? value = null;
        if (op.TryGetProperty("value", out var v) && v.ValueKind != JsonValueKind.Null)
        {
            value = JsonValues.ReadDouble(v);
        }
        else if (op.TryGetProperty("values", out var vs) && vs.ValueKind == JsonValueKind.Array && vs.GetArrayLength() > 0)
        {
            value = JsonValues.ReadDouble(vs[0]);
        }
        string? start = OptionalString(op, "datetime_start");
        string? complete = OptionalString(op, "datetime_complete");
        return new FrozenTrial
        {
            State = op.TryGetProperty("state", out var s) ? ParseState(s.GetInt32()) : TrialState.Running,
            Value = value,
            InternalParams = parameters,
            Distributions = distributions,
            UserAttrs = ReadAttrs(op, "user_attrs"),
            SystemAttrs = ReadAttrs(op, "system_attrs"),
            IntermediateValues = intermediate,
            DatetimeStart = start is null ? null : ParseDate(start),
            DatetimeComplete = complete is null ? null : ParseDate(complete),
        };
    }

    private static Dictionary<string, object?> ReadAttrs(JsonElement op, string name) =>
        op.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Object
            ? a.EnumerateObject().ToDictionary(p => p.Name, p => JsonValues.Read(p.Value))
            : [];

    private static string? OptionalString(JsonElement op, string name) =>
        op.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;

    private static DateTime ParseDate(string s) => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal);

    private static StudyDirection ParseDirection(int d) => d switch
    {
        1 => StudyDirection.Minimize,
        2 => StudyDirection.Maximize,
        _ => throw new InvalidDataException($"unknown study direction {d} (expected 1 for minimize or 2 for maximize)"),
    };

    private static TrialState ParseState(int s) =>
        s is >= 0 and <= 4 ? (TrialState)s : throw new InvalidDataException($"unknown trial state {s}");
}
