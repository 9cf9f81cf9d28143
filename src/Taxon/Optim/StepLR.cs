namespace Taxon.Optim;

/// <summary>
/// Multiplies the learning rate by <see cref="Gamma"/> every <see cref="StepSize"/> epochs (PyTorch:
/// <c>torch.optim.lr_scheduler.StepLR</c>): ηₑ = η₀·γ^⌊e / step_size⌋ when it acts alone. Default γ = 0.1.
/// </summary>
public sealed class StepLR : EpochLrScheduler
{
    /// <summary>A step decay of <paramref name="optimizer"/>'s learning rates; applies epoch 0 (no change).</summary>
    public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1)
        : base(optimizer)
    {
        Check(stepSize, gamma);
        StepSize = stepSize;
        Gamma = gamma;
        InitialStep();
    }

    /// <summary>The period of the decay, in epochs (PyTorch: <c>step_size</c>).</summary>
    public int StepSize { get; private set; }

    /// <summary>The decay factor (PyTorch: <c>gamma</c>).</summary>
    public double Gamma { get; private set; }

    /// <inheritdoc />
    protected override double[] ComputeLearningRates()
    {
        double[] lrs = CurrentLearningRates();
        if (LastEpoch != 0 && LastEpoch % StepSize == 0)
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
        state["step_size"] = StateMetadata.Format(StepSize);
        state["gamma"] = Format(Gamma);
    }

    /// <inheritdoc />
    protected override void ReadHyperparameters(IReadOnlyDictionary<string, string> state, string what)
    {
        int stepSize = ReadInt(state, "step_size", what);
        double gamma = ReadDouble(state, "gamma", what);
        try
        {
            Check(stepSize, gamma);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{what}: {e.Message}", e);
        }
        StepSize = stepSize;
        Gamma = gamma;
    }

    private static void Check(int stepSize, double gamma)
    {
        if (stepSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "StepLR: step_size must be positive.");
        }
        if (!(gamma >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "StepLR: gamma must be a non-negative number.");
        }
    }
}
