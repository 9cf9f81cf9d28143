using System.Text.Json;
using System.Text.Json.Serialization;
using Taxon.Serialization;

namespace Taxon.Optim;

/// <summary>
/// The base of Taxon's optimisers (PyTorch: <c>torch.optim.Optimizer</c>): parameter groups with per-group options
/// and a mutable learning rate, <see cref="Step()"/>, <see cref="ZeroGrad"/>, and state that saves to and restores
/// from safetensors so that training resumes exactly.
/// <code>
/// var adam = new Adam(model.Parameters(), new AdamOptions(LearningRate: 1e-3));
/// for (...) { adam.ZeroGrad(); loss(model).Backward(); adam.Step(); }
/// adam.Save("adam.safetensors");   // later: a new Adam over the same parameters, then adam.Load("adam.safetensors")
/// </code>
/// A step updates every parameter whose <see cref="Tensor.Grad"/> is set and skips those whose gradient is null, as
/// PyTorch does; updates are in place and outside the autograd graph.
/// </summary>
public abstract class Optimizer
{
    // Options that no check bounds (a NaN dampening) must still save and load.
    private static readonly JsonSerializerOptions s_json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private readonly List<ParamGroup> _groups = [];
    private readonly HashSet<Tensor> _parameters = new(ReferenceEqualityComparer.Instance);
    private Dictionary<Tensor, ParameterState> _state = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Adopts <paramref name="paramGroups"/>; groups created without options get <paramref name="defaults"/>
    /// (PyTorch: the constructor's keyword arguments).
    /// </summary>
    protected Optimizer(IEnumerable<ParamGroup> paramGroups, OptimizerOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(paramGroups);
        ArgumentNullException.ThrowIfNull(defaults);
        Validate(defaults);
        Defaults = defaults;
        foreach (ParamGroup group in paramGroups)
        {
            AddParamGroup(group);
        }
        if (_parameters.Count == 0)
        {
            throw new ArgumentException($"{GetType().Name}: the optimizer got an empty parameter list.", nameof(paramGroups));
        }
    }

    /// <summary>The options given to groups that have none (PyTorch: <c>optimizer.defaults</c>).</summary>
    public OptimizerOptions Defaults { get; }

    /// <summary>The parameter groups, in order (PyTorch: <c>optimizer.param_groups</c>).</summary>
    public IReadOnlyList<ParamGroup> ParamGroups => _groups;

    /// <summary>
    /// Adds a group, e.g. layers unfrozen during fine-tuning (PyTorch: <c>add_param_group</c>). Its parameters must
    /// be leaves that are in no other group; without options it gets <see cref="Defaults"/>.
    /// </summary>
    public void AddParamGroup(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        string name = GetType().Name;
        if (group.Owner is not null)
        {
            throw new ArgumentException($"{name}.AddParamGroup: the group already belongs to {(ReferenceEquals(group.Owner, this) ? "this" : "another")} optimizer.", nameof(group));
        }
        OptimizerOptions options = group.Options ?? Defaults;
        if (options.GetType() != Defaults.GetType())
        {
            throw new ArgumentException($"{name}.AddParamGroup: the group's options are {options.GetType().Name}; {name} needs {Defaults.GetType().Name}.", nameof(group));
        }
        Validate(options);
        var added = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (Tensor p in group.Parameters)
        {
            if (!p.IsLeaf)
            {
                throw new ArgumentException($"{name}.AddParamGroup: can't optimize a non-leaf tensor (it was produced by {p.GradFn!.Name}).", nameof(group));
            }
            if (_parameters.Contains(p) || !added.Add(p))
            {
                throw new ArgumentException($"{name}.AddParamGroup: some parameters appear in more than one parameter group (or twice in one).", nameof(group));
            }
        }
        _parameters.UnionWith(added);
        group.Options = options;
        group.Owner = this;
        _groups.Add(group);
    }

    /// <summary>
    /// Updates every parameter that has a gradient, once (PyTorch: <c>optimizer.step()</c>). Parameters whose
    /// <see cref="Tensor.Grad"/> is null are skipped and their state does not advance.
    /// </summary>
    public void Step()
    {
        using (Autograd.NoGrad())
        {
            foreach (ParamGroup group in _groups)
            {
                foreach (Tensor p in group.Parameters)
                {
                    if (p.Grad is not { } grad)
                    {
                        continue;
                    }
                    if (!_state.TryGetValue(p, out ParameterState? state))
                    {
                        state = new ParameterState();
                        _state[p] = state;
                    }
                    state.Step++;
                    Update(p, grad, state, group);
                }
            }
        }
    }

