namespace Taxon.Optim;

/// <summary>
/// Early stopping (Prechelt 1998, "Early Stopping — But When?"; an additional strategy in Ruder's overview): stop
/// training when the validation metric has not improved for <see cref="Patience"/> epochs in a row. Call
/// <see cref="Report"/> with the metric after each epoch and stop when <see cref="ShouldStop"/> turns true; the best
/// epoch and value tell which checkpoint to keep. An improvement is a value below best − <see cref="MinDelta"/>
/// (<see cref="MetricMode.Min"/>) or above best + <see cref="MinDelta"/> (<see cref="MetricMode.Max"/>); NaN never is.
/// </summary>
public sealed class EarlyStopping
{
    /// <summary>Stops after <paramref name="patience"/> epochs without an improvement of more than <paramref name="minDelta"/>.</summary>
    public EarlyStopping(int patience = 10, double minDelta = 0, MetricMode mode = MetricMode.Min)
    {
        if (patience < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(patience), patience, "EarlyStopping: patience must not be negative.");
        }
        if (!(minDelta >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "EarlyStopping: min_delta must be a non-negative number.");
        }
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "EarlyStopping: mode is unknown.");
        }
        Patience = patience;
        MinDelta = minDelta;
        Mode = mode;
        Reset();
    }

    /// <summary>The number of epochs without improvement after which training should stop.</summary>
    public int Patience { get; }

    /// <summary>How much better than the best a value must be to count as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Whether lower or higher values are better.</summary>
    public MetricMode Mode { get; }

    /// <summary>The number of values reported so far.</summary>
    public int Epochs { get; private set; }

    /// <summary>The 0-based index of the report with the best value, or −1 before any improvement.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>The best value reported; +∞ (min) or −∞ (max) before any improvement.</summary>
    public double BestValue { get; private set; }

    /// <summary>The consecutive reports since the last improvement.</summary>
    public int EpochsWithoutImprovement { get; private set; }

    /// <summary>
    /// Whether <see cref="Patience"/> reports in a row brought no improvement (with patience 0: whether the last one
    /// brought none).
    /// </summary>
    public bool ShouldStop => EpochsWithoutImprovement > 0 && EpochsWithoutImprovement >= Patience;

    /// <summary>Records one epoch's metric; returns whether it improved on the best (then it is the new best).</summary>
    public bool Report(double value)
    {
        bool improved = Mode == MetricMode.Min ? value < BestValue - MinDelta : value > BestValue + MinDelta;
        if (improved)
        {
            BestValue = value;
            BestEpoch = Epochs;
            EpochsWithoutImprovement = 0;
        }
        else
        {
            EpochsWithoutImprovement++;
        }
        Epochs++;
        return improved;
    }

    /// <summary>Forgets every report, as if newly created.</summary>
    public void Reset()
    {
        Epochs = 0;
        BestEpoch = -1;
        BestValue = Mode == MetricMode.Min ? double.PositiveInfinity : double.NegativeInfinity;
        EpochsWithoutImprovement = 0;
    }
}
