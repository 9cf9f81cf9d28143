namespace Taxon.Optim;

/// <summary>
/// A group of parameters that an optimiser updates with the same options (PyTorch: one entry of
/// <c>optimizer.param_groups</c>). Groups let parts of a model train differently — a smaller learning rate for a
/// pretrained body, no weight decay for biases:
/// <code>
/// var defaults = new AdamOptions(LearningRate: 1e-3);
/// var adam = new Adam([new ParamGroup(body), new ParamGroup(head, defaults with { LearningRate = 1e-2 })], defaults);
/// </code>
/// </summary>
public sealed class ParamGroup
{
    private readonly Tensor[] _parameters;
    private double? _learningRate;

    /// <summary>
    /// A group of <paramref name="parameters"/> with <paramref name="options"/>, or with the optimiser's defaults when
    /// <paramref name="options"/> is null.
    /// </summary>
    public ParamGroup(IEnumerable<Tensor> parameters, OptimizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters.ToArray();
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (_parameters[i] is null)
            {
                throw new ArgumentException($"ParamGroup: parameter {i} is null.", nameof(parameters));
            }
        }
        Options = options;
    }

    /// <summary>The parameters, in order (PyTorch: <c>param_group["params"]</c>).</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>
    /// The group's options. Null only for a group created without options that no optimiser has adopted yet; the
    /// optimiser sets them to its defaults, and <see cref="Optimizer.LoadStateDict"/> to the saved ones.
    /// </summary>
    public OptimizerOptions? Options { get; internal set; }

    /// <summary>
    /// The learning rate the next step uses (PyTorch: <c>param_group["lr"]</c>); starts at the options' learning
    /// rate. Schedulers change it; it is a double as PyTorch's is, so schedules that compound over many epochs do
    /// not accumulate float32 rounding.
    /// </summary>
    public double LearningRate
    {
        get => _learningRate ?? Options?.LearningRate ?? throw new InvalidOperationException(
            "ParamGroup.LearningRate: the group has no options yet; add it to an optimiser or set the learning rate.");
        set
        {
            if (!(value >= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Invalid learning rate: it must be a non-negative number.");
            }
            _learningRate = value;
        }
    }

    /// <summary>
    /// The learning rate the first scheduler attached to the optimiser found (PyTorch: <c>param_group["initial_lr"]</c>),
    /// from which closed-form schedules start; null until a scheduler is created.
    /// </summary>
    public double? InitialLearningRate { get; set; }

    /// <summary>The optimiser that adopted this group; a group belongs to one optimiser.</summary>
    internal Optimizer? Owner { get; set; }
}