    /// <summary>
    /// Re-evaluates the loss with <paramref name="closure"/> (which should zero the gradients, compute the loss and call
    /// <see cref="Tensor.Backward"/>), then steps; returns the loss (PyTorch: <c>optimizer.step(closure)</c>).
    /// </summary>
    public Tensor Step(Func<Tensor> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        Tensor loss;
        using (Autograd.EnableGrad())
        {
            loss = closure();
        }
        Step();
        return loss;
    }

    /// <summary>
    /// Clears the gradients of all parameters (PyTorch: <c>optimizer.zero_grad(set_to_none)</c>). With
    /// <paramref name="setToNone"/> (the default, as in PyTorch 2; 1.13 defaulted to false) the gradients become null,
    /// which saves memory and makes the next step skip parameters that get no gradient; otherwise they are filled with
    /// zeros, and parameters with a zero gradient still take a step (weight decay and momentum still act).
    /// </summary>
    public void ZeroGrad(bool setToNone = true)
    {
        using (Autograd.NoGrad())
        {
            foreach (ParamGroup group in _groups)
            {
                foreach (Tensor p in group.Parameters)
                {
                    if (p.Grad is not { } grad)
                    {
                        continue;
                    }
                    if (setToNone)
                    {
                        p.Grad = null;
                    }
                    else
                    {
                        if (grad.RequiresGrad)
                        {
                            grad = grad.Detach();
                            p.Grad = grad;
                        }
                        grad.Zero_();
                    }
                }
            }
        }
    }

    /// <summary>The state kept for <paramref name="parameter"/>, or null before its first step (PyTorch: <c>optimizer.state[p]</c>).</summary>
    public ParameterState? GetState(Tensor parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return _state.GetValueOrDefault(parameter);
    }

