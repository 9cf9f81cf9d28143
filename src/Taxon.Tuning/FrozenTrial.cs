namespace Taxon.Tuning;

/// <summary>
/// An immutable snapshot of a trial as the storage holds it (Optuna: <c>FrozenTrial</c>). Storages replace the
/// snapshot on every change, so a reference can be kept and shared between threads.
/// </summary>
public sealed class FrozenTrial
{
    private static readonly Dictionary<string, double> NoInternalParams = [];
    private static readonly Dictionary<string, ParameterDistribution> NoDistributions = [];
    private static readonly Dictionary<string, object?> NoAttrs = [];
    private static readonly SortedDictionary<int, double> NoIntermediateValues = [];

    private IReadOnlyDictionary<string, object?>? _params;

    /// <summary>The trial's id in its storage, unique across studies (Optuna: <c>_trial_id</c>).</summary>
    public int TrialId { get; init; }

    /// <summary>The trial's number in its study, 0, 1, 2, ... in creation order (Optuna: <c>number</c>).</summary>
    public int Number { get; init; }

    /// <summary>The trial's state.</summary>
    public TrialState State { get; init; }

    /// <summary>The objective value: set for complete trials and for pruned trials (their last reported value).</summary>
    public double? Value { get; init; }

    /// <summary>Each parameter's internal representation (the choice's index for categoricals), in suggestion order.</summary>
    public IReadOnlyDictionary<string, double> InternalParams { get; init; } = NoInternalParams;

    /// <summary>The distribution each parameter was drawn from.</summary>
    public IReadOnlyDictionary<string, ParameterDistribution> Distributions { get; init; } = NoDistributions;

    /// <summary>The user's attributes (Optuna: <c>user_attrs</c>).</summary>
    public IReadOnlyDictionary<string, object?> UserAttrs { get; init; } = NoAttrs;

    /// <summary>Attributes that Taxon's samplers, pruners and workers keep (Optuna: <c>system_attrs</c>).</summary>
    public IReadOnlyDictionary<string, object?> SystemAttrs { get; init; } = NoAttrs;

    /// <summary>The values reported with <see cref="Trial.Report"/>, by step.</summary>
    public IReadOnlyDictionary<int, double> IntermediateValues { get; init; } = NoIntermediateValues;

    /// <summary>When a worker started the trial (local time, as Optuna records it); null while waiting.</summary>
    public DateTime? DatetimeStart { get; init; }

    /// <summary>When the trial finished (local time); null until then.</summary>
    public DateTime? DatetimeComplete { get; init; }

    /// <summary>Each parameter's value (floats as double, integers as long, categoricals as the choice).</summary>
    public IReadOnlyDictionary<string, object?> Params
    {
        get
        {
            if (_params is null)
            {
                var p = new Dictionary<string, object?>(InternalParams.Count);
                foreach (var (name, v) in InternalParams)
                {
                    p[name] = Distributions[name].ToExternal(v);
                }
                _params = p;
            }
            return _params;
        }
    }

    /// <summary>The largest reported step, or null when nothing was reported (Optuna: <c>last_step</c>).</summary>
    public int? LastStep => IntermediateValues.Count == 0 ? null : IntermediateValues.Keys.Max();

    /// <summary>The time from start to completion, or null while either is unknown.</summary>
    public TimeSpan? Duration => DatetimeStart is { } s && DatetimeComplete is { } c ? c - s : null;

    /// <inheritdoc />
    public override string ToString() =>
        $"Trial {Number} ({State}{(Value is { } v ? $", value {v:G6}" : "")}): {string.Join(", ", Params.Select(p => $"{p.Key}={CategoricalDistribution.Describe(p.Value)}"))}";
}
