using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Taxon.Serialization;

/// <summary>
/// One array of a safetensors file as stored: its dtype (<c>F32</c>, <c>F64</c>, <c>I32</c>, <c>I64</c>, <c>U8</c>,
/// <c>F16</c>, <c>BF16</c>), shape and little-endian bytes (Hugging Face: a <c>safetensors</c> tensor view). Models
/// that are not networks keep their coefficients as F64 and their indices as I32 this way, exactly.
/// </summary>
public sealed class SafeTensorsArray
{
    /// <summary>Wraps <paramref name="data"/>, which must hold exactly the bytes of <paramref name="shape"/> in <paramref name="dtype"/>.</summary>
    public SafeTensorsArray(string dtype, int[] shape, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        int size = ElementSize(dtype) ?? throw new ArgumentException($"SafeTensorsArray: dtype '{dtype}' is not one Taxon reads or writes.", nameof(dtype));
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"SafeTensorsArray: shape {ShapeMath.Format(shape)} has a negative dimension.", nameof(shape));
            }
            count *= d;
        }
        if (count * size != data.Length)
        {
            throw new ArgumentException($"SafeTensorsArray: a {dtype} array of shape {ShapeMath.Format(shape)} needs {count * size} bytes, got {data.Length}.", nameof(data));
        }
        DType = dtype;
        Shape = (int[])shape.Clone();
        Data = data;
        Count = count;
    }

    /// <summary>The element type as safetensors names it.</summary>
    public string DType { get; }

    /// <summary>The dimensions.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The number of elements.</summary>
    public long Count { get; }

    /// <summary>The raw little-endian bytes.</summary>
    public byte[] Data { get; }

    /// <summary>Bytes per element of <paramref name="dtype"/>, or null for a dtype Taxon does not know.</summary>
    public static int? ElementSize(string dtype) => dtype switch
    {
        "F64" or "I64" => 8,
        "F32" or "I32" => 4,
        "F16" or "BF16" => 2,
        "U8" => 1,
        _ => null,
    };

    /// <summary>An F64 array (a vector when <paramref name="shape"/> is null).</summary>
    public static SafeTensorsArray FromDoubles(ReadOnlySpan<double> values, int[]? shape = null) =>
        new("F64", shape ?? [values.Length], LittleEndianBytes(values));

    /// <summary>An F32 array (a vector when <paramref name="shape"/> is null).</summary>
    public static SafeTensorsArray FromFloats(ReadOnlySpan<float> values, int[]? shape = null) =>
        new("F32", shape ?? [values.Length], LittleEndianBytes(values));

    /// <summary>An I32 array (a vector when <paramref name="shape"/> is null).</summary>
    public static SafeTensorsArray FromInts(ReadOnlySpan<int> values, int[]? shape = null) =>
        new("I32", shape ?? [values.Length], LittleEndianBytes(values));

    /// <summary>An I64 array (a vector when <paramref name="shape"/> is null).</summary>
    public static SafeTensorsArray FromLongs(ReadOnlySpan<long> values, int[]? shape = null) =>
        new("I64", shape ?? [values.Length], LittleEndianBytes(values));

    /// <summary>A U8 array (a vector when <paramref name="shape"/> is null).</summary>
    public static SafeTensorsArray FromBytes(ReadOnlySpan<byte> values, int[]? shape = null) =>
        new("U8", shape ?? [values.Length], values.ToArray());

    /// <summary>The values as doubles; F32, F16 and BF16 are widened exactly, integers converted.</summary>
    public double[] ToDoubles()
    {
        var result = new double[Count];
        switch (DType)
        {
            case "F64":
                Copy(Data, result.AsSpan());
                break;
            default:
                float[] f = DType is "I32" or "I64" or "U8" ? [] : ToFloats();
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = DType switch
                    {
                        "I32" => BinaryPrimitives.ReadInt32LittleEndian(Data.AsSpan(4 * i)),
                        "I64" => BinaryPrimitives.ReadInt64LittleEndian(Data.AsSpan(8 * i)),
                        "U8" => Data[i],
                        _ => f[i],
                    };
                }
                break;
        }
        return result;
    }

    /// <summary>The values as floats (F64 rounded to nearest; F16 and BF16 widened).</summary>
    public float[] ToFloats()
    {
        var result = new float[Count];
        switch (DType)
        {
            case "F32":
                Copy(Data, result.AsSpan());
                break;
            case "F16":
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(Data.AsSpan(2 * i));
                }
                break;
            case "BF16":
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(Data.AsSpan(2 * i)) << 16);
                }
                break;
            case "F64":
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(Data.AsSpan(8 * i));
                }
                break;
            default:
                throw new InvalidOperationException($"SafeTensorsArray: a {DType} array holds integers; read it with ToInts or ToLongs.");
        }
        return result;
    }

    /// <summary>The values of an I32 array (also U8, widened).</summary>
    public int[] ToInts()
    {
        var result = new int[Count];
        switch (DType)
        {
            case "I32":
                Copy(Data, result.AsSpan());
                break;
            case "U8":
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = Data[i];
                }
                break;
            default:
                throw new InvalidOperationException($"SafeTensorsArray: a {DType} array is not I32.");
        }
        return result;
    }

    /// <summary>The values of an I64 or I32 array.</summary>
    public long[] ToLongs()
    {
        var result = new long[Count];
        switch (DType)
        {
            case "I64":
                Copy(Data, result.AsSpan());
                break;
            case "I32":
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = BinaryPrimitives.ReadInt32LittleEndian(Data.AsSpan(4 * i));
                }
                break;
            default:
                throw new InvalidOperationException($"SafeTensorsArray: a {DType} array is not I64.");
        }
        return result;
    }

    private static byte[] LittleEndianBytes<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        byte[] bytes = MemoryMarshal.AsBytes(values).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("SafeTensorsArray: big-endian machines are not supported.");
        }
        return bytes;
    }

    private static void Copy<T>(byte[] data, Span<T> target) where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("SafeTensorsArray: big-endian machines are not supported.");
        }
        data.AsSpan().CopyTo(MemoryMarshal.AsBytes(target));
    }
}
