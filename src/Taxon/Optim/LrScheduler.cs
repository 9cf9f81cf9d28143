using Taxon.Serialization;

namespace Taxon.Optim;

/// <summary>
/// The base of learning-rate schedulers (PyTorch: <c>torch.optim.lr_scheduler</c>): a scheduler changes the
/// <see cref="ParamGroup.LearningRate"/> of its optimiser's groups once per epoch. Epoch-based schedules derive from
/// <see cref="EpochLrScheduler"/>; <see cref="ReduceLROnPlateau"/> reacts to a metric instead. State (counters,
/// hyperparameters) saves and restores like the optimiser's, so training resumes exactly: create the optimiser and
/// the scheduler, then load both.
/// </summary>
public abstract class LrScheduler
{
    /// <summary>A scheduler of <paramref name="optimizer"/>'s learning rates.</summary>
    protected LrScheduler(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        LastLearningRates = CurrentLearningRates();
    }

    /// <summary>The optimiser whose learning rates this scheduler sets.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The number of the last epoch stepped (PyTorch: <c>last_epoch</c>).</summary>
    public int LastEpoch { get; protected set; }

    /// <summary>The learning rates of the groups after the last step (PyTorch: <c>get_last_lr()</c>).</summary>
    public IReadOnlyList<double> LastLearningRates { get; protected set; }

    /// <summary>The scheduler's state as string entries (PyTorch: <c>scheduler.state_dict()</c>); doubles round-trip exactly.</summary>
    public IReadOnlyDictionary<string, string> StateDict()
    {
        var state = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["scheduler"] = GetType().Name,
            ["last_epoch"] = StateMetadata.Format(LastEpoch),
            ["last_lr"] = StateMetadata.Format(LastLearningRates),
        };
        WriteState(state);
        return state;
    }

    /// <summary>
    /// Restores state saved by <see cref="StateDict"/> (PyTorch: <c>load_state_dict</c>), hyperparameters included; the
    /// scheduler must be of the same type over as many parameter groups. Nothing changes when it fails.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, string> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        string what = $"{GetType().Name}.LoadStateDict";
        StateMetadata.CheckKind(state, "scheduler", GetType().Name, what);
        int lastEpoch = StateMetadata.Int(state, "last_epoch", what);
        double[] lastLearningRates = PerGroup(state, "last_lr", what);
        ReadState(state, what);
        LastEpoch = lastEpoch;
        LastLearningRates = lastLearningRates;
    }

    /// <summary>Writes <see cref="StateDict"/> to a stream as the metadata of a safetensors file without tensors.</summary>
    public void Save(Stream stream) => SafeTensors.Save(stream, new Dictionary<string, Tensor>(), StateDict());

    /// <summary>Writes <see cref="StateDict"/> to a safetensors file (atomically).</summary>
    public void Save(string path) => SafeTensors.Save(path, new Dictionary<string, Tensor>(), StateDict());

    /// <summary>Restores state written by <see cref="Save(Stream)"/>; see <see cref="LoadStateDict"/>.</summary>
    public void Load(Stream stream) => LoadStateDict(SafeTensors.Load(stream).Metadata);

    /// <summary>Restores state written by <see cref="Save(string)"/>; see <see cref="LoadStateDict"/>.</summary>
    public void Load(string path) => LoadStateDict(SafeTensors.Load(path).Metadata);

    /// <summary>Adds the derived scheduler's hyperparameters and counters to <paramref name="state"/>.</summary>
    protected abstract void WriteState(IDictionary<string, string> state);

    /// <summary>
    /// Reads what <see cref="WriteState"/> wrote; parses and checks every entry before changing anything, throwing
    /// <see cref="InvalidDataException"/> (naming <paramref name="what"/>) on a missing or malformed entry.
    /// </summary>
    protected abstract void ReadState(IReadOnlyDictionary<string, string> state, string what);

    /// <summary>The learning rates of the optimiser's groups now.</summary>
    protected double[] CurrentLearningRates()
    {
        IReadOnlyList<ParamGroup> groups = Optimizer.ParamGroups;
        var lrs = new double[groups.Count];
        for (int i = 0; i < lrs.Length; i++)
        {
            lrs[i] = groups[i].LearningRate;
        }
        return lrs;
    }

    /// <summary>A saved list of one double per parameter group, checked against the optimiser's group count.</summary>
    protected double[] PerGroup(IReadOnlyDictionary<string, string> state, string key, string what)
    {
        double[] values = StateMetadata.Doubles(state, key, what);
        if (values.Length != Optimizer.ParamGroups.Count)
        {
            throw new InvalidOperationException(
                $"{what}: '{key}' has {values.Length} values in the state, but the optimizer has {Optimizer.ParamGroups.Count} parameter groups.");
        }
        return values;
    }

    /// <summary>Formats a double so that it parses back to the same bits.</summary>
    protected static string Format(double value) => StateMetadata.Format(value);

    /// <summary>Formats a list of doubles (comma-separated, each round-tripping).</summary>
    protected static string Format(IEnumerable<double> values) => StateMetadata.Format(values);

    /// <summary>A saved double.</summary>
    protected static double ReadDouble(IReadOnlyDictionary<string, string> state, string key, string what) => StateMetadata.Double(state, key, what);

    /// <summary>A saved integer.</summary>
    protected static int ReadInt(IReadOnlyDictionary<string, string> state, string key, string what) => StateMetadata.Int(state, key, what);

    /// <summary>Throws when groups were added to the optimiser after the scheduler was created.</summary>
    protected void CheckGroupCount(int expected)
    {
        if (Optimizer.ParamGroups.Count != expected)
        {
            throw new InvalidOperationException(
                $"{GetType().Name}: the optimizer has {Optimizer.ParamGroups.Count} parameter groups, but the scheduler was created for {expected}; create a new scheduler after AddParamGroup.");
        }
    }
}
