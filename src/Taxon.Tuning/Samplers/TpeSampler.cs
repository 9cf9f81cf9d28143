namespace Taxon.Tuning.Samplers;

/// <summary>
/// The Tree-structured Parzen Estimator (Bergstra et al. 2011) as Optuna 3.1's <c>TPESampler</c> defines it.
/// After <see cref="TpeSamplerOptions.StartupTrials"/> random trials, the complete and pruned trials are ranked
/// (complete ones by value, pruned ones after them by how far they got) and split into the best gamma(n), whose
/// parameters form the density l(x), and the rest, forming g(x); <see cref="TpeSamplerOptions.EiCandidates"/>
/// candidates are drawn from l(x) and the one with the largest l(x)/g(x) is suggested. Seeded, it suggests the
/// same values for the same study history, and the same values as Optuna 3.1's <c>TPESampler(seed=seed)</c> (to
/// rounding): it draws from NumPy's <c>RandomState</c> stream (<see cref="Mt19937RandomState"/>) in Optuna's order.
/// </summary>
public sealed class TpeSampler : ISampler
{
    private readonly Mt19937RandomState _random;
    private readonly RandomSampler _startupSampler;
    private readonly Lock _lock = new();

    /// <summary>Creates the sampler (default options: Optuna's).</summary>
    public TpeSampler(TpeSamplerOptions? options = null)
    {
        Options = options ?? new TpeSamplerOptions();
        if (Options.StartupTrials < 0 || Options.EiCandidates < 1 || !(Options.PriorWeight > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "TpeSampler: StartupTrials must be >= 0, EiCandidates >= 1 and PriorWeight > 0.");
        }
        // Two streams from one seed, as Optuna's TPESampler holds RandomState(seed) and a RandomSampler(seed) with
        // its own: the startup trials draw from the second, the TPE suggestions from the first.
        _random = Options.Seed is { } s ? new Mt19937RandomState(s) : Mt19937RandomState.Unseeded();
        _startupSampler = new RandomSampler(Options.Seed);
    }

    /// <summary>The options.</summary>
    public TpeSamplerOptions Options { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, ParameterDistribution> InferRelativeSearchSpace(Study study, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (!Options.Multivariate)
        {
            return new Dictionary<string, ParameterDistribution>();
        }
        // The parameters every complete or pruned trial drew from the same distribution (Optuna's
        // IntersectionSearchSpace with pruned trials included), in the order the first finished trial suggested
        // them: Optuna keeps the order of the first finished trial it sees (in a sequential study, trial 0), and
        // the sampler draws for the parameters in that order, so a different order would draw different values.
        List<KeyValuePair<string, ParameterDistribution>>? space = null;
        foreach (var t in study.Trials)
        {
            if (t.State is not (TrialState.Complete or TrialState.Pruned))
            {
                continue;
            }
            if (space is null)
            {
                space = [.. t.Distributions];
                continue;
            }
            space.RemoveAll(kv => !t.Distributions.TryGetValue(kv.Key, out var d) || !d.Equals(kv.Value));
        }
        var result = new Dictionary<string, ParameterDistribution>();
        foreach (var (name, d) in space ?? [])
        {
            if (!d.IsSingle)
            {
                result[name] = d;
            }
        }
        return result;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> SampleRelative(Study study, FrozenTrial trial, IReadOnlyDictionary<string, ParameterDistribution> searchSpace)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(searchSpace);
        if (searchSpace.Count == 0)
        {
            return new Dictionary<string, double>();
        }
        var space = searchSpace.ToList();
        var chosen = Sample(study, trial, space);
        return chosen is null ? new Dictionary<string, double>() : space.Select((kv, p) => (kv.Key, chosen[p])).ToDictionary(x => x.Key, x => x.Item2);
    }

    /// <inheritdoc />
    public double SampleIndependent(Study study, FrozenTrial trial, string name, ParameterDistribution distribution)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        var chosen = Sample(study, trial, [new(name, distribution)]);
        return chosen is null ? _startupSampler.SampleIndependent(study, trial, name, distribution) : chosen[0];
    }

