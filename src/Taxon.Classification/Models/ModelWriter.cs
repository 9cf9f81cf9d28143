using System.Text.Json;
using System.Text.RegularExpressions;
using Taxon.Serialization;

namespace Taxon.Classification.Models;

/// <summary>
/// What a <see cref="Model"/> writes its state into: named arrays (stored exactly, F64/F32/I32) and named JSON
/// values, under the model's prefix, so models nest (a one-vs-rest model writes each binary model under
/// <c>estimators.3.</c>). <see cref="ModelFile"/> turns it into one safetensors file.
/// </summary>
public sealed partial class ModelWriter
{
    private readonly string _prefix;
    private readonly Dictionary<string, SafeTensorsArray> _arrays;
    private readonly Dictionary<string, string> _metadata;

    internal ModelWriter(string prefix, Dictionary<string, SafeTensorsArray> arrays, Dictionary<string, string> metadata)
    {
        _prefix = prefix;
        _arrays = arrays;
        _metadata = metadata;
    }

    internal IReadOnlyDictionary<string, SafeTensorsArray> Arrays => _arrays;

    internal IReadOnlyDictionary<string, string> Metadata => _metadata;

    /// <summary>Stores doubles exactly (F64); <paramref name="shape"/> defaults to a vector.</summary>
    public void Write(string name, ReadOnlySpan<double> values, int[]? shape = null) => Add(name, SafeTensorsArray.FromDoubles(values, shape));

    /// <summary>Stores floats exactly (F32); <paramref name="shape"/> defaults to a vector.</summary>
    public void Write(string name, ReadOnlySpan<float> values, int[]? shape = null) => Add(name, SafeTensorsArray.FromFloats(values, shape));

    /// <summary>Stores integers exactly (I32); <paramref name="shape"/> defaults to a vector.</summary>
    public void Write(string name, ReadOnlySpan<int> values, int[]? shape = null) => Add(name, SafeTensorsArray.FromInts(values, shape));

    /// <summary>Stores a tensor's values (F32) and shape, e.g. a network's weights.</summary>
    public void Write(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        Add(name, SafeTensorsArray.FromFloats(tensor.ToArray(), [.. tensor.Shape]));
    }

    /// <summary>Stores a value as JSON (snake_case names, enums as strings), e.g. an options record or the class list.</summary>
    public void WriteJson<T>(string name, T value) => AddMetadata(name, JsonSerializer.Serialize(value, ModelFile.Json));

    /// <summary>Stores a nested model under <paramref name="name"/>: its kind and everything it writes.</summary>
    public void WriteModel(string name, Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        string key = Key(name);
        var child = new ModelWriter(key + ".", _arrays, _metadata);
        child.AddMetadata(ModelFile.KindEntry, model.Kind);
        model.Write(child);
    }

    private void Add(string name, SafeTensorsArray array)
    {
        string key = Key(name);
        if (!_arrays.TryAdd(key, array) || _metadata.ContainsKey(key))
        {
            throw new InvalidOperationException($"ModelWriter: '{key}' is written twice.");
        }
    }

    private void AddMetadata(string name, string value)
    {
        string key = Key(name);
        if (!_metadata.TryAdd(key, value) || _arrays.ContainsKey(key))
        {
            throw new InvalidOperationException($"ModelWriter: '{key}' is written twice.");
        }
    }

    private string Key(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!NamePattern().IsMatch(name))
        {
            throw new ArgumentException($"ModelWriter: '{name}' is not a valid entry name (lower-case letters, digits, '_', '-' and '.').", nameof(name));
        }
        return _prefix + name;
    }

    [GeneratedRegex(@"^[a-z0-9_\-]+(\.[a-z0-9_\-]+)*$")]
    private static partial Regex NamePattern();
}
