namespace Taxon;

/// <summary>How a tensor lies in its buffer: what crosses the seam between tensors and a backend.</summary>
internal readonly struct TensorView(float[] data, int offset, int[] shape, int[] strides)
{
    public float[] Data { get; } = data;

    public int Offset { get; } = offset;

    public int[] Shape { get; } = shape;

    public int[] Strides { get; } = strides;

    /// <summary>The same elements read as <paramref name="target"/> (0 strides on broadcast dimensions).</summary>
    public TensorView BroadcastTo(int[] target) =>
        new(Data, Offset, target, ShapeMath.BroadcastStrides(Shape, Strides, target));

    public static TensorView Contiguous(float[] data, int[] shape) => new(data, 0, shape, ShapeMath.ContiguousStrides(shape));
}