    /// <summary>The TPE choice for the parameters of <paramref name="space"/>, or null during the startup trials.</summary>
    private double[]? Sample(Study study, FrozenTrial trial, List<KeyValuePair<string, ParameterDistribution>> space)
    {
        if (BuildEstimators(study, trial, space) is not { } estimators)
        {
            return null;
        }
        var (good, bad) = estimators;
        lock (_lock)
        {
            var candidates = good.Sample(_random, Options.EiCandidates);
            var logL = good.LogPdf(candidates);
            var logG = bad.LogPdf(candidates);
            int best = 0;
            for (int i = 1; i < logL.Length; i++)
            {
                if (logL[i] - logG[i] > logL[best] - logG[best])
                {
                    best = i;
                }
            }
            return [.. candidates.Select(column => column[best])];
        }
    }

    /// <summary>
    /// The densities l(x) (of the best gamma(n) observations) and g(x) (of the rest) for the parameters of
    /// <paramref name="space"/>, or null during the startup trials. Separate from <see cref="Sample"/> so that the
    /// tests can compare them with Optuna's on a fixed history, without the random draws.
    /// </summary>
    internal (ParzenEstimator Below, ParzenEstimator Above)? BuildEstimators(Study study, FrozenTrial trial, List<KeyValuePair<string, ParameterDistribution>> space)
    {
        var observations = Observations(study, trial, space);
        int n = observations.Count(o => !o.IsRunning);
        if (n < Options.StartupTrials)
        {
            return null;
        }
        int belowCount = Math.Clamp(Options.Gamma(n), 0, observations.Count);
        // Rank: complete trials by value (negated when maximising), then pruned ones, deeper steps first, then
        // running ones (constant liar); ties keep trial order. The best gamma(n) form l(x).
        var ranked = Enumerable.Range(0, observations.Count)
            .OrderBy(i => observations[i].StepKey)
            .ThenBy(i => observations[i].Score)
            .ThenBy(i => i)
            .ToArray();
        var isBelow = new bool[observations.Count];
        for (int r = 0; r < belowCount; r++)
        {
            isBelow[ranked[r]] = true;
        }
        double[][] Group(bool below)
        {
            // In trial order, as the weights ramp from the oldest to the newest; trials lacking the parameter drop out.
            var rows = Enumerable.Range(0, observations.Count)
                .Where(i => isBelow[i] == below && !double.IsNaN(observations[i].Values[0]))
                .ToList();
            var columns = new double[space.Count][];
            for (int p = 0; p < space.Count; p++)
            {
                columns[p] = [.. rows.Select(i => observations[i].Values[p])];
            }
            return columns;
        }
        return (new ParzenEstimator(Group(below: true), space, Options), new ParzenEstimator(Group(below: false), space, Options));
    }

    private List<Observation> Observations(Study study, FrozenTrial current, List<KeyValuePair<string, ParameterDistribution>> space)
    {
        double sign = study.Direction == StudyDirection.Minimize ? 1 : -1;
        var result = new List<Observation>();
        foreach (var t in study.Trials)
        {
            double stepKey, score;
            bool running = false;
            switch (t.State)
            {
                case TrialState.Complete when t.Value is { } v:
                    (stepKey, score) = (double.NegativeInfinity, sign * v);
                    break;
                case TrialState.Pruned:
                    if (t.LastStep is { } last)
                    {
                        double iv = t.IntermediateValues[last];
                        (stepKey, score) = (-last, double.IsNaN(iv) ? double.PositiveInfinity : sign * iv);
                    }
                    else
                    {
                        (stepKey, score) = (1, 0);
                    }
                    break;
                case TrialState.Running when Options.ConstantLiar && t.TrialId != current.TrialId:
                    (stepKey, score, running) = (double.PositiveInfinity, double.PositiveInfinity, true);
                    break;
                default:
                    continue;
            }
            var values = new double[space.Count];
            for (int p = 0; p < space.Count; p++)
            {
                values[p] = t.InternalParams.TryGetValue(space[p].Key, out double x) && t.Distributions[space[p].Key].IsCompatibleWith(space[p].Value)
                    ? x
                    : double.NaN;
            }
            result.Add(new Observation(stepKey, score, running, values));
        }
        return result;
    }

    private sealed record Observation(double StepKey, double Score, bool IsRunning, double[] Values);
}
