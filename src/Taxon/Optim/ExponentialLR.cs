namespace Taxon.Optim;

/// <summary>
/// Multiplies the learning rate by <see cref="Gamma"/> every epoch (PyTorch:
/// <c>torch.optim.lr_scheduler.ExponentialLR</c>): ηₑ = η₀·γᵉ when it acts alone.
/// </summary>
public sealed class ExponentialLR : EpochLrScheduler
{
    /// <summary>An exponential decay of <paramref name="optimizer"/>'s learning rates; applies epoch 0 (no change).</summary>
    public ExponentialLR(Optimizer optimizer, double gamma)
        : base(optimizer)
    {
        Check(gamma);
        Gamma = gamma;
        InitialStep();
    }

    /// <summary>The decay factor per epoch (PyTorch: <c>gamma</c>).</summary>
    public double Gamma { get; private set; }

    /// <inheritdoc />
    protected override double[] ComputeLearningRates()
    {
        double[] lrs = CurrentLearningRates();
        if (LastEpoch != 0)
        {
            for (int i = 0; i < lrs.Length; i++)
            {
                lrs[i] *= Gamma;
            }
        }
        return lrs;
    }

    /// <inheritdoc />
    protected override void WriteHyperparameters(IDictionary<string, string> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state["gamma"] = Format(Gamma);
    }

    /// <inheritdoc />
    protected override void ReadHyperparameters(IReadOnlyDictionary<string, string> state, string what)
    {
        double gamma = ReadDouble(state, "gamma", what);
        if (!(gamma >= 0))
        {
            throw new InvalidDataException($"{what}: the saved gamma is {gamma}.");
        }
        Gamma = gamma;
    }

    private static void Check(double gamma)
    {
        if (!(gamma >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "ExponentialLR: gamma must be a non-negative number.");
        }
    }
}
