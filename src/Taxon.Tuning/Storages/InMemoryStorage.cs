namespace Taxon.Tuning.Storages;

/// <summary>
/// Studies held in this process's memory, lost when it ends (Optuna: <c>InMemoryStorage</c>). Thread-safe, so
/// several threads of one process may optimise one study.
/// </summary>
public sealed class InMemoryStorage : IStudyStorage
{
    private readonly StudyLedger _ledger = new();
    private readonly Lock _lock = new();
    private readonly TimeProvider _clock;

    /// <summary>Creates an empty storage; <paramref name="clock"/> (default: the system clock) stamps start and completion times.</summary>
    public InMemoryStorage(TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public int CreateStudy(string name, StudyDirection direction)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_lock)
        {
            _ledger.EnsureStudyNameFree(name);
            return _ledger.ApplyCreateStudy(name, direction);
        }
    }

    /// <inheritdoc />
    public int? FindStudy(string name)
    {
        lock (_lock)
        {
            return _ledger.FindStudy(name);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> GetStudyNames()
    {
        lock (_lock)
        {
            return [.. _ledger.Studies.Select(s => s.Name)];
        }
    }

    /// <inheritdoc />
    public string GetStudyName(int studyId)
    {
        lock (_lock)
        {
            return _ledger.GetStudy(studyId).Name;
        }
    }

    /// <inheritdoc />
    public StudyDirection GetStudyDirection(int studyId)
    {
        lock (_lock)
        {
            return _ledger.GetStudy(studyId).Direction;
        }
    }

    /// <inheritdoc />
    public void SetStudyUserAttr(int studyId, string key, object? value)
    {
        lock (_lock)
        {
            _ledger.GetStudy(studyId);
            _ledger.ApplyStudyAttr(studyId, key, JsonValues.Normalise(value), system: false);
        }
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object?> GetStudyUserAttrs(int studyId)
    {
        lock (_lock)
        {
            return new Dictionary<string, object?>(_ledger.GetStudy(studyId).UserAttrs);
        }
    }

    /// <inheritdoc />
    public int CreateTrial(int studyId, FrozenTrial? template = null)
    {
        lock (_lock)
        {
            _ledger.GetStudy(studyId);
            return _ledger.ApplyCreateTrial(studyId, template ?? new FrozenTrial { State = TrialState.Running, DatetimeStart = Now() });
        }
    }

    /// <inheritdoc />
    public int? ClaimTrial(int studyId, int? maxTrials = null)
    {
        lock (_lock)
        {
            if (maxTrials is { } max && _ledger.CountStarted(studyId) >= max)
            {
                return null;
            }
            if (_ledger.OldestWaitingTrial(studyId) is { } waiting)
            {
                _ledger.ApplySetState(waiting, TrialState.Running, null, Now());
                return waiting;
            }
            return _ledger.ApplyCreateTrial(studyId, new FrozenTrial { State = TrialState.Running, DatetimeStart = Now() });
        }
    }

    /// <inheritdoc />
    public void SetTrialParam(int trialId, string name, double internalValue, ParameterDistribution distribution)
    {
        lock (_lock)
        {
            _ledger.EnsureUpdatable(trialId);
            _ledger.EnsureCompatible(trialId, name, distribution);
            _ledger.ApplySetParam(trialId, name, internalValue, distribution);
        }
    }

    /// <inheritdoc />
    public bool SetTrialState(int trialId, TrialState state, double? value = null)
    {
        lock (_lock)
        {
            _ledger.GetTrial(trialId);
            return _ledger.ApplySetState(trialId, state, value, Now());
        }
    }

    /// <inheritdoc />
    public void SetTrialIntermediateValue(int trialId, int step, double value)
    {
        lock (_lock)
        {
            _ledger.EnsureUpdatable(trialId);
            _ledger.ApplyIntermediateValue(trialId, step, value);
        }
    }

    /// <inheritdoc />
    public void SetTrialUserAttr(int trialId, string key, object? value)
    {
        lock (_lock)
        {
            _ledger.EnsureUpdatable(trialId);
            _ledger.ApplyTrialAttr(trialId, key, JsonValues.Normalise(value), system: false);
        }
    }

    /// <inheritdoc />
    public void SetTrialSystemAttr(int trialId, string key, object? value)
    {
        lock (_lock)
        {
            _ledger.EnsureUpdatable(trialId);
            _ledger.ApplyTrialAttr(trialId, key, JsonValues.Normalise(value), system: true);
        }
    }

    /// <inheritdoc />
    public FrozenTrial GetTrial(int trialId)
    {
        lock (_lock)
        {
            return _ledger.GetTrial(trialId);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<FrozenTrial> GetAllTrials(int studyId)
    {
        lock (_lock)
        {
            return _ledger.GetAllTrials(studyId);
        }
    }

    private DateTime Now() => _clock.GetLocalNow().DateTime;
}
