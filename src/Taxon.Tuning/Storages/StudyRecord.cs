namespace Taxon.Tuning.Storages;

/// <summary>A study as <see cref="StudyLedger"/> holds it.</summary>
internal sealed class StudyRecord(int id, string name, StudyDirection direction)
{
    public int Id { get; } = id;

    public string Name { get; } = name;

    public StudyDirection Direction { get; } = direction;

    public Dictionary<string, object?> UserAttrs { get; } = [];

    public Dictionary<string, object?> SystemAttrs { get; } = [];

    public List<int> TrialIds { get; } = [];
}
