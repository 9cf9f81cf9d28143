using System.Text.Json;
using Taxon.Serialization;

namespace Taxon.Classification.Models;

/// <summary>
/// Reads back what a model wrote with <see cref="ModelWriter"/>. Every missing, mistyped or mis-sized entry is an
/// <see cref="InvalidDataException"/> naming the file and the entry, never a crash further on.
/// </summary>
public sealed class ModelReader
{
    private readonly string _prefix;
    private readonly IReadOnlyDictionary<string, SafeTensorsArray> _arrays;
    private readonly IReadOnlyDictionary<string, string> _metadata;

    internal ModelReader(string source, string prefix, IReadOnlyDictionary<string, SafeTensorsArray> arrays, IReadOnlyDictionary<string, string> metadata)
    {
        Source = source;
        _prefix = prefix;
        _arrays = arrays;
        _metadata = metadata;
    }

    /// <summary>The file being read, for messages.</summary>
    public string Source { get; }

    /// <summary>Whether an array or value named <paramref name="name"/> was written.</summary>
    public bool Contains(string name) => _arrays.ContainsKey(_prefix + name) || _metadata.ContainsKey(_prefix + name);

    /// <summary>The shape of array <paramref name="name"/>.</summary>
    public IReadOnlyList<int> Shape(string name) => Array(name).Shape;

    /// <summary>Array <paramref name="name"/> as doubles; <paramref name="length"/>, when given, is checked.</summary>
    public double[] ReadDoubles(string name, int? length = null) => Checked(name, Array(name, "F64").ToDoubles(), length);

    /// <summary>Array <paramref name="name"/> as floats; <paramref name="length"/>, when given, is checked.</summary>
    public float[] ReadFloats(string name, int? length = null) => Checked(name, Array(name, "F32").ToFloats(), length);

    /// <summary>Array <paramref name="name"/> as integers; <paramref name="length"/>, when given, is checked.</summary>
    public int[] ReadInts(string name, int? length = null) => Checked(name, Array(name, "I32").ToInts(), length);

    /// <summary>Array <paramref name="name"/> as a tensor of its stored shape; <paramref name="shape"/>, when given, is checked.</summary>
    public Tensor ReadTensor(string name, int[]? shape = null)
    {
        SafeTensorsArray a = Array(name, "F32");
        int[] stored = [.. a.Shape];
        if (shape is not null && !stored.AsSpan().SequenceEqual(shape))
        {
            throw Corrupt(name, $"shape [{string.Join(", ", stored)}] where [{string.Join(", ", shape)}] was expected");
        }
        return Tensor.FromArray(a.ToFloats(), stored);
    }

    /// <summary>Value <paramref name="name"/>, written with <see cref="ModelWriter.WriteJson{T}"/>.</summary>
    public T ReadJson<T>(string name)
    {
        if (!_metadata.TryGetValue(_prefix + name, out string? text))
        {
            throw Corrupt(name, "it is missing");
        }
        try
        {
            return JsonSerializer.Deserialize<T>(text, ModelFile.Json) ?? throw Corrupt(name, "it is null");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new InvalidDataException($"{Source}: model entry '{_prefix + name}' is not valid: {e.Message}", e);
        }
    }

    /// <summary>The nested model written under <paramref name="name"/> by <see cref="ModelWriter.WriteModel"/>.</summary>
    public Model ReadModel(string name)
    {
        string kind = ReadJsonOrString(name + "." + ModelFile.KindEntry);
        return ModelFile.Read(new ModelReader(Source, _prefix + name + ".", _arrays, _metadata), kind);
    }

    /// <summary>The nested model under <paramref name="name"/>, which must be a <typeparamref name="T"/>.</summary>
    public T ReadModel<T>(string name) where T : Model => ReadModel(name) as T
        ?? throw Corrupt(name, $"it holds a model that is not a {typeof(T).Name}");

    /// <summary>An exception saying entry <paramref name="name"/> is unusable because of <paramref name="why"/>.</summary>
    public InvalidDataException Corrupt(string name, string why) =>
        new($"{Source}: model entry '{_prefix + name}' is unusable: {why}.");

    private string ReadJsonOrString(string name) =>
        _metadata.TryGetValue(_prefix + name, out string? text) ? text : throw Corrupt(name, "it is missing");

    private SafeTensorsArray Array(string name, string? dtype = null)
    {
        if (!_arrays.TryGetValue(_prefix + name, out SafeTensorsArray? a))
        {
            throw Corrupt(name, "it is missing");
        }
        if (dtype is not null && a.DType != dtype)
        {
            throw Corrupt(name, $"it is stored as {a.DType}, not {dtype}");
        }
        return a;
    }

    private T[] Checked<T>(string name, T[] values, int? length)
    {
        if (length is int n && values.Length != n)
        {
            throw Corrupt(name, $"it has {values.Length} values where {n} were expected");
        }
        return values;
    }
}
