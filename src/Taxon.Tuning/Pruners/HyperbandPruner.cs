using System.Text;

namespace Taxon.Tuning.Pruners;

/// <summary>
/// Hyperband (Optuna: <c>HyperbandPruner</c>, Li et al. 2018): several successive-halving brackets that trade the
/// number of trials against the steps each gets, bracket s starting its first rung at r · eta^s. Each trial is
/// assigned to a bracket by the CRC-32 of <c>"{study name}_{trial number}"</c>, in proportion to the brackets'
/// budgets, exactly as Optuna assigns it, and competes only with the trials of its bracket.
/// </summary>
public sealed class HyperbandPruner : IPruner
{
    private readonly Lock _lock = new();
    private SuccessiveHalvingPruner[]? _brackets;
    private int[] _budgets = [];
    private int _totalBudget;

    /// <summary>Creates the pruner; the options are checked here.</summary>
    public HyperbandPruner(HyperbandPrunerOptions? options = null)
    {
        Options = options ?? new HyperbandPrunerOptions();
        if (Options.MinResource < 1 || Options.ReductionFactor < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "HyperbandPruner: MinResource must be at least 1 and ReductionFactor at least 2.");
        }
        if (Options.MaxResource is { } max && max < Options.MinResource)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"HyperbandPruner: MaxResource {max} is below MinResource {Options.MinResource}.");
        }
        if (Options.BootstrapCount > 0 && Options.MaxResource is null)
        {
            throw new ArgumentException("HyperbandPruner: BootstrapCount > 0 needs an explicit MaxResource.", nameof(options));
        }
    }

    /// <summary>The options.</summary>
    public HyperbandPrunerOptions Options { get; }

    /// <summary>The number of brackets, once known (after the first completed trial when MaxResource is automatic).</summary>
    public int? BracketCount => _brackets?.Length;

    /// <inheritdoc />
    public bool Prune(Study study, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        if (!TryInitialise(study))
        {
            return false;
        }
        int bracket = BracketOf(study.Name, trial.Number);
        return _brackets![bracket].Prune(study, trial, () => [.. study.Trials.Where(t => BracketOf(study.Name, t.Number) == bracket)]);
    }

    /// <summary>The bracket of trial <paramref name="number"/> in study <paramref name="studyName"/>; call after initialisation.</summary>
    internal int BracketOf(string studyName, int number)
    {
        uint hash = Crc32.Compute(Encoding.UTF8.GetBytes($"{studyName}_{number}"));
        long n = hash % (uint)_totalBudget;
        for (int b = 0; b < _budgets.Length; b++)
        {
            n -= _budgets[b];
            if (n < 0)
            {
                return b;
            }
        }
        throw new InvalidOperationException("Unreachable: the budgets sum to the total.");
    }

    private bool TryInitialise(Study study)
    {
        lock (_lock)
        {
            if (_brackets is not null)
            {
                return true;
            }
            int maxResource;
            if (Options.MaxResource is { } max)
            {
                maxResource = max;
            }
            else
            {
                var lastSteps = study.GetTrials(TrialState.Complete).Where(t => t.LastStep is not null).Select(t => t.LastStep!.Value).ToList();
                if (lastSteps.Count == 0)
                {
                    return false;
                }
                maxResource = lastSteps.Max() + 1;
            }
            int eta = Options.ReductionFactor;
            // Optuna's floor(log(max / min, eta)) + 1, in the same floating-point steps so that both count alike.
            int count = (int)Math.Floor(Math.Log(maxResource / (double)Options.MinResource) / Math.Log(eta)) + 1;
            var budgets = new int[count];
            var brackets = new SuccessiveHalvingPruner[count];
            int total = 0;
            for (int b = 0; b < count; b++)
            {
                int s = count - 1 - b;
                budgets[b] = (int)Math.Ceiling(count * Math.Pow(eta, s) / (s + 1));
                total += budgets[b];
                brackets[b] = new SuccessiveHalvingPruner(new SuccessiveHalvingPrunerOptions
                {
                    MinResource = Options.MinResource,
                    ReductionFactor = eta,
                    MinEarlyStoppingRate = b,
                    BootstrapCount = Options.BootstrapCount,
                });
            }
            _budgets = budgets;
            _totalBudget = total;
            _brackets = brackets;
            return true;
        }
    }
}
