namespace Taxon.Tuning;

/// <summary>
/// A running trial, handed to the objective or returned by <see cref="Study.Ask"/> (Optuna: <c>Trial</c>). It
/// suggests parameter values, takes intermediate reports for the pruner and user attributes; each call is
/// written to the study's storage at once. Use one trial from one thread.
/// </summary>
public sealed class Trial
{
    private readonly Dictionary<string, double> _params;
    private readonly Dictionary<string, ParameterDistribution> _distributions;
    private readonly Dictionary<string, object?> _userAttrs;
    private readonly Dictionary<string, object?> _systemAttrs;
    private readonly SortedDictionary<int, double> _intermediateValues;
    private readonly IReadOnlyDictionary<string, object?> _fixedParams;
    private readonly IReadOnlyDictionary<string, ParameterDistribution> _relativeSearchSpace;
    private readonly IReadOnlyDictionary<string, double> _relativeParams;

    internal Trial(Study study, FrozenTrial claimed, CancellationToken cancellationToken)
    {
        Study = study;
        TrialId = claimed.TrialId;
        Number = claimed.Number;
        DatetimeStart = claimed.DatetimeStart;
        CancellationToken = cancellationToken;
        _params = new Dictionary<string, double>(claimed.InternalParams);
        _distributions = new Dictionary<string, ParameterDistribution>(claimed.Distributions);
        _userAttrs = new Dictionary<string, object?>(claimed.UserAttrs);
        _systemAttrs = new Dictionary<string, object?>(claimed.SystemAttrs);
        _intermediateValues = new SortedDictionary<int, double>(claimed.IntermediateValues.ToDictionary());
        _fixedParams = claimed.SystemAttrs.TryGetValue(Study.FixedParamsKey, out object? f) && f is IReadOnlyDictionary<string, object?> fixedParams
            ? fixedParams
            : new Dictionary<string, object?>();
        var sampler = study.Sampler;
        sampler.BeforeTrial(study, claimed);
        _relativeSearchSpace = sampler.InferRelativeSearchSpace(study, claimed);
        _relativeParams = _relativeSearchSpace.Count == 0
            ? new Dictionary<string, double>()
            : sampler.SampleRelative(study, claimed, _relativeSearchSpace);
    }

    /// <summary>The study this trial belongs to.</summary>
    public Study Study { get; }

    /// <summary>The trial's number in its study (Optuna: <c>number</c>).</summary>
    public int Number { get; }

    /// <summary>When the trial started.</summary>
    public DateTime? DatetimeStart { get; }

    /// <summary>Signalled when <see cref="Study.Optimize"/> is cancelled; a long objective may watch it.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The parameters suggested so far, by name.</summary>
    public IReadOnlyDictionary<string, object?> Params => _params.ToDictionary(p => p.Key, p => _distributions[p.Key].ToExternal(p.Value));

    /// <summary>The distribution of each parameter suggested so far.</summary>
    public IReadOnlyDictionary<string, ParameterDistribution> Distributions => _distributions;

    /// <summary>The user attributes set so far.</summary>
    public IReadOnlyDictionary<string, object?> UserAttrs => _userAttrs;

    internal int TrialId { get; }

    internal IReadOnlyDictionary<int, double> IntermediateValues => _intermediateValues;

    /// <summary>
    /// A float in [<paramref name="low"/>, <paramref name="high"/>], log-uniform with <paramref name="log"/>, or on the
    /// grid low, low + step, ... (Optuna: <c>suggest_float</c>). A high that the step does not reach is lowered to
    /// the last grid point, as Optuna does. Asking again for the same name returns the same value.
    /// </summary>
    public double SuggestFloat(string name, double low, double high, bool log = false, double? step = null)
    {
        if (step is { } s && s > 0 && double.IsFinite(low) && double.IsFinite(high) && high >= low)
        {
            high = FloatDistribution.AdjustHighToStep(low, high, s);
        }
        return (double)Suggest(name, new FloatDistribution(low, high, log, step))!;
    }

    /// <summary>
    /// An integer in [<paramref name="low"/>, <paramref name="high"/>] on the grid low, low + step, ..., or
    /// log-uniform with <paramref name="log"/> (Optuna: <c>suggest_int</c>). A high off the grid is lowered to it.
    /// </summary>
    public int SuggestInt(string name, int low, int high, bool log = false, int step = 1)
    {
        if (step >= 1 && high >= low)
        {
            high = (int)((long)(high - low) / step * step + low);
        }
        return (int)(long)Suggest(name, new IntDistribution(low, high, log, step))!;
    }

