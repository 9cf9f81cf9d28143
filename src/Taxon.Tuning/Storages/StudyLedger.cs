namespace Taxon.Tuning.Storages;

/// <summary>
/// The state of a storage as the result of applying its operations in order: Optuna's journal replay. Both storages
/// use it, the journal by replaying its file, so a study behaves the same in memory and on disk. The Apply methods
/// follow Optuna's replay rules: an operation on an unknown study or trial, or one that changes a finished trial,
/// is ignored (it lost a race to another worker) and reports false. The Ensure methods let a writer reject such an
/// operation with a clear error before it writes it. Not thread-safe: its storage serialises access.
/// </summary>
internal sealed class StudyLedger
{
    private readonly List<StudyRecord?> _studies = [];
    private readonly List<FrozenTrial> _trials = [];
    private readonly List<int> _trialStudy = [];

    public int TrialCount => _trials.Count;

    /// <summary>The id the next created study gets (deleted studies keep theirs).</summary>
    public int NextStudyId => _studies.Count;

    public IEnumerable<StudyRecord> Studies => _studies.OfType<StudyRecord>();

    public int? FindStudy(string name) => Studies.FirstOrDefault(s => s.Name == name)?.Id;

    public StudyRecord GetStudy(int studyId) =>
        studyId >= 0 && studyId < _studies.Count && _studies[studyId] is { } s
            ? s
            : throw new KeyNotFoundException($"No study with id {studyId} exists.");

    public FrozenTrial GetTrial(int trialId) =>
        FindTrial(trialId) ?? throw new KeyNotFoundException($"No trial with id {trialId} exists.");

    /// <summary>The trial with id <paramref name="trialId"/>, or null when the replayed log holds none.</summary>
    public FrozenTrial? FindTrial(int trialId) => trialId >= 0 && trialId < _trials.Count ? _trials[trialId] : null;

    public IReadOnlyList<FrozenTrial> GetAllTrials(int studyId)
    {
        var ids = GetStudy(studyId).TrialIds;
        var result = new FrozenTrial[ids.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = _trials[ids[i]];
        }
        return result;
    }

    /// <summary>The trial a claim would take: the oldest waiting one, or null.</summary>
    public int? OldestWaitingTrial(int studyId)
    {
        foreach (int id in GetStudy(studyId).TrialIds)
        {
            if (_trials[id].State == TrialState.Waiting)
            {
                return id;
            }
        }
        return null;
    }

    public int CountStarted(int studyId) =>
        GetStudy(studyId).TrialIds.Count(id => _trials[id].State is TrialState.Complete or TrialState.Pruned or TrialState.Running);

    public void EnsureStudyNameFree(string name)
    {
        if (FindStudy(name) is not null)
        {
            throw new DuplicateStudyException($"A study named '{name}' already exists; pick another name or load it (loadIfExists: true).");
        }
    }

    public void EnsureUpdatable(int trialId)
    {
        var t = GetTrial(trialId);
        if (t.State.IsFinished())
        {
            throw new InvalidOperationException($"Trial {t.Number} has already finished ({t.State}) and cannot be updated.");
        }
    }

    /// <summary>Throws when an earlier trial of the study drew <paramref name="name"/> from an incompatible distribution.</summary>
    public void EnsureCompatible(int trialId, string name, ParameterDistribution distribution)
    {
        if (FindEarlierDistribution(trialId, name) is { } earlier && !earlier.IsCompatibleWith(distribution))
        {
            throw new ArgumentException($"Parameter '{name}' was suggested from {earlier} in an earlier trial; {distribution} is not compatible with it (a parameter keeps its kind and its categorical choices).");
        }
    }

    public int ApplyCreateStudy(string name, StudyDirection direction)
    {
        if (FindStudy(name) is not null)
        {
            return -1;
        }
        int id = _studies.Count;
        _studies.Add(new StudyRecord(id, name, direction));
        return id;
    }

    public bool ApplyDeleteStudy(int studyId)
    {
        if (!StudyExists(studyId))
        {
            return false;
        }
        _studies[studyId] = null;
        return true;
    }

    public bool ApplyStudyAttr(int studyId, string key, object? value, bool system)
    {
        if (!StudyExists(studyId))
        {
            return false;
        }
        var s = GetStudy(studyId);
        (system ? s.SystemAttrs : s.UserAttrs)[key] = value;
        return true;
    }

