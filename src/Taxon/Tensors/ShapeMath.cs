using System.Text;

namespace Taxon;

/// <summary>Shape arithmetic shared by the tensor operations: strides, broadcasting, dimension wrapping.</summary>
internal static class ShapeMath
{
    public static int[] ContiguousStrides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= Math.Max(shape[i], 1);
        }
        return strides;
    }

    public static int NumElements(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            n *= d;
        }
        if (n > Array.MaxLength)
        {
            throw new ArgumentException($"A tensor of shape {Format(shape)} has {n} elements, more than one buffer holds.");
        }
        return (int)n;
    }

    public static int[] Validate(int[] shape, string op)
    {
        ArgumentNullException.ThrowIfNull(shape);
        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"{op}: negative dimension in shape {Format(shape)}.");
            }
        }
        return (int[])shape.Clone();
    }

    /// <summary>Wraps a possibly negative dimension index (PyTorch's <c>dim=-1</c>) into [0, rank).</summary>
    public static int WrapDim(int dim, int rank, string op)
    {
        int r = Math.Max(rank, 1);
        if (dim < -r || dim >= r)
        {
            throw new ArgumentOutOfRangeException(nameof(dim),
                $"{op}: dimension {dim} is out of range for a tensor of rank {rank} (expected in [{-r}, {r - 1}]).");
        }
        return dim < 0 ? dim + r : dim;
    }

    /// <summary>The broadcast shape of two shapes under NumPy rules, or an error naming both.</summary>
    public static int[] Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b, string op)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException(
                    $"{op}: shapes {Format(a)} and {Format(b)} cannot be broadcast together (dimension {i}: {da} vs {db}).");
            }
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>Strides that read a tensor of <paramref name="shape"/>/<paramref name="strides"/> as <paramref name="target"/> (0 on broadcast dims).</summary>
    public static int[] BroadcastStrides(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, ReadOnlySpan<int> target)
    {
        var result = new int[target.Length];
        int lead = target.Length - shape.Length;
        for (int i = 0; i < shape.Length; i++)
        {
            result[lead + i] = shape[i] == 1 && target[lead + i] != 1 ? 0 : strides[i];
        }
        return result;
    }

    /// <summary>
    /// Steps a row-major multi-index over the first <paramref name="dims"/> dimensions by one, carrying the storage
    /// offsets of two operands with their strides (the odometer of every strided loop).
    /// </summary>
    public static void Advance(Span<int> counter, ReadOnlySpan<int> size, ReadOnlySpan<int> strideA, ReadOnlySpan<int> strideB,
        int dims, ref int offsetA, ref int offsetB)
    {
        for (int k = dims - 1; k >= 0; k--)
        {
            offsetA += strideA[k];
            offsetB += strideB[k];
            if (++counter[k] < size[k])
            {
                return;
            }
            offsetA -= strideA[k] * size[k];
            offsetB -= strideB[k] * size[k];
            counter[k] = 0;
        }
    }

    public static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    public static string Format(ReadOnlySpan<int> shape)
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }
            sb.Append(shape[i]);
        }
        return sb.Append(']').ToString();
    }

    public static int[] Normalize(int[] dims, int rank, string op)
    {
        var result = new int[dims.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            result[i] = WrapDim(dims[i], rank, op);
            for (int j = 0; j < i; j++)
            {
                if (result[j] == result[i])
                {
                    throw new ArgumentException($"{op}: dimension {dims[i]} appears more than once in {Format(dims)}.");
                }
            }
        }
        Array.Sort(result);
        return result;
    }
}
