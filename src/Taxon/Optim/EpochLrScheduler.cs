namespace Taxon.Optim;

/// <summary>
/// A schedule of learning rates by epoch (PyTorch: <c>_LRScheduler</c>): call <see cref="Step"/> once after each
/// epoch's optimiser steps. Creating the scheduler sets each group's <see cref="ParamGroup.InitialLearningRate"/>
/// (if no earlier scheduler did) and applies epoch 0's rate. Rates follow PyTorch's chainable form — each step
/// transforms the groups' current rates — so several schedulers on one optimiser compose (a warm-up followed by a
/// decay, for instance), and a rate changed by hand carries on from its new value.
/// </summary>
public abstract class EpochLrScheduler : LrScheduler
{
    private double[] _baseLearningRates;

    /// <summary>A schedule for <paramref name="optimizer"/>; the derived constructor calls <see cref="InitialStep"/> last.</summary>
    protected EpochLrScheduler(Optimizer optimizer)
        : base(optimizer)
    {
        foreach (ParamGroup group in optimizer.ParamGroups)
        {
            group.InitialLearningRate ??= group.LearningRate;
        }
        _baseLearningRates = optimizer.ParamGroups.Select(g => g.InitialLearningRate!.Value).ToArray();
        LastEpoch = -1;
    }

    /// <summary>The groups' initial learning rates, from which the schedule starts (PyTorch: <c>base_lrs</c>).</summary>
    public IReadOnlyList<double> BaseLearningRates => _baseLearningRates;

    /// <summary>Advances to the next epoch and sets every group's learning rate for it (PyTorch: <c>scheduler.step()</c>).</summary>
    public void Step()
    {
        CheckGroupCount(_baseLearningRates.Length);
        LastEpoch++;
        double[] lrs = ComputeLearningRates();
        IReadOnlyList<ParamGroup> groups = Optimizer.ParamGroups;
        for (int i = 0; i < lrs.Length; i++)
        {
            groups[i].LearningRate = lrs[i];
        }
        LastLearningRates = lrs;
    }

    /// <summary>
    /// The learning rates for epoch <see cref="LrScheduler.LastEpoch"/> in chainable form: from the groups' current
    /// rates (<see cref="LrScheduler.CurrentLearningRates"/>) and <see cref="BaseLearningRates"/>.
    /// </summary>
    protected abstract double[] ComputeLearningRates();

    /// <summary>Applies epoch 0's rates; derived constructors call it after setting their hyperparameters.</summary>
    protected void InitialStep() => Step();

    /// <inheritdoc />
    protected override void WriteState(IDictionary<string, string> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state["base_lrs"] = Format(_baseLearningRates);
        WriteHyperparameters(state);
    }

    /// <inheritdoc />
    protected override void ReadState(IReadOnlyDictionary<string, string> state, string what)
    {
        double[] baseLearningRates = PerGroup(state, "base_lrs", what);
        ReadHyperparameters(state, what);
        _baseLearningRates = baseLearningRates;
    }

    /// <summary>Adds the schedule's hyperparameters to <paramref name="state"/>.</summary>
    protected abstract void WriteHyperparameters(IDictionary<string, string> state);

    /// <summary>Reads and checks what <see cref="WriteHyperparameters"/> wrote, then sets it.</summary>
    protected abstract void ReadHyperparameters(IReadOnlyDictionary<string, string> state, string what);
}
