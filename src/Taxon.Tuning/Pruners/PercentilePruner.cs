namespace Taxon.Tuning.Pruners;

/// <summary>
/// Prunes a trial whose best value so far is worse than the given percentile of the completed trials' values at
/// the same step (Optuna: <c>PercentilePruner</c>). A trial whose reported values are all NaN is pruned.
/// </summary>
public class PercentilePruner : IPruner
{
    /// <summary>Creates the pruner; the options are checked here.</summary>
    public PercentilePruner(PercentilePrunerOptions? options = null)
    {
        Options = options ?? new PercentilePrunerOptions();
        if (!(Options.Percentile is >= 0 and <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"PercentilePruner: the percentile must lie in [0, 100], got {Options.Percentile}.");
        }
        if (Options.StartupTrials < 0 || Options.WarmupSteps < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "PercentilePruner: StartupTrials and WarmupSteps cannot be negative.");
        }
        if (Options.IntervalSteps < 1 || Options.MinTrials < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "PercentilePruner: IntervalSteps and MinTrials must be at least 1.");
        }
    }

    /// <summary>The options.</summary>
    public PercentilePrunerOptions Options { get; }

    /// <inheritdoc />
    public bool Prune(Study study, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        var completed = study.GetTrials(TrialState.Complete);
        if (completed.Count == 0 || completed.Count < Options.StartupTrials)
        {
            return false;
        }
        if (trial.LastStep is not { } step || step < Options.WarmupSteps)
        {
            return false;
        }
        if (!IsFirstReportInInterval(step, trial.IntermediateValues.Keys))
        {
            return false;
        }
        bool maximize = study.Direction == StudyDirection.Maximize;
        double best = BestOverSteps(trial.IntermediateValues.Values, maximize);
        if (double.IsNaN(best))
        {
            return true;
        }
        var others = completed.Where(t => t.IntermediateValues.ContainsKey(step)).Select(t => t.IntermediateValues[step]).ToList();
        if (others.Count < Options.MinTrials)
        {
            return false;
        }
        double threshold = NanPercentile(others, maximize ? 100 - Options.Percentile : Options.Percentile);
        if (double.IsNaN(threshold))
        {
            return false;
        }
        return maximize ? best < threshold : best > threshold;
    }

    /// <summary>
    /// With an interval above 1, a trial is judged at the first report at or after each interval boundary: the
    /// step's boundary must lie after the trial's previous report.
    /// </summary>
    private bool IsFirstReportInInterval(int step, IEnumerable<int> steps)
    {
        int warmup = Options.WarmupSteps;
        int boundary = (step - warmup) / Options.IntervalSteps * Options.IntervalSteps + warmup;
        int previous = -1;
        foreach (int s in steps)
        {
            if (s != step && s > previous)
            {
                previous = s;
            }
        }
        return previous < boundary;
    }

    private static double BestOverSteps(IEnumerable<double> values, bool maximize)
    {
        double best = double.NaN;
        foreach (double v in values)
        {
            if (double.IsNaN(v))
            {
                continue;
            }
            if (double.IsNaN(best) || (maximize ? v > best : v < best))
            {
                best = v;
            }
        }
        return best;
    }

    /// <summary>NumPy's default (linear interpolation) percentile over the non-NaN values; NaN when there are none.</summary>
    internal static double NanPercentile(IEnumerable<double> values, double percentile)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        double rank = percentile / 100 * (sorted.Length - 1);
        int lower = (int)Math.Floor(rank);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        double fraction = rank - lower;
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
    }
}
