namespace Taxon.Optim;

/// <summary>
/// Scales the learning rate by a factor that moves linearly from <see cref="StartFactor"/> to
/// <see cref="EndFactor"/> over <see cref="TotalIters"/> epochs, then stays (PyTorch:
/// <c>torch.optim.lr_scheduler.LinearLR</c>) — a linear warm-up with the defaults, or a linear decay. Acting alone,
/// ηₑ = η₀·(start + (end − start)·min(e, total_iters)/total_iters). Defaults: start 1/3, end 1, total_iters 5.
/// </summary>
public sealed class LinearLR : EpochLrScheduler
{
    /// <summary>A linear schedule of <paramref name="optimizer"/>'s learning rates; applies epoch 0 (η₀·start).</summary>
    public LinearLR(Optimizer optimizer, double startFactor = 1.0 / 3, double endFactor = 1.0, int totalIters = 5)
        : base(optimizer)
    {
        Check(startFactor, endFactor, totalIters);
        StartFactor = startFactor;
        EndFactor = endFactor;
        TotalIters = totalIters;
        InitialStep();
    }

    /// <summary>The factor at epoch 0, in (0, 1] (PyTorch: <c>start_factor</c>).</summary>
    public double StartFactor { get; private set; }

    /// <summary>The factor from epoch <see cref="TotalIters"/> on, in [0, 1] (PyTorch: <c>end_factor</c>).</summary>
    public double EndFactor { get; private set; }

    /// <summary>The number of epochs of the ramp (PyTorch: <c>total_iters</c>).</summary>
    public int TotalIters { get; private set; }

    /// <inheritdoc />
    protected override double[] ComputeLearningRates()
    {
        double[] lrs = CurrentLearningRates();
        if (LastEpoch == 0)
        {
            for (int i = 0; i < lrs.Length; i++)
            {
                lrs[i] *= StartFactor;
            }
            return lrs;
        }
        if (LastEpoch > TotalIters)
        {
            return lrs;
        }
        // The ratio of this epoch's factor to the previous one's, so that the form chains with other schedulers.
        double factor = 1.0 + (EndFactor - StartFactor) / (TotalIters * StartFactor + (LastEpoch - 1) * (EndFactor - StartFactor));
        for (int i = 0; i < lrs.Length; i++)
        {
            lrs[i] *= factor;
        }
        return lrs;
    }

    /// <inheritdoc />
    protected override void WriteHyperparameters(IDictionary<string, string> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state["start_factor"] = Format(StartFactor);
        state["end_factor"] = Format(EndFactor);
        state["total_iters"] = StateMetadata.Format(TotalIters);
    }

    /// <inheritdoc />
    protected override void ReadHyperparameters(IReadOnlyDictionary<string, string> state, string what)
    {
        double startFactor = ReadDouble(state, "start_factor", what);
        double endFactor = ReadDouble(state, "end_factor", what);
        int totalIters = ReadInt(state, "total_iters", what);
        try
        {
            Check(startFactor, endFactor, totalIters);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{what}: {e.Message}", e);
        }
        StartFactor = startFactor;
        EndFactor = endFactor;
        TotalIters = totalIters;
    }

    private static void Check(double startFactor, double endFactor, int totalIters)
    {
        // PyTorch 1.13 accepts a start factor of 0, whose chainable form then multiplies a zero rate by 1/0 at epoch 1 (NaN).
        if (!(startFactor > 0 && startFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(startFactor), startFactor, "LinearLR: the starting multiplicative factor must be in (0, 1].");
        }
        if (!(endFactor >= 0 && endFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(endFactor), endFactor, "LinearLR: the ending multiplicative factor must be in [0, 1].");
        }
        if (totalIters <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(totalIters), totalIters, "LinearLR: total_iters must be positive.");
        }
    }
}