    /// <summary>Adds a trial built from <paramref name="template"/> (its id and number are assigned here); returns the id or -1.</summary>
    public int ApplyCreateTrial(int studyId, FrozenTrial template)
    {
        if (!StudyExists(studyId))
        {
            return -1;
        }
        var study = GetStudy(studyId);
        int id = _trials.Count;
        _trials.Add(new FrozenTrial
        {
            TrialId = id,
            Number = study.TrialIds.Count,
            State = template.State,
            Value = template.Value,
            InternalParams = template.InternalParams,
            Distributions = template.Distributions,
            UserAttrs = template.UserAttrs,
            SystemAttrs = template.SystemAttrs,
            IntermediateValues = template.IntermediateValues,
            DatetimeStart = template.DatetimeStart,
            DatetimeComplete = template.DatetimeComplete,
        });
        _trialStudy.Add(studyId);
        study.TrialIds.Add(id);
        return id;
    }

    public bool ApplySetParam(int trialId, string name, double internalValue, ParameterDistribution distribution)
    {
        if (!Updatable(trialId))
        {
            return false;
        }
        if (FindEarlierDistribution(trialId, name) is { } earlier && !earlier.IsCompatibleWith(distribution))
        {
            return false;
        }
        var t = _trials[trialId];
        _trials[trialId] = With(t,
            internalParams: new Dictionary<string, double>(t.InternalParams) { [name] = internalValue },
            distributions: new Dictionary<string, ParameterDistribution>(t.Distributions) { [name] = distribution });
        return true;
    }

    public bool ApplySetState(int trialId, TrialState state, double? value, DateTime? timestamp)
    {
        if (!Updatable(trialId))
        {
            return false;
        }
        var t = _trials[trialId];
        if (state == TrialState.Running && t.State == TrialState.Running)
        {
            return false;
        }
        _trials[trialId] = new FrozenTrial
        {
            TrialId = t.TrialId,
            Number = t.Number,
            State = state,
            Value = value ?? t.Value,
            InternalParams = t.InternalParams,
            Distributions = t.Distributions,
            UserAttrs = t.UserAttrs,
            SystemAttrs = t.SystemAttrs,
            IntermediateValues = t.IntermediateValues,
            DatetimeStart = state == TrialState.Running ? timestamp : t.DatetimeStart,
            DatetimeComplete = state.IsFinished() ? timestamp : t.DatetimeComplete,
        };
        return true;
    }

    public bool ApplyIntermediateValue(int trialId, int step, double value)
    {
        if (!Updatable(trialId))
        {
            return false;
        }
        var t = _trials[trialId];
        var values = new SortedDictionary<int, double>();
        foreach (var (k, v) in t.IntermediateValues)
        {
            values[k] = v;
        }
        values[step] = value;
        _trials[trialId] = With(t, intermediateValues: values);
        return true;
    }

    public bool ApplyTrialAttr(int trialId, string key, object? value, bool system)
    {
        if (!Updatable(trialId))
        {
            return false;
        }
        var t = _trials[trialId];
        _trials[trialId] = system
            ? With(t, systemAttrs: new Dictionary<string, object?>(t.SystemAttrs) { [key] = value })
            : With(t, userAttrs: new Dictionary<string, object?>(t.UserAttrs) { [key] = value });
        return true;
    }

    private bool StudyExists(int studyId) => studyId >= 0 && studyId < _studies.Count && _studies[studyId] is not null;

    private bool Updatable(int trialId) => FindTrial(trialId) is { } t && !t.State.IsFinished();

    private ParameterDistribution? FindEarlierDistribution(int trialId, string name)
    {
        if (trialId < 0 || trialId >= _trials.Count || _studies[_trialStudy[trialId]] is not { } study)
        {
            return null;
        }
        foreach (int id in study.TrialIds)
        {
            if (_trials[id].Distributions.TryGetValue(name, out var d))
            {
                return d;
            }
        }
        return null;
    }

    private static FrozenTrial With(
        FrozenTrial t,
        IReadOnlyDictionary<string, double>? internalParams = null,
        IReadOnlyDictionary<string, ParameterDistribution>? distributions = null,
        IReadOnlyDictionary<string, object?>? userAttrs = null,
        IReadOnlyDictionary<string, object?>? systemAttrs = null,
        IReadOnlyDictionary<int, double>? intermediateValues = null) => new()
    {
        TrialId = t.TrialId,
        Number = t.Number,
        State = t.State,
        Value = t.Value,
        InternalParams = internalParams ?? t.InternalParams,
        Distributions = distributions ?? t.Distributions,
        UserAttrs = userAttrs ?? t.UserAttrs,
        SystemAttrs = systemAttrs ?? t.SystemAttrs,
        IntermediateValues = intermediateValues ?? t.IntermediateValues,
        DatetimeStart = t.DatetimeStart,
        DatetimeComplete = t.DatetimeComplete,
    };
}
