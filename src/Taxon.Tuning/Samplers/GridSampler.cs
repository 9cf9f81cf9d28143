namespace Taxon.Tuning.Samplers;

/// <summary>
/// Tries every combination of the given parameter values once (Optuna: <c>GridSampler</c>). Each trial takes a
/// grid point not yet taken (chosen at random, seeded, so that parallel workers spread out), recorded in its
/// system attribute <c>grid_id</c>; once every point is taken the study stops. Parameters the objective asks
/// for must be in the grid.
/// </summary>
public sealed class GridSampler : ISampler
{
    private const string GridIdKey = "grid_id";
    private readonly string[] _names;
    private readonly object?[][] _values;
    private readonly RandomSource _random;
    private readonly Lock _lock = new();

    /// <summary>Creates the sampler over <paramref name="searchSpace"/>: each parameter's values, in order.</summary>
    public GridSampler(IReadOnlyDictionary<string, IReadOnlyList<object?>> searchSpace, long? seed = null)
    {
        ArgumentNullException.ThrowIfNull(searchSpace);
        // Sorted by name as Optuna does, so that grid ids mean the same points in both.
        _names = [.. searchSpace.Keys.Order(StringComparer.Ordinal)];
        _values = [.. _names.Select(n => searchSpace[n].Select(CategoricalDistribution.Normalise).ToArray())];
        if (_values.Any(v => v.Length == 0))
        {
            throw new ArgumentException("GridSampler: every parameter needs at least one value.", nameof(searchSpace));
        }
        GridSize = _values.Aggregate(1L, (n, v) => checked(n * v.Length));
        _random = seed is { } s ? new RandomSource(s) : RandomSource.Unseeded();
    }

    /// <summary>The number of grid points.</summary>
    public long GridSize { get; }

    /// <inheritdoc />
    public void BeforeTrial(Study study, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.SystemAttrs.ContainsKey(GridIdKey) || trial.SystemAttrs.ContainsKey(Study.FixedParamsKey))
        {
            return;
        }
        var unvisited = Unvisited(study);
        long gridId;
        if (unvisited.Count == 0)
        {
            // Every point is taken: run one again (Optuna does the same when workers race past the end).
            lock (_lock)
            {
                gridId = _random.NextInt64(GridSize);
            }
            study.Stop();
        }
        else
        {
            lock (_lock)
            {
                gridId = unvisited[(int)_random.NextInt64(unvisited.Count)];
            }
        }
        study.Storage.SetTrialSystemAttr(trial.TrialId, GridIdKey, gridId);
    }

    /// <inheritdoc />
    public double SampleIndependent(Study study, FrozenTrial trial, string name, ParameterDistribution distribution)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(distribution);
        int index = Array.IndexOf(_names, name);
        if (index < 0)
        {
            throw new ArgumentException($"GridSampler: parameter '{name}' is not in the grid ({string.Join(", ", _names)}).");
        }
        var stored = study.Storage.GetTrial(trial.TrialId);
        if (!stored.SystemAttrs.TryGetValue(GridIdKey, out object? id) || id is not long gridId)
        {
            throw new InvalidOperationException($"GridSampler: trial {trial.Number} has no grid point.");
        }
        object? value = PointValue(gridId, index);
        double internalValue = distribution.ToInternal(value);
        if (!distribution.Contains(internalValue))
        {
            throw new ArgumentException($"GridSampler: grid value {CategoricalDistribution.Describe(value)} of '{name}' lies outside {distribution}.");
        }
        return internalValue;
    }

    /// <inheritdoc />
    public void AfterTrial(Study study, FrozenTrial trial, TrialState state, double? value)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (Unvisited(study).Count == 0)
        {
            study.Stop();
        }
    }

    private List<long> Unvisited(Study study)
    {
        var taken = new HashSet<long>();
        foreach (var t in study.Trials)
        {
            // A failed point is tried again; running ones count as taken so parallel workers do not duplicate them.
            if (t.State != TrialState.Failed && t.SystemAttrs.TryGetValue(GridIdKey, out object? id) && id is long g)
            {
                taken.Add(g);
            }
        }
        var unvisited = new List<long>();
        for (long g = 0; g < GridSize; g++)
        {
            if (!taken.Contains(g))
            {
                unvisited.Add(g);
            }
        }
        return unvisited;
    }

    /// <summary>The value of parameter <paramref name="index"/> at a grid point: the last parameter varies fastest, as itertools.product orders them.</summary>
    private object? PointValue(long gridId, int index)
    {
        long rest = gridId;
        for (int p = _names.Length - 1; p > index; p--)
        {
            rest /= _values[p].Length;
        }
        return _values[index][rest % _values[index].Length];
    }
}
