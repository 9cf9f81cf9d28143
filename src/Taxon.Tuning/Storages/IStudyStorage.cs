namespace Taxon.Tuning.Storages;

/// <summary>
/// Where studies and trials live (Optuna: <c>BaseStorage</c>). Implementations are safe to call from many threads;
/// a storage shared by many processes (a journal file) makes every check-then-write atomic across them.
/// Ids are the storage's: study ids and trial ids count from 0 in creation order, as Optuna's journal numbers them.
/// </summary>
public interface IStudyStorage
{
    /// <summary>Creates a study; throws <see cref="DuplicateStudyException"/> when the name is taken (Optuna: <c>create_new_study</c>).</summary>
    int CreateStudy(string name, StudyDirection direction);

    /// <summary>The id of the study called <paramref name="name"/>, or null (Optuna: <c>get_study_id_from_name</c>).</summary>
    int? FindStudy(string name);

    /// <summary>The names of all studies, in creation order.</summary>
    IReadOnlyList<string> GetStudyNames();

    /// <summary>The study's name.</summary>
    string GetStudyName(int studyId);

    /// <summary>The study's direction.</summary>
    StudyDirection GetStudyDirection(int studyId);

    /// <summary>Sets a study attribute (Optuna: <c>set_study_user_attr</c>).</summary>
    void SetStudyUserAttr(int studyId, string key, object? value);

    /// <summary>The study's attributes.</summary>
    IReadOnlyDictionary<string, object?> GetStudyUserAttrs(int studyId);

    /// <summary>
    /// Creates a trial, running unless <paramref name="template"/> says otherwise, with the template's parameters,
    /// attributes and values (Optuna: <c>create_new_trial</c>). Returns the trial id.
    /// </summary>
    int CreateTrial(int studyId, FrozenTrial? template = null);

    /// <summary>
    /// Atomically claims the oldest waiting trial or, when none waits, creates a running one; returns its id. With
    /// <paramref name="maxTrials"/>, returns null instead once the study holds that many complete, pruned or running
    /// trials, so that workers sharing a budget stop at exactly that count.
    /// </summary>
    int? ClaimTrial(int studyId, int? maxTrials = null);

    /// <summary>Records a parameter of an unfinished trial (Optuna: <c>set_trial_param</c>).</summary>
    void SetTrialParam(int trialId, string name, double internalValue, ParameterDistribution distribution);

    /// <summary>
    /// Moves a trial to <paramref name="state"/> with <paramref name="value"/> (Optuna: <c>set_trial_state_values</c>).
    /// Returns false, changing nothing, when the trial has already finished or when it is claimed
    /// (<see cref="TrialState.Running"/>) but is already running: another worker won.
    /// </summary>
    bool SetTrialState(int trialId, TrialState state, double? value = null);

    /// <summary>Records a value reported at <paramref name="step"/> (Optuna: <c>set_trial_intermediate_value</c>).</summary>
    void SetTrialIntermediateValue(int trialId, int step, double value);

    /// <summary>Sets a user attribute of an unfinished trial.</summary>
    void SetTrialUserAttr(int trialId, string key, object? value);

    /// <summary>Sets a system attribute of an unfinished trial (samplers, pruners, heartbeats).</summary>
    void SetTrialSystemAttr(int trialId, string key, object? value);

    /// <summary>The trial's current snapshot.</summary>
    FrozenTrial GetTrial(int trialId);

    /// <summary>All trials of the study, by number.</summary>
    IReadOnlyList<FrozenTrial> GetAllTrials(int studyId);
}
