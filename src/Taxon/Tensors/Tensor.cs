namespace Taxon;

/// <summary>
/// An n-dimensional float32 tensor with autograd (PyTorch: <c>torch.Tensor</c>). A tensor is a view of a
/// shared <see cref="Storage"/>: shape, strides and an offset; views (<see cref="Transpose"/>, <see cref="Narrow"/>,
/// <see cref="Expand"/>, ...) share storage without copying. Operations return new tensors; the few in-place ones end
/// in an underscore (<c>Add_</c>), as in PyTorch.
/// </summary>
public sealed partial class Tensor
{
    private readonly int[] _shape;
    private readonly int[] _strides;
    private bool _requiresGrad;
    private Tensor? _grad;

    internal Tensor(Storage storage, int[] shape, int[] strides, int offset)
    {
        Storage = storage;
        _shape = shape;
        _strides = strides;
        Offset = offset;
        NumElements = ShapeMath.NumElements(shape);
        IsContiguous = ComputeContiguous(shape, strides);
    }

    internal Tensor(float[] data, int[] shape)
        : this(new Storage(data), shape, ShapeMath.ContiguousStrides(shape), 0)
    {
    }

    internal Storage Storage { get; }

    internal int Offset { get; }

    /// <summary>The size of each dimension (PyTorch: <c>shape</c>).</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>Elements to step in storage to move one along each dimension (PyTorch: <c>stride()</c>).</summary>
    public ReadOnlySpan<int> Strides => _strides;

    /// <summary>The number of dimensions (PyTorch: <c>dim()</c>).</summary>
    public int Dim => _shape.Length;

    /// <summary>The number of elements (PyTorch: <c>numel()</c>).</summary>
    public int NumElements { get; }

    /// <summary>Whether the elements lie in storage in row-major order without gaps (PyTorch: <c>is_contiguous()</c>).</summary>
    public bool IsContiguous { get; }

    /// <summary>The size of dimension <paramref name="dim"/>, which may be negative (PyTorch: <c>size(dim)</c>).</summary>
    public int Size(int dim) => _shape[ShapeMath.WrapDim(dim, Dim, "Size")];

