using System.Text;
using Taxon.Serialization;

namespace Taxon.NN;

/// <summary>
/// The base of every layer and model (PyTorch: <c>torch.nn.Module</c>): named parameters, buffers and children,
/// registered explicitly in the constructor; recursive <see cref="Parameters"/>, <see cref="Train"/>/<see cref="Eval"/>,
/// <see cref="ZeroGrad"/>, <see cref="StateDict"/>/<see cref="LoadStateDict"/>, and weights saved and loaded in the
/// safetensors format under PyTorch's names (<c>0.weight</c>, <c>layer1.bias</c>), so PyTorch reads them.
/// </summary>
public abstract class Module
{
    private readonly List<KeyValuePair<string, Tensor>> _parameters = [];
    private readonly List<KeyValuePair<string, Tensor>> _buffers = [];
    private readonly List<KeyValuePair<string, Module>> _children = [];

    /// <summary>Whether the module is in training mode (PyTorch: <c>training</c>); Dropout and BatchNorm behave differently in each.</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>Registers a parameter: a leaf tensor that requires grad and that optimisers update (PyTorch: <c>register_parameter</c>).</summary>
    protected Tensor RegisterParameter(string name, Tensor tensor)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(tensor);
        if (!tensor.IsLeaf)
        {
            throw new ArgumentException($"{GetType().Name}: parameter '{name}' must be a leaf tensor; Detach() it first.");
        }
        tensor.RequiresGrad = true;
        _parameters.Add(new(name, tensor));
        return tensor;
    }

    /// <summary>Registers state that is saved but not trained, such as BatchNorm's running mean (PyTorch: <c>register_buffer</c>).</summary>
    protected Tensor RegisterBuffer(string name, Tensor tensor)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(tensor);
        _buffers.Add(new(name, tensor));
        return tensor;
    }

    /// <summary>Registers a child module whose parameters and mode follow this one's (PyTorch: <c>add_module</c>).</summary>
    protected T RegisterModule<T>(string name, T module)
        where T : Module
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(module);
        _children.Add(new(name, module));
        return module;
    }

    /// <summary>Replaces a registered parameter or buffer's tensor (e.g. after loading), keeping its name and position.</summary>
    protected void ReplaceTensor(string name, Tensor tensor)
    {
        for (int i = 0; i < _parameters.Count; i++)
        {
            if (_parameters[i].Key == name)
            {
                tensor.RequiresGrad = true;
                _parameters[i] = new(name, tensor);
                return;
            }
        }
        for (int i = 0; i < _buffers.Count; i++)
        {
            if (_buffers[i].Key == name)
            {
                _buffers[i] = new(name, tensor);
                return;
            }
        }
        throw new ArgumentException($"{GetType().Name}: no parameter or buffer named '{name}'.");
    }

    /// <summary>This module's parameters and its children's, recursively, in registration order (PyTorch: <c>parameters()</c>).</summary>
    public IEnumerable<Tensor> Parameters()
    {
        foreach (var (_, p) in NamedParameters())
        {
            yield return p;
        }
    }

    /// <summary>Parameters with dotted names such as <c>0.weight</c> (PyTorch: <c>named_parameters()</c>).</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters(string prefix = "")
    {
        foreach (var (name, p) in _parameters)
        {
            yield return (prefix + name, p);
        }
        foreach (var (name, child) in _children)
        {
            foreach (var item in child.NamedParameters(prefix + name + "."))
            {
                yield return item;
            }
        }
    }

    /// <summary>Buffers with dotted names (PyTorch: <c>named_buffers()</c>).</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers(string prefix = "")
    {
        foreach (var (name, b) in _buffers)
        {
            yield return (prefix + name, b);
        }
        foreach (var (name, child) in _children)
        {
            foreach (var item in child.NamedBuffers(prefix + name + "."))
            {
                yield return item;
            }
        }
    }

    /// <summary>The direct children with their names (PyTorch: <c>named_children()</c>).</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren()
    {
        foreach (var (name, child) in _children)
        {
            yield return (name, child);
        }
    }

    /// <summary>This module and every descendant, depth first (PyTorch: <c>modules()</c>).</summary>
    public IEnumerable<Module> Modules()
    {
        yield return this;
        foreach (var (_, child) in _children)
        {
            foreach (Module m in child.Modules())
            {
                yield return m;
            }
        }
    }

    /// <summary>Sets training mode on this module and its descendants (PyTorch: <c>train(mode)</c>).</summary>
    public Module Train(bool mode = true)
    {
        foreach (Module m in Modules())
        {
            m.IsTraining = mode;
        }
        return this;
    }

    /// <summary>Sets evaluation mode: Dropout passes through, BatchNorm uses running statistics (PyTorch: <c>eval()</c>).</summary>
    public Module Eval() => Train(false);

    /// <summary>Clears the gradients of all parameters; to null by default, as PyTorch 2 does (PyTorch: <c>zero_grad(set_to_none)</c>).</summary>
    public void ZeroGrad(bool setToNone = true)
    {
        foreach (Tensor p in Parameters())
        {
            if (setToNone || p.Grad is null)
            {
                p.Grad = null;
            }
            else
            {
                using (Autograd.NoGrad())
                {
                    p.Grad.Zero_();
                }
            }
        }
    }

    /// <summary>The number of parameter elements, optionally only those that require grad.</summary>
    public long ParameterCount(bool trainableOnly = false)
    {
        long n = 0;
        foreach (Tensor p in Parameters())
        {
            if (!trainableOnly || p.RequiresGrad)
            {
                n += p.NumElements;
            }
        }
        return n;
    }

    /// <summary>Parameters and buffers by dotted name, detached and sharing storage with the module (PyTorch: <c>state_dict()</c>).</summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, p) in NamedParameters())
        {
            state[name] = p.Detach();
        }
        foreach (var (name, b) in NamedBuffers())
        {
            state[name] = b.Detach();
        }
        return state;
    }

    /// <summary>
    /// Copies values into the parameters and buffers (PyTorch: <c>load_state_dict</c>). With <paramref name="strict"/>,
    /// missing and unexpected names are errors; a shape mismatch always is. Nothing is changed unless everything matches.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true, string source = "state dict")
    {
        ArgumentNullException.ThrowIfNull(state);
        var targets = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, p) in NamedParameters())
        {
            targets[name] = p;
        }
        foreach (var (name, b) in NamedBuffers())
        {
            targets[name] = b;
        }
        var problems = new List<string>();
        if (strict)
        {
            var missing = targets.Keys.Where(k => !state.ContainsKey(k)).ToList();
            var unexpected = state.Keys.Where(k => !targets.ContainsKey(k)).ToList();
            if (missing.Count > 0)
            {
                problems.Add("missing: " + string.Join(", ", missing));
            }
            if (unexpected.Count > 0)
            {
                problems.Add("unexpected: " + string.Join(", ", unexpected));
            }
        }
        foreach (var (name, target) in targets)
        {
            if (state.TryGetValue(name, out Tensor? value) && !value.Shape.SequenceEqual(target.Shape))
            {
                problems.Add($"'{name}' has shape {ShapeMath.Format(value.Shape)} in the {source} but {ShapeMath.Format(target.Shape)} in the model");
            }
        }
        if (problems.Count > 0)
        {
            throw new InvalidDataException($"{GetType().Name}: cannot load {source}: {string.Join("; ", problems)}.");
        }
        using (Autograd.NoGrad())
        {
            foreach (var (name, target) in targets)
            {
                if (state.TryGetValue(name, out Tensor? value))
                {
                    target.Copy_(value);
                }
            }
        }
    }

    /// <summary>Saves the state dict as a safetensors file, atomically (readable by <c>safetensors.torch.load_file</c>).</summary>
    public void Save(string path) => SafeTensors.Save(path, StateDict(), new Dictionary<string, string> { ["format"] = "pt" });

    /// <summary>
    /// Loads a safetensors file written by <see cref="Save"/> or by PyTorch, checking names, shapes and dtypes: with
    /// <paramref name="strict"/>, every tensor must be F32 as the model's are; otherwise F16, BF16 and F64 are converted.
    /// </summary>
    public void Load(string path, bool strict = true)
    {
        var (tensors, _) = SafeTensors.Load(path, out var dtypes);
        if (strict)
        {
            var other = dtypes.Where(d => d.Value != "F32").Select(d => $"'{d.Key}' is {d.Value}").ToList();
            if (other.Count > 0)
            {
                throw new InvalidDataException(
                    $"{GetType().Name}: cannot load {path}: the model holds F32 tensors but {string.Join(", ", other)}. Load with strict: false to convert.");
            }
        }
        LoadStateDict(tensors, strict, path);
    }

    /// <summary>The layer's settings as PyTorch prints them inside the parentheses, e.g. <c>in_features=784, out_features=256, bias=True</c>.</summary>
    protected virtual string ExtraRepr() => "";

    /// <summary>The module tree as PyTorch prints it.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(GetType().Name).Append('(');
        string extra = ExtraRepr();
        if (_children.Count == 0)
        {
            return sb.Append(extra).Append(')').ToString();
        }
        sb.Append('\n');
        if (extra.Length > 0)
        {
            sb.Append("  ").Append(extra).Append('\n');
        }
        foreach (var (name, child) in _children)
        {
            string text = child.ToString().Replace("\n", "\n  ", StringComparison.Ordinal);
            sb.Append("  (").Append(name).Append("): ").Append(text).Append('\n');
        }
        return sb.Append(')').ToString();
    }

    /// <summary>Python's spelling of a boolean, for <see cref="ExtraRepr"/>.</summary>
    protected static string Py(bool value) => value ? "True" : "False";

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{GetType().Name}: '{name}' is not a valid name (non-empty, no dots).");
        }
        if (_parameters.Any(p => p.Key == name) || _buffers.Any(p => p.Key == name) || _children.Any(p => p.Key == name))
        {
            throw new ArgumentException($"{GetType().Name}: '{name}' is already registered.");
        }
    }
}
