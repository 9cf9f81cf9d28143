namespace Taxon.Optim;

/// <summary>
/// Cosine annealing (Loshchilov and Hutter 2017, "SGDR: Stochastic Gradient Descent with Warm Restarts", without the
/// restarts) — PyTorch's <c>torch.optim.lr_scheduler.CosineAnnealingLR</c>: acting alone,
/// ηₑ = η_min + (η₀ − η_min)(1 + cos(πe/T_max))/2, falling from η₀ to η_min over T_max epochs and, past T_max,
/// rising again along the same cosine (PyTorch's recursive form, which it computes; default η_min = 0).
/// </summary>
public sealed class CosineAnnealingLR : EpochLrScheduler
{
    /// <summary>A cosine schedule of <paramref name="optimizer"/>'s learning rates over <paramref name="tMax"/> epochs; applies epoch 0 (no change).</summary>
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin = 0)
        : base(optimizer)
    {
        Check(tMax, etaMin);
        TMax = tMax;
        EtaMin = etaMin;
        InitialStep();
    }

    /// <summary>The number of epochs of the half-period (PyTorch: <c>T_max</c>).</summary>
    public int TMax { get; private set; }

    /// <summary>The minimum learning rate (PyTorch: <c>eta_min</c>).</summary>
    public double EtaMin { get; private set; }

    /// <inheritdoc />
    protected override double[] ComputeLearningRates()
    {
        double[] lrs = CurrentLearningRates();
        if (LastEpoch == 0)
        {
            return lrs;
        }
        IReadOnlyList<double> baseLrs = BaseLearningRates;
        if ((LastEpoch - 1 - TMax) % (2 * TMax) == 0)
        {
            // The bottom of the cosine: the ratio below would divide by 1 + cos(π) = 0.
            for (int i = 0; i < lrs.Length; i++)
            {
                lrs[i] += (baseLrs[i] - EtaMin) * (1 - Math.Cos(Math.PI / TMax)) / 2;
            }
            return lrs;
        }
        double ratio = (1 + Math.Cos(Math.PI * LastEpoch / TMax)) / (1 + Math.Cos(Math.PI * (LastEpoch - 1) / TMax));
        for (int i = 0; i < lrs.Length; i++)
        {
            lrs[i] = ratio * (lrs[i] - EtaMin) + EtaMin;
        }
        return lrs;
    }

    /// <inheritdoc />
    protected override void WriteHyperparameters(IDictionary<string, string> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state["T_max"] = StateMetadata.Format(TMax);
        state["eta_min"] = Format(EtaMin);
    }

    /// <inheritdoc />
    protected override void ReadHyperparameters(IReadOnlyDictionary<string, string> state, string what)
    {
        int tMax = ReadInt(state, "T_max", what);
        double etaMin = ReadDouble(state, "eta_min", what);
        try
        {
            Check(tMax, etaMin);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{what}: {e.Message}", e);
        }
        TMax = tMax;
        EtaMin = etaMin;
    }

    private static void Check(int tMax, double etaMin)
    {
        if (tMax <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tMax), tMax, "CosineAnnealingLR: T_max must be positive.");
        }
        if (!(etaMin >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(etaMin), etaMin, "CosineAnnealingLR: eta_min must be a non-negative number.");
        }
    }
}
