namespace Taxon.Optim;

/// <summary>
/// Reduces the learning rates when a metric stops improving (PyTorch: <c>torch.optim.lr_scheduler.ReduceLROnPlateau</c>):
/// call <see cref="Step(double)"/> with the validation metric after each epoch. When more than <see cref="Patience"/>
/// epochs in a row bring no significant improvement over the best value, every group's rate is multiplied by
/// <see cref="Factor"/> (not below its minimum), then <see cref="Cooldown"/> epochs pass before bad epochs count again.
/// An improvement is significant when, for <see cref="MetricMode.Min"/>, value &lt; best·(1 − threshold)
/// (<see cref="ThresholdMode.Relative"/>) or value &lt; best − threshold (<see cref="ThresholdMode.Absolute"/>);
/// mirrored for <see cref="MetricMode.Max"/>. A reduction smaller than <see cref="Eps"/> is skipped.
/// <para>Defaults (PyTorch 1.13): mode min, factor 0.1, patience 10, threshold 1e-4 relative, cooldown 0, min_lr 0, eps 1e-8.</para>
/// </summary>
public sealed class ReduceLROnPlateau : LrScheduler
{
    private double[] _minLearningRates;

    /// <summary>A plateau scheduler of <paramref name="optimizer"/>'s learning rates; <paramref name="minLearningRate"/> applies to every group (see <see cref="MinLearningRates"/>).</summary>
    public ReduceLROnPlateau(
        Optimizer optimizer,
        MetricMode mode = MetricMode.Min,
        double factor = 0.1,
        int patience = 10,
        double threshold = 1e-4,
        ThresholdMode thresholdMode = ThresholdMode.Relative,
        int cooldown = 0,
        double minLearningRate = 0,
        double eps = 1e-8)
        : base(optimizer)
    {
        Check(mode, factor, patience, threshold, thresholdMode, cooldown, eps);
        CheckMinimum(minLearningRate);
        Mode = mode;
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        ThresholdMode = thresholdMode;
        Cooldown = cooldown;
        Eps = eps;
        _minLearningRates = Enumerable.Repeat(minLearningRate, optimizer.ParamGroups.Count).ToArray();
        Best = WorstValue(mode);
    }

    /// <summary>Whether the metric should decrease or increase (PyTorch: <c>mode</c>).</summary>
    public MetricMode Mode { get; private set; }

    /// <summary>The factor a reduction multiplies the rates by, in [0, 1) (PyTorch: <c>factor</c>).</summary>
    public double Factor { get; private set; }

    /// <summary>The number of epochs without improvement tolerated before a reduction (PyTorch: <c>patience</c>).</summary>
    public int Patience { get; private set; }

    /// <summary>How much better than the best a value must be to count as an improvement (PyTorch: <c>threshold</c>).</summary>
    public double Threshold { get; private set; }

    /// <summary>Whether <see cref="Threshold"/> is relative or absolute (PyTorch: <c>threshold_mode</c>).</summary>
    public ThresholdMode ThresholdMode { get; private set; }

    /// <summary>The epochs after a reduction during which bad epochs are not counted (PyTorch: <c>cooldown</c>).</summary>
    public int Cooldown { get; private set; }

    /// <summary>Reductions that would change a rate by less than this are skipped (PyTorch: <c>eps</c>).</summary>
    public double Eps { get; private set; }

