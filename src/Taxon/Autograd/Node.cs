namespace Taxon;

/// <summary>
/// One recorded operation in the autograd graph: the <see cref="Tensor.GradFn"/> of the tensor it produced
/// (PyTorch: <c>grad_fn</c>, e.g. <c>&lt;MulBackward0&gt;</c>). Given the gradient of its output it returns the
/// gradients of its inputs.
/// </summary>
public sealed class Node
{
    private Func<Tensor, Tensor?[]>? _backward;
    private readonly (Storage Storage, int Version, Tensor Tensor)[] _saved;

    internal Node(string name, Tensor[] inputs, Func<Tensor, Tensor?[]> backward, Tensor[] saved)
    {
        Name = name;
        Inputs = inputs;
        _backward = backward;
        _saved = new (Storage, int, Tensor)[saved.Length];
        for (int i = 0; i < saved.Length; i++)
        {
            _saved[i] = (saved[i].Storage, saved[i].Storage.Version, saved[i]);
        }
    }

    /// <summary>The operation's name as PyTorch prints it, e.g. <c>MulBackward0</c>.</summary>
    public string Name { get; }

    /// <summary>The operation's inputs, in order; gradients are returned in the same order.</summary>
    internal Tensor[] Inputs { get; private set; }

    /// <summary>The tensor whose gradient should be kept after backward (<see cref="Tensor.RetainGrad"/>).</summary>
    internal Tensor? Retained { get; set; }

    /// <summary>The nodes that produced this node's inputs (PyTorch: <c>next_functions</c>); null for leaves.</summary>
    public IReadOnlyList<Node?> NextFunctions => Array.ConvertAll(Inputs, t => t.GradFn);

    internal Tensor?[] Apply(Tensor gradOutput)
    {
        Func<Tensor, Tensor?[]> backward = _backward ?? throw new InvalidOperationException(
            $"Trying to backward through the graph a second time ({Name}): its saved tensors were freed by the first " +
            "Backward(). Pass retainGraph: true to the first call if you need to call Backward() twice.");
        foreach (var (storage, version, tensor) in _saved)
        {
            if (storage.Version != version)
            {
                throw new InvalidOperationException(
                    $"One of the tensors needed for gradient computation has been modified by an in-place operation: " +
                    $"a tensor of shape {ShapeMath.Format(tensor.Shape)} saved by {Name} is at version {storage.Version}; " +
                    $"expected version {version}. Use an out-of-place operation, or clone the tensor before changing it.");
            }
        }
        return backward(gradOutput);
    }

    internal void Release()
    {
        _backward = null;
        Inputs = [];
    }

    /// <inheritdoc />
    public override string ToString() => $"<{Name}>";
}
