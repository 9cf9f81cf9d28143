namespace Taxon.Tuning.Storages;

/// <summary>The <c>op_code</c> of a journal line, numbered as Optuna's <c>JournalOperation</c>.</summary>
internal enum JournalOperation
{
    CreateStudy = 0,
    DeleteStudy = 1,
    SetStudyUserAttr = 2,
    SetStudySystemAttr = 3,
    CreateTrial = 4,
    SetTrialParam = 5,
    SetTrialStateValues = 6,
    SetTrialIntermediateValue = 7,
    SetTrialUserAttr = 8,
    SetTrialSystemAttr = 9,
}