    /// <summary>
    /// The lowest learning rate of each group (PyTorch: <c>min_lrs</c>); set it, one per group, to give groups
    /// different minima: <c>new ReduceLROnPlateau(optimizer) { MinLearningRates = [1e-5, 1e-6] }</c>.
    /// </summary>
    public IReadOnlyList<double> MinLearningRates
    {
        get => _minLearningRates;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Count != Optimizer.ParamGroups.Count)
            {
                throw new ArgumentException($"ReduceLROnPlateau: expected {Optimizer.ParamGroups.Count} min_lrs, got {value.Count}.", nameof(value));
            }
            foreach (double m in value)
            {
                CheckMinimum(m);
            }
            _minLearningRates = value.ToArray();
        }
    }

    /// <summary>The best metric value so far; +∞ (min) or −∞ (max) before the first step (PyTorch: <c>best</c>).</summary>
    public double Best { get; private set; }

    /// <summary>The consecutive epochs without a significant improvement (PyTorch: <c>num_bad_epochs</c>).</summary>
    public int NumBadEpochs { get; private set; }

    /// <summary>The epochs of cooldown left (PyTorch: <c>cooldown_counter</c>).</summary>
    public int CooldownCounter { get; private set; }

    /// <summary>Whether the scheduler is cooling down after a reduction (PyTorch: <c>in_cooldown</c>).</summary>
    public bool InCooldown => CooldownCounter > 0;

    /// <summary>Records the epoch's <paramref name="metric"/> and reduces the rates if it has plateaued (PyTorch: <c>scheduler.step(metrics)</c>). NaN never improves.</summary>
    public void Step(double metric)
    {
        CheckGroupCount(_minLearningRates.Length);
        LastEpoch++;
        if (IsBetter(metric, Best))
        {
            Best = metric;
            NumBadEpochs = 0;
        }
        else
        {
            NumBadEpochs++;
        }
        if (InCooldown)
        {
            CooldownCounter--;
            NumBadEpochs = 0;
        }
        if (NumBadEpochs > Patience)
        {
            ReduceLearningRates();
            CooldownCounter = Cooldown;
            NumBadEpochs = 0;
        }
        LastLearningRates = CurrentLearningRates();
    }

    /// <summary>Whether <paramref name="value"/> is a significant improvement over <paramref name="best"/>.</summary>
    public bool IsBetter(double value, double best) => (Mode, ThresholdMode) switch
    {
        (MetricMode.Min, ThresholdMode.Relative) => value < best * (1.0 - Threshold),
        (MetricMode.Min, ThresholdMode.Absolute) => value < best - Threshold,
        (MetricMode.Max, ThresholdMode.Relative) => value > best * (Threshold + 1.0),
        _ => value > best + Threshold,
    };

    /// <inheritdoc />
    protected override void WriteState(IDictionary<string, string> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state["mode"] = Mode == MetricMode.Min ? "min" : "max";
        state["factor"] = Format(Factor);
        state["patience"] = StateMetadata.Format(Patience);
        state["threshold"] = Format(Threshold);
        state["threshold_mode"] = ThresholdMode == ThresholdMode.Relative ? "rel" : "abs";
        state["cooldown"] = StateMetadata.Format(Cooldown);
        state["min_lrs"] = Format(_minLearningRates);
        state["eps"] = Format(Eps);
        state["best"] = Format(Best);
        state["num_bad_epochs"] = StateMetadata.Format(NumBadEpochs);
        state["cooldown_counter"] = StateMetadata.Format(CooldownCounter);
    }

    /// <inheritdoc />
    protected override void ReadState(IReadOnlyDictionary<string, string> state, string what)
    {
        ArgumentNullException.ThrowIfNull(state);
        MetricMode mode = StateMetadata.Require(state, "mode", what) switch
        {
            "min" => MetricMode.Min,
            "max" => MetricMode.Max,
            var m => throw new InvalidDataException($"{what}: mode {m} is unknown."),
        };
        ThresholdMode thresholdMode = StateMetadata.Require(state, "threshold_mode", what) switch
        {
            "rel" => ThresholdMode.Relative,
            "abs" => ThresholdMode.Absolute,
            var m => throw new InvalidDataException($"{what}: threshold mode {m} is unknown."),
        };
        double factor = ReadDouble(state, "factor", what);
        int patience = ReadInt(state, "patience", what);
        double threshold = ReadDouble(state, "threshold", what);
        int cooldown = ReadInt(state, "cooldown", what);
        double[] minLearningRates = PerGroup(state, "min_lrs", what);
        double eps = ReadDouble(state, "eps", what);
        double best = ReadDouble(state, "best", what);
        int numBadEpochs = ReadInt(state, "num_bad_epochs", what);
        int cooldownCounter = ReadInt(state, "cooldown_counter", what);
        try
        {
            Check(mode, factor, patience, threshold, thresholdMode, cooldown, eps);
            foreach (double m in minLearningRates)
            {
                CheckMinimum(m);
            }
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{what}: {e.Message}", e);
        }
        Mode = mode;
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        ThresholdMode = thresholdMode;
        Cooldown = cooldown;
        _minLearningRates = minLearningRates;
        Eps = eps;
        Best = best;
        NumBadEpochs = numBadEpochs;
        CooldownCounter = cooldownCounter;
    }

    private void ReduceLearningRates()
    {
        IReadOnlyList<ParamGroup> groups = Optimizer.ParamGroups;
        for (int i = 0; i < groups.Count; i++)
        {
            double old = groups[i].LearningRate;
            double reduced = Math.Max(old * Factor, _minLearningRates[i]);
            if (old - reduced > Eps)
            {
                groups[i].LearningRate = reduced;
            }
        }
    }

    private static double WorstValue(MetricMode mode) => mode == MetricMode.Min ? double.PositiveInfinity : double.NegativeInfinity;

    private static void Check(MetricMode mode, double factor, int patience, double threshold, ThresholdMode thresholdMode, int cooldown, double eps)
    {
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "ReduceLROnPlateau: mode is unknown.");
        }
        if (!Enum.IsDefined(thresholdMode))
        {
            throw new ArgumentOutOfRangeException(nameof(thresholdMode), thresholdMode, "ReduceLROnPlateau: threshold mode is unknown.");
        }
        if (!(factor >= 0 && factor < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "ReduceLROnPlateau: factor should be in [0, 1).");
        }
        if (patience < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(patience), patience, "ReduceLROnPlateau: patience must not be negative.");
        }
        if (double.IsNaN(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "ReduceLROnPlateau: threshold must be a number.");
        }
        if (cooldown < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cooldown), cooldown, "ReduceLROnPlateau: cooldown must not be negative.");
        }
        if (!(eps >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(eps), eps, "ReduceLROnPlateau: eps must be a non-negative number.");
        }
    }

    private static void CheckMinimum(double minLearningRate)
    {
        if (!(minLearningRate >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(minLearningRate), minLearningRate, "ReduceLROnPlateau: min_lr must be a non-negative number.");
        }
    }
}
