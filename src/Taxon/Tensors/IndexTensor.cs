namespace Taxon;

/// <summary>
/// A contiguous tensor of int32 indices: class targets, gather/scatter indices, argmax results
/// (the role of PyTorch's <c>LongTensor</c>). Immutable; it never takes part in autograd.
/// </summary>
public sealed class IndexTensor
{
    private readonly int[] _data;
    private readonly int[] _shape;

    private IndexTensor(int[] data, int[] shape)
    {
        _data = data;
        _shape = shape;
    }

    /// <summary>The size of each dimension.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    internal int[] ShapeArray => _shape;

    /// <summary>The number of dimensions.</summary>
    public int Dim => _shape.Length;

    /// <summary>The number of elements.</summary>
    public int NumElements => _data.Length;

    /// <summary>The indices in row-major order.</summary>
    public ReadOnlySpan<int> Span => _data;

    /// <summary>The element at the given multi-index.</summary>
    public int this[params int[] index]
    {
        get
        {
            if (index.Length != _shape.Length)
            {
                throw new ArgumentException($"IndexTensor: {index.Length} indices given for a tensor of rank {_shape.Length}.");
            }
            int offset = 0;
            for (int i = 0; i < index.Length; i++)
            {
                if ((uint)index[i] >= (uint)_shape[i])
                {
                    throw new IndexOutOfRangeException(
                        $"IndexTensor: index {index[i]} is out of range for dimension {i} of size {_shape[i]}.");
                }
                offset = offset * _shape[i] + index[i];
            }
            return _data[offset];
        }
    }

    /// <summary>Wraps a copy of <paramref name="data"/> with the given shape (a 1-D shape when none is given).</summary>
    public static IndexTensor FromArray(int[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        int[] s = shape.Length == 0 ? [data.Length] : ShapeMath.Validate(shape, "IndexTensor.FromArray");
        if (ShapeMath.NumElements(s) != data.Length)
        {
            throw new ArgumentException(
                $"IndexTensor.FromArray: shape {ShapeMath.Format(s)} needs {ShapeMath.NumElements(s)} elements but {data.Length} were given.");
        }
        return new IndexTensor((int[])data.Clone(), s);
    }

    internal static IndexTensor Wrap(int[] data, int[] shape) => new(data, shape);

    /// <summary>A copy of the indices in row-major order.</summary>
    public int[] ToArray() => (int[])_data.Clone();

    /// <summary>The same indices with another shape (PyTorch: <c>reshape</c>).</summary>
    public IndexTensor Reshape(params int[] shape)
    {
        int[] s = Tensor.InferShape(shape, _data.Length, "IndexTensor.Reshape");
        return new IndexTensor(_data, s);
    }

    /// <summary>The indices as float32 values (exact below 2^24).</summary>
    public Tensor ToTensor() => Tensor.FromArray(Array.ConvertAll(_data, v => (float)v), _shape);

    /// <inheritdoc />
    public override string ToString() => TensorFormat.Format(_data, _shape);
}