    /// <summary>
    /// Whether autograd records operations on this tensor so that <see cref="Backward"/> can compute its gradient
    /// (PyTorch: <c>requires_grad</c>). Only leaves may be changed; setting it on an input tensor yields input
    /// gradients (as adversarial training needs).
    /// </summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (GradFn is not null && !value)
            {
                throw new InvalidOperationException(
                    $"RequiresGrad can only be changed on leaf tensors; this tensor was produced by {GradFn.Name}. Use Detach() to get a tensor outside the graph.");
            }
            _requiresGrad = value;
        }
    }

    /// <summary>The operation that produced this tensor, or null for a leaf (PyTorch: <c>grad_fn</c>).</summary>
    public Node? GradFn { get; private set; }

    /// <summary>Whether this tensor was created by the user rather than by a recorded operation (PyTorch: <c>is_leaf</c>).</summary>
    public bool IsLeaf => GradFn is null;

    /// <summary>
    /// The gradient accumulated by <see cref="Backward"/> (PyTorch: <c>grad</c>): kept for leaves that require grad
    /// and for tensors that called <see cref="RetainGrad"/>; null until the first backward. Set it to null to reset.
    /// </summary>
    public Tensor? Grad
    {
        get => _grad;
        set
        {
            if (value is not null && !ShapeMath.SameShape(value.Shape, _shape))
            {
                throw new ArgumentException(
                    $"Grad: a gradient of shape {ShapeMath.Format(value.Shape)} cannot be assigned to a tensor of shape {ShapeMath.Format(_shape)}.");
            }
            _grad = value;
        }
    }

    /// <summary>
    /// Computes the gradient of this tensor with respect to every leaf that requires grad and adds it to their
    /// <see cref="Grad"/> (PyTorch: <c>backward(gradient, retain_graph)</c>). A tensor of one element needs no
    /// <paramref name="gradient"/>. The graph's saved values are freed unless <paramref name="retainGraph"/> is true.
    /// </summary>
    public void Backward(Tensor? gradient = null, bool retainGraph = false) => BackwardEngine.Run(this, gradient, retainGraph);

    /// <summary>Keeps this non-leaf tensor's gradient in <see cref="Grad"/> after backward (PyTorch: <c>retain_grad()</c>).</summary>
    public void RetainGrad()
    {
        if (!_requiresGrad)
        {
            throw new InvalidOperationException("RetainGrad(): the tensor does not require grad.");
        }
        if (GradFn is not null)
        {
            GradFn.Retained = this;
        }
    }

    /// <summary>A tensor sharing this one's storage but outside the graph (PyTorch: <c>detach()</c>).</summary>
    public Tensor Detach() => new(Storage, _shape, _strides, Offset);

    /// <summary>A contiguous copy with its own storage; differentiable (PyTorch: <c>clone()</c>).</summary>
    public Tensor Clone()
    {
        Tensor result = Materialize();
        return Record(result, "CloneBackward0", [this], g => [g]);
    }

    /// <summary>The elements in row-major order, copied into a new array (PyTorch: <c>tolist()</c>, flattened).</summary>
    public float[] ToArray()
    {
        var result = new float[NumElements];
        Backend.Copy(Layout, result);
        return result;
    }

    /// <summary>The value of a one-element tensor (PyTorch: <c>item()</c>).</summary>
    public float Item()
    {
        if (NumElements != 1)
        {
            throw new InvalidOperationException($"Item(): the tensor has {NumElements} elements (shape {ShapeMath.Format(_shape)}); only one-element tensors can be converted.");
        }
        return Storage.Data[Offset];
    }

    /// <summary>The element at the given multi-index (negative indices count from the end).</summary>
    [System.Runtime.CompilerServices.IndexerName("At")]
    public float this[params int[] index]
    {
        get => Storage.Data[ElementOffset(index)];
    }

    internal int ElementOffset(int[] index)
    {
        if (index.Length != _shape.Length)
        {
            throw new ArgumentException($"Indexer: {index.Length} indices given for a tensor of shape {ShapeMath.Format(_shape)}.");
        }
        int offset = Offset;
        for (int i = 0; i < index.Length; i++)
        {
            int k = index[i] < 0 ? index[i] + _shape[i] : index[i];
            if ((uint)k >= (uint)_shape[i])
            {
                throw new IndexOutOfRangeException($"Indexer: index {index[i]} is out of range for dimension {i} of size {_shape[i]}.");
            }
            offset += k * _strides[i];
        }
        return offset;
    }

    internal int[] ShapeArray => _shape;

    internal int[] StridesArray => _strides;

    /// <summary>The layout handed to the backend.</summary>
    internal TensorView Layout => new(Storage.Data, Offset, _shape, _strides);

    /// <summary>The elements as a span; only for contiguous tensors.</summary>
    internal Span<float> ContiguousSpan
    {
        get
        {
            System.Diagnostics.Debug.Assert(IsContiguous);
            return Storage.Data.AsSpan(Offset, NumElements);
        }
    }

    internal static IBackend Backend => Kernels.CpuBackend.Instance;

    /// <summary>A new uninitialised contiguous tensor.</summary>
    internal static Tensor Empty(int[] shape) => new(Storage.Uninitialized(ShapeMath.NumElements(shape)), shape, ShapeMath.ContiguousStrides(shape), 0);

    /// <summary>This tensor's elements copied into a fresh contiguous tensor, outside the graph.</summary>
    internal Tensor Materialize()
    {
        Tensor result = Empty((int[])_shape.Clone());
        Backend.Copy(Layout, result.ContiguousSpan);
        return result;
    }

    /// <summary>Attaches a backward function to <paramref name="result"/> when grad mode is on and an input requires grad.</summary>
    internal static Tensor Record(Tensor result, string name, Tensor[] inputs, Func<Tensor, Tensor?[]> backward, params Tensor[] saved)
    {
        if (!Autograd.IsGradEnabled)
        {
            return result;
        }
        bool any = false;
        foreach (Tensor t in inputs)
        {
            any |= t._requiresGrad;
        }
        if (!any)
        {
            return result;
        }
        result._requiresGrad = true;
        result.GradFn = new Node(name, inputs, backward, saved);
        return result;
    }

    private static bool ComputeContiguous(int[] shape, int[] strides)
    {
        int expected = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            if (shape[i] == 1)
            {
                continue;
            }
            if (strides[i] != expected)
            {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }
}