    /// <summary>One of <paramref name="choices"/> (Optuna: <c>suggest_categorical</c>); choices must be null, booleans, strings or numbers.</summary>
    public T SuggestCategorical<T>(string name, IReadOnlyList<T> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var distribution = new CategoricalDistribution(choices.Cast<object?>());
        Suggest(name, distribution);
        return choices[(int)_params[name]];
    }

    /// <summary>
    /// Suggests a value from any distribution; returns it as <see cref="ParameterDistribution.ToExternal"/> does
    /// (Optuna: <c>_suggest</c>). Values come, in order of precedence, from an earlier suggestion of the same name
    /// in this trial, an enqueued fixed value, the sampler's joint sample, or the sampler's independent sample.
    /// </summary>
    public object? Suggest(string name, ParameterDistribution distribution)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(distribution);
        if (_params.TryGetValue(name, out double existing))
        {
            if (!_distributions[name].IsCompatibleWith(distribution))
            {
                throw new ArgumentException($"Trial {Number}: parameter '{name}' was already suggested from {_distributions[name]}; {distribution} is not compatible with it.");
            }
            return _distributions[name].ToExternal(existing);
        }
        double value;
        if (_fixedParams.TryGetValue(name, out object? fixedValue))
        {
            // An enqueued value outside the range is still used, as Optuna does: the user asked for it.
            value = distribution.ToInternal(fixedValue);
        }
        else if (_relativeParams.TryGetValue(name, out double relative) && _relativeSearchSpace.TryGetValue(name, out var space) && space.Equals(distribution))
        {
            value = relative;
        }
        else if (distribution.IsSingle)
        {
            value = distribution is CategoricalDistribution ? 0 : distribution.ToInternal(distribution switch
            {
                FloatDistribution f => f.Low,
                IntDistribution i => i.Low,
                _ => 0,
            });
        }
        else
        {
            value = Study.Sampler.SampleIndependent(Study, Snapshot(), name, distribution);
        }
        Study.Storage.SetTrialParam(TrialId, name, value, distribution);
        _params[name] = value;
        _distributions[name] = distribution;
        return distribution.ToExternal(value);
    }

    /// <summary>
    /// Records <paramref name="value"/> at <paramref name="step"/> (an epoch, say) for the pruner (Optuna:
    /// <c>report</c>). A step reported twice keeps its first value, as in Optuna.
    /// </summary>
    public void Report(double value, int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (_intermediateValues.ContainsKey(step))
        {
            return;
        }
        Study.Storage.SetTrialIntermediateValue(TrialId, step, value);
        _intermediateValues[step] = value;
    }

    /// <summary>True when the study's pruner says this trial should stop now (Optuna: <c>should_prune</c>).</summary>
    public bool ShouldPrune() => Study.Pruner.Prune(Study, Study.Storage.GetTrial(TrialId));

    /// <summary>Throws <see cref="TrialPrunedException"/> when <see cref="ShouldPrune"/> is true: the usual end of an epoch loop.</summary>
    public void PruneIfNeeded()
    {
        if (ShouldPrune())
        {
            throw new TrialPrunedException($"Trial {Number} was pruned at step {_intermediateValues.Keys.LastOrDefault()}.");
        }
    }

    /// <summary>Sets a user attribute (Optuna: <c>set_user_attr</c>): null, a boolean, a string, a number, or lists and dictionaries of these.</summary>
    public void SetUserAttr(string key, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        Study.Storage.SetTrialUserAttr(TrialId, key, value);
        _userAttrs[key] = value;
    }

    /// <summary>The trial as samplers see it: what this trial has suggested and reported so far.</summary>
    internal FrozenTrial Snapshot() => new()
    {
        TrialId = TrialId,
        Number = Number,
        State = TrialState.Running,
        InternalParams = new Dictionary<string, double>(_params),
        Distributions = new Dictionary<string, ParameterDistribution>(_distributions),
        UserAttrs = new Dictionary<string, object?>(_userAttrs),
        SystemAttrs = _systemAttrs,
        IntermediateValues = new SortedDictionary<int, double>(_intermediateValues),
        DatetimeStart = DatetimeStart,
    };
}