    /// <summary>
    /// A snapshot of the optimiser's state (PyTorch: <c>optimizer.state_dict()</c>): every parameter's buffers
    /// (copied), step counts and scalars, and every group's learning rates, options and parameter shapes. See
    /// <see cref="OptimizerStateDict"/> for the layout.
    /// </summary>
    public OptimizerStateDict StateDict()
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["optimizer"] = GetType().Name,
            ["param_groups"] = StateMetadata.Format(_groups.Count),
        };
        using (Autograd.NoGrad())
        {
            int index = 0;
            for (int g = 0; g < _groups.Count; g++)
            {
                ParamGroup group = _groups[g];
                metadata[$"group.{g}.lr"] = StateMetadata.Format(group.LearningRate);
                if (group.InitialLearningRate is { } initial)
                {
                    metadata[$"group.{g}.initial_lr"] = StateMetadata.Format(initial);
                }
                metadata[$"group.{g}.options"] = JsonSerializer.Serialize(group.Options, Defaults.GetType(), s_json);
                metadata[$"group.{g}.shapes"] = JsonSerializer.Serialize(group.Parameters.Select(p => p.Shape.ToArray()).ToArray(), s_json);
                foreach (Tensor p in group.Parameters)
                {
                    if (_state.TryGetValue(p, out ParameterState? state))
                    {
                        metadata[$"state.{index}.step"] = StateMetadata.Format(state.Step);
                        foreach (var (key, value) in state.Scalars)
                        {
                            metadata[$"state.{index}.{key}"] = StateMetadata.Format(value);
                        }
                        foreach (var (key, buffer) in state.Buffers)
                        {
                            tensors[$"state.{index}.{key}"] = buffer.Detach().Clone();
                        }
                    }
                    index++;
                }
            }
        }
        return new OptimizerStateDict(tensors, metadata);
    }

    /// <summary>
    /// Restores state saved by <see cref="StateDict"/> (PyTorch: <c>optimizer.load_state_dict</c>): buffers, step
    /// counts, learning rates and group options. The optimiser must be of the same type, with as many groups, each
    /// with as many parameters of the same shapes, in the same order; otherwise nothing is changed and the error says
    /// what differs.
    /// </summary>
    public void LoadStateDict(OptimizerStateDict state)
    {
        ArgumentNullException.ThrowIfNull(state);
        string what = $"{GetType().Name}.LoadStateDict";
        IReadOnlyDictionary<string, string> metadata = state.Metadata;
        StateMetadata.CheckKind(metadata, "optimizer", GetType().Name, what);
        int groupCount = StateMetadata.Int(metadata, "param_groups", what);
        if (groupCount != _groups.Count)
        {
            throw new InvalidOperationException($"{what}: the state has {groupCount} parameter groups, but this optimizer has {_groups.Count}.");
        }

        var parameters = new List<Tensor>();
        var options = new OptimizerOptions[groupCount];
        var learningRates = new double[groupCount];
        var initialLearningRates = new double?[groupCount];
        for (int g = 0; g < groupCount; g++)
        {
            IReadOnlyList<Tensor> groupParams = _groups[g].Parameters;
            int[][] shapes = ParseJson<int[][]>(StateMetadata.Require(metadata, $"group.{g}.shapes", what), $"group.{g}.shapes", what);
            if (shapes.Length != groupParams.Count)
            {
                throw new InvalidOperationException(
                    $"{what}: parameter group {g} has {shapes.Length} parameters in the state, but {groupParams.Count} in this optimizer.");
            }
            for (int j = 0; j < shapes.Length; j++)
            {
                if (!groupParams[j].Shape.SequenceEqual(shapes[j]))
                {
                    throw new InvalidOperationException(
                        $"{what}: parameter {parameters.Count} (group {g}, position {j}) has shape {FormatShape(shapes[j])} in the state, " +
                        $"but {FormatShape(groupParams[j].Shape)} in this optimizer.");
                }
                parameters.Add(groupParams[j]);
            }
            string optionsKey = $"group.{g}.options";
            OptimizerOptions? saved = (OptimizerOptions?)ParseJson(StateMetadata.Require(metadata, optionsKey, what), Defaults.GetType(), optionsKey, what);
            if (saved is null)
            {
                throw new InvalidDataException($"{what}: the saved entry '{optionsKey}' is null.");
            }
            try
            {
                Validate(saved);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"{what}: the saved options of group {g} are invalid: {e.Message}", e);
            }
            options[g] = saved;
            learningRates[g] = StateMetadata.Double(metadata, $"group.{g}.lr", what);
            if (!(learningRates[g] >= 0))
            {
                throw new InvalidDataException($"{what}: the saved learning rate of group {g} is {learningRates[g]}.");
            }
            string initialKey = $"group.{g}.initial_lr";
            initialLearningRates[g] = metadata.ContainsKey(initialKey) ? StateMetadata.Double(metadata, initialKey, what) : null;
        }

        var states = new Dictionary<int, ParameterState>();
        foreach (var (key, value) in metadata)
        {
            if (!key.StartsWith("state.", StringComparison.Ordinal))
            {
                continue;
            }
            var (index, field) = ParseStateKey(key, parameters.Count, what);
            ParameterState s = StateOf(states, index);
            if (field == "step")
            {
                s.Step = StateMetadata.Long(metadata, key, what);
            }
            else
            {
                s.Scalars[field] = StateMetadata.ParseDouble(value, key, what);
            }
        }
        using (Autograd.NoGrad())
        {
            foreach (var (name, tensor) in state.Tensors)
            {
                var (index, field) = ParseStateKey(name, parameters.Count, what);
                if (!tensor.Shape.SequenceEqual(parameters[index].Shape))
                {
                    throw new InvalidOperationException(
                        $"{what}: the saved tensor '{name}' has shape {FormatShape(tensor.Shape)}, but parameter {index} has shape {FormatShape(parameters[index].Shape)}.");
                }
                StateOf(states, index).Buffers[field] = tensor.Detach().Clone();
            }
        }
        foreach (int index in states.Keys)
        {
            if (!metadata.ContainsKey($"state.{index}.step"))
            {
                throw new InvalidDataException($"{what}: the state of parameter {index} has no 'state.{index}.step' entry.");
            }
        }

        var restored = new Dictionary<Tensor, ParameterState>(ReferenceEqualityComparer.Instance);
        foreach (var (index, s) in states)
        {
            restored[parameters[index]] = s;
        }
        _state = restored;
        for (int g = 0; g < groupCount; g++)
        {
            _groups[g].Options = options[g];
            _groups[g].LearningRate = learningRates[g];
            _groups[g].InitialLearningRate = initialLearningRates[g];
        }
    }

    /// <summary>Writes <see cref="StateDict"/> to a stream in the safetensors format.</summary>
    public void Save(Stream stream)
    {
        OptimizerStateDict state = StateDict();
        SafeTensors.Save(stream, state.Tensors, state.Metadata);
    }

    /// <summary>Writes <see cref="StateDict"/> to a safetensors file (atomically: a crash never leaves half a file).</summary>
    public void Save(string path)
    {
        OptimizerStateDict state = StateDict();
        SafeTensors.Save(path, state.Tensors, state.Metadata);
    }

    /// <summary>Restores state written by <see cref="Save(Stream)"/>; see <see cref="LoadStateDict"/>.</summary>
    public void Load(Stream stream)
    {
        var (tensors, metadata) = SafeTensors.Load(stream);
        LoadStateDict(new OptimizerStateDict(tensors, metadata));
    }

    /// <summary>Restores state written by <see cref="Save(string)"/>; see <see cref="LoadStateDict"/>.</summary>
    public void Load(string path)
    {
        var (tensors, metadata) = SafeTensors.Load(path);
        LoadStateDict(new OptimizerStateDict(tensors, metadata));
    }

    /// <summary>
    /// Updates one parameter in place from its gradient; called by <see cref="Step()"/> under
    /// <see cref="Autograd.NoGrad"/> for each parameter with a gradient, after <paramref name="state"/>'s step count
    /// was incremented. <paramref name="group"/> holds the learning rate and the options (of this optimiser's type).
    /// </summary>
    protected abstract void Update(Tensor parameter, Tensor grad, ParameterState state, ParamGroup group);

    /// <summary>Throws <see cref="ArgumentException"/> (with PyTorch's message) when an option is out of range.</summary>
    protected abstract void Validate(OptimizerOptions options);

    /// <summary>x + alpha·y into a new tensor in one pass (PyTorch: <c>x.add(y, alpha=alpha)</c>), for weight decay.</summary>
    private protected static Tensor AddScaled(Tensor x, Tensor y, double alpha) => Tensor.Zip(BinaryOp.AddScaled, x, y, "Add", (float)alpha);

    /// <summary>The gradient as the update rule sees it: negated to maximise, plus weightDecay·p (L2 penalty).</summary>
    private protected static Tensor EffectiveGrad(Tensor grad, Tensor parameter, bool maximize, double weightDecay)
    {
        Tensor g = maximize ? grad.Neg() : grad;
        return weightDecay != 0 ? AddScaled(g, parameter, weightDecay) : g;
    }

    /// <summary>The buffer named <paramref name="key"/>, created as zeros (or <paramref name="fill"/>) like the parameter on first use.</summary>
    private protected static Tensor Buffer(ParameterState state, string key, Tensor parameter, float fill = 0f)
    {
        if (!state.Buffers.TryGetValue(key, out Tensor? buffer))
        {
            buffer = fill == 0f ? Tensor.Zeros(parameter.Shape.ToArray()) : Tensor.Full(parameter.Shape.ToArray(), fill);
            state.Buffers[key] = buffer;
        }
        return buffer;
    }

    private static ParameterState StateOf(Dictionary<int, ParameterState> states, int index)
    {
        if (!states.TryGetValue(index, out ParameterState? s))
        {
            s = new ParameterState();
            states[index] = s;
        }
        return s;
    }

    private static (int Index, string Field) ParseStateKey(string key, int parameterCount, string what)
    {
        string[] parts = key.Split('.', 3);
        if (parts.Length != 3 || parts[0] != "state" || parts[2].Length == 0 ||
            !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index))
        {
            throw new InvalidDataException($"{what}: '{key}' is not a state entry of the form state.<parameter>.<name>.");
        }
        if (index >= parameterCount)
        {
            throw new InvalidOperationException($"{what}: the saved entry '{key}' refers to parameter {index}, but the optimizer has {parameterCount} parameters.");
        }
        return (index, parts[2]);
    }

    private static T ParseJson<T>(string json, string key, string what) => (T)(ParseJson(json, typeof(T), key, what)
        ?? throw new InvalidDataException($"{what}: the saved entry '{key}' is null."));

    private static object? ParseJson(string json, Type type, string key, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type, s_json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{what}: the saved entry '{key}' is not valid {type.Name} JSON: {e.Message}", e);
        }
    }

    private static string FormatShape(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";
}
