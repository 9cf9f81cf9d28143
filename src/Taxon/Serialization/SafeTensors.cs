using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Taxon.Serialization;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face's <c>safetensors.torch.save_file</c>/<c>load_file</c>),
/// so PyTorch and other tools read Taxon's weights: an 8-byte little-endian header length, a JSON header naming each
/// tensor's dtype, shape and byte range, then the raw little-endian data. Tensors are written as F32 and read from F32,
/// F16, BF16 and F64; <see cref="SaveArrays(Stream, IReadOnlyDictionary{string, SafeTensorsArray}, IReadOnlyDictionary{string, string}?)"/>
/// and <see cref="LoadArrays"/> keep any dtype exactly (F64 coefficients, I32 indices). Every malformed input — truncated data, overlapping or out-of-range offsets,
/// a header that is not JSON — fails with a message naming the source and the tensor.
/// </summary>
public static class SafeTensors
{
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Writes tensors as F32 (in name order, as the reference implementation does) and optional string metadata.</summary>
    public static void Save(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        SaveArrays(stream, ToArrays(tensors), metadata);

    /// <summary>Writes arrays of any supported dtype (in name order) and optional string metadata.</summary>
    public static void SaveArrays(Stream stream, IReadOnlyDictionary<string, SafeTensorsArray> arrays, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(arrays);
        var names = arrays.Keys.Order(StringComparer.Ordinal).ToArray();
        using var headerBuffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(headerBuffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    json.WriteString(key, value);
                }
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (string name in names)
            {
                if (name == "__metadata__")
                {
                    throw new ArgumentException("SafeTensors.Save: '__metadata__' is reserved and cannot name a tensor.");
                }
                SafeTensorsArray a = arrays[name];
                json.WriteStartObject(name);
                json.WriteString("dtype", a.DType);
                json.WriteStartArray("shape");
                foreach (int d in a.Shape)
                {
                    json.WriteNumberValue(d);
                }
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + a.Data.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += a.Data.Length;
            }
            json.WriteEndObject();
        }
        // The header is padded with spaces to a multiple of 8 bytes so the data is aligned, as the reference writer does.
        int pad = (int)((8 - headerBuffer.Length % 8) % 8);
        for (int i = 0; i < pad; i++)
        {
            headerBuffer.WriteByte((byte)' ');
        }
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)headerBuffer.Length);
        stream.Write(length);
        headerBuffer.Position = 0;
        headerBuffer.CopyTo(stream);
        foreach (string name in names)
        {
            stream.Write(arrays[name].Data);
        }
    }

    /// <summary>
    /// Writes a file atomically: to a temporary file beside it, then renamed over the target, so a crash or a full disk
    /// never leaves a half-written model where a good one was.
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        SaveArrays(path, ToArrays(tensors), metadata);

    /// <summary>Writes arrays to a file atomically, as <see cref="Save(string, IReadOnlyDictionary{string, Tensor}, IReadOnlyDictionary{string, string}?)"/> does.</summary>
    public static void SaveArrays(string path, IReadOnlyDictionary<string, SafeTensorsArray> arrays, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        string temp = full + "." + Environment.ProcessId + ".tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                SaveArrays(stream, arrays, metadata);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Reads every tensor and the metadata from a stream; <paramref name="source"/> names it in error messages.</summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Load(Stream stream, string source = "stream") =>
        Load(stream, source, out _);

    /// <summary>Reads every tensor and the metadata, and reports each tensor's dtype in the file (F32, F16, BF16, F64).</summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Load(
        Stream stream, string source, out IReadOnlyDictionary<string, string> dtypes)
    {
        var (arrays, metadata) = LoadArrays(stream, source);
        dtypes = arrays.ToDictionary(p => p.Key, p => p.Value.DType, StringComparer.Ordinal);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, a) in arrays)
        {
            if (a.DType is not ("F32" or "F16" or "BF16" or "F64"))
            {
                throw new InvalidDataException($"{source}: tensor '{name}' has dtype {a.DType}; Taxon reads F32, F16, BF16 and F64 tensors.");
            }
            int[] shape = [.. a.Shape];
            tensors[name] = Tensor.FromArray(a.ToFloats(), shape.Length == 0 ? [] : shape).Reshape(shape);
        }
        return (tensors, metadata);
    }

    /// <summary>
    /// Reads every array as stored (any dtype of <see cref="SafeTensorsArray"/>) and the metadata; <paramref name="source"/>
    /// names the stream in error messages.
    /// </summary>
    public static (Dictionary<string, SafeTensorsArray> Arrays, Dictionary<string, string> Metadata) LoadArrays(Stream stream, string source = "stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> lengthBytes = stackalloc byte[8];
        ReadExactly(stream, lengthBytes, source, "the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength == 0 || headerLength > MaxHeaderBytes)
        {
            throw new InvalidDataException($"{source}: not a safetensors file (header length {headerLength}).");
        }
        byte[] header = new byte[headerLength];
        ReadExactly(stream, header, source, $"the {headerLength}-byte header");
        var entries = new List<(string Name, string DType, int[] Shape, long Begin, long End)>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using JsonDocument doc = JsonDocument.Parse(header);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{source}: the safetensors header is not a JSON object.");
            }
            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            {
                if (p.Name == "__metadata__")
                {
                    foreach (JsonProperty m in p.Value.EnumerateObject())
                    {
                        metadata[m.Name] = m.Value.GetString() ?? "";
                    }
                    continue;
                }
                string dtype = p.Value.GetProperty("dtype").GetString() ?? "";
                int[] shape = p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                long[] offsets = p.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                if (offsets.Length != 2)
                {
                    throw new InvalidDataException($"{source}: tensor '{p.Name}' has {offsets.Length} data offsets, expected 2.");
                }
                entries.Add((p.Name, dtype, shape, offsets[0], offsets[1]));
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{source}: the safetensors header is malformed: {e.Message}", e);
        }

        entries.Sort((a, b) => a.Begin.CompareTo(b.Begin));
        var arrays = new Dictionary<string, SafeTensorsArray>(StringComparer.Ordinal);
        long position = 0;
        foreach (var (name, dtype, shape, begin, end) in entries)
        {
            int size = SafeTensorsArray.ElementSize(dtype)
                ?? throw new InvalidDataException($"{source}: tensor '{name}' has dtype {dtype}; Taxon reads F64, F32, F16, BF16, I64, I32 and U8.");
            long count = 1;
            foreach (int d in shape)
            {
                if (d < 0)
                {
                    throw new InvalidDataException($"{source}: tensor '{name}' has a negative dimension in shape {ShapeMath.Format(shape)}.");
                }
                count *= d;
            }
            if (begin != position || end - begin != count * size)
            {
                throw new InvalidDataException(
                    $"{source}: tensor '{name}' ({dtype}, shape {ShapeMath.Format(shape)}) claims bytes [{begin}, {end}), " +
                    $"but {(begin != position ? $"the data so far ends at {position}" : $"it needs {count * size} bytes")}.");
            }
            byte[] raw = new byte[end - begin];
            ReadExactly(stream, raw, source, $"the data of tensor '{name}' ({raw.Length} bytes)");
            arrays[name] = new SafeTensorsArray(dtype, shape, raw);
            position = end;
        }
        return (arrays, metadata);
    }

    private static Dictionary<string, SafeTensorsArray> ToArrays(IReadOnlyDictionary<string, Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var arrays = new Dictionary<string, SafeTensorsArray>(tensors.Count, StringComparer.Ordinal);
        foreach (var (name, t) in tensors)
        {
            arrays[name] = SafeTensorsArray.FromFloats(t.ToArray(), [.. t.Shape]);
        }
        return arrays;
    }

    /// <summary>Reads every tensor and the metadata from a file.</summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Load(string path) => Load(path, out _);

    /// <summary>Reads every tensor and the metadata from a file, reporting each tensor's dtype in the file.</summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Load(string path, out IReadOnlyDictionary<string, string> dtypes)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Load(stream, path, out dtypes);
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string source, string what)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = stream.Read(buffer[read..]);
            if (n == 0)
            {
                throw new InvalidDataException($"{source}: the file is truncated: it ends after {read} of the {buffer.Length} bytes of {what}.");
            }
            read += n;
        }
    }
}
