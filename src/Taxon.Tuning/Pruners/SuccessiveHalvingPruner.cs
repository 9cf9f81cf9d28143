namespace Taxon.Tuning.Pruners;

/// <summary>
/// Asynchronous successive halving (Optuna: <c>SuccessiveHalvingPruner</c>, Li et al. 2018). Rung k sits at step
/// r · eta^(s + k); a trial reaching a rung records its value there (system attribute <c>completed_rung_k</c>, as
/// Optuna names it) and goes on only if the value is within the best 1/eta of all values recorded at that rung.
/// </summary>
public sealed class SuccessiveHalvingPruner : IPruner
{
    private int? _minResource;

    /// <summary>Creates the pruner; the options are checked here.</summary>
    public SuccessiveHalvingPruner(SuccessiveHalvingPrunerOptions? options = null)
    {
        Options = options ?? new SuccessiveHalvingPrunerOptions();
        if (Options.MinResource is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"SuccessiveHalvingPruner: MinResource must be at least 1 or null (auto), got {Options.MinResource}.");
        }
        if (Options.ReductionFactor < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"SuccessiveHalvingPruner: ReductionFactor must be at least 2, got {Options.ReductionFactor}.");
        }
        if (Options.MinEarlyStoppingRate < 0 || Options.BootstrapCount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "SuccessiveHalvingPruner: MinEarlyStoppingRate and BootstrapCount cannot be negative.");
        }
        if (Options.BootstrapCount > 0 && Options.MinResource is null)
        {
            throw new ArgumentException("SuccessiveHalvingPruner: BootstrapCount > 0 needs an explicit MinResource.", nameof(options));
        }
        _minResource = Options.MinResource;
    }

    /// <summary>The options.</summary>
    public SuccessiveHalvingPrunerOptions Options { get; }

    /// <inheritdoc />
    public bool Prune(Study study, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        return Prune(study, trial, () => study.Trials);
    }

    /// <summary>Decides with the competitors from <paramref name="trials"/> (all the study's, or one Hyperband bracket's).</summary>
    internal bool Prune(Study study, FrozenTrial trial, Func<IReadOnlyList<FrozenTrial>> trials)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.LastStep is not { } step)
        {
            return false;
        }
        int rung = 0;
        while (trial.SystemAttrs.ContainsKey(RungKey(rung)))
        {
            rung++;
        }
        double value = trial.IntermediateValues[step];
        IReadOnlyList<FrozenTrial>? all = null;
        while (true)
        {
            if (_minResource is null)
            {
                all ??= trials();
                var lastSteps = all.Where(t => t.State == TrialState.Complete && t.LastStep is not null).Select(t => t.LastStep!.Value).ToList();
                if (lastSteps.Count == 0)
                {
                    return false;
                }
                _minResource = Math.Max(lastSteps.Max() / 100, 1);
            }
            double promotionStep = _minResource.Value * Math.Pow(Options.ReductionFactor, Options.MinEarlyStoppingRate + rung);
            if (step < promotionStep)
            {
                return false;
            }
            if (double.IsNaN(value))
            {
                return true;
            }
            all ??= trials();
            string key = RungKey(rung);
            study.Storage.SetTrialSystemAttr(trial.TrialId, key, value);
            var competing = all.Where(t => t.TrialId != trial.TrialId && t.SystemAttrs.TryGetValue(key, out object? v) && v is double)
                .Select(t => (double)t.SystemAttrs[key]!).ToList();
            competing.Add(value);
            if (competing.Count <= Options.BootstrapCount)
            {
                return true;
            }
            if (!IsPromotable(value, competing, study.Direction))
            {
                return true;
            }
            rung++;
        }
    }

    internal static string RungKey(int rung) => "completed_rung_" + rung.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private bool IsPromotable(double value, List<double> competing, StudyDirection direction)
    {
        int promotable = Math.Max(competing.Count / Options.ReductionFactor - 1, 0);
        competing.Sort();
        return direction == StudyDirection.Maximize
            ? value >= competing[competing.Count - 1 - promotable]
            : value <= competing[promotable];
    }
}
