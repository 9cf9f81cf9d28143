using System.Text.Json;
using System.Text.Json.Serialization;

namespace Taxon.Tests.TorchReference;

/// <summary>
/// The PyTorch reference cases in <c>fixtures/torch_ops.json</c>, written by
/// <c>fixtures/make_torch_fixtures.py</c> (see its header for the format and how to regenerate it).
/// </summary>
public static class TorchFixtures
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private static readonly Lazy<IReadOnlyList<TorchCase>> s_cases = new(Load);

    private static readonly Lazy<Dictionary<string, TorchCase>> s_byName = new(() =>
    {
        var map = new Dictionary<string, TorchCase>(StringComparer.Ordinal);
        foreach (TorchCase c in s_cases.Value)
        {
            if (!map.TryAdd(c.Name, c))
            {
                throw new InvalidDataException($"torch_ops.json: duplicate case name '{c.Name}'.");
            }
        }
        return map;
    });

    /// <summary>Where the fixture file is copied next to the test assembly.</summary>
    public static string FixturePath => Path.Combine(AppContext.BaseDirectory, "fixtures", "torch_ops.json");

    /// <summary>All cases, in file order.</summary>
    public static IReadOnlyList<TorchCase> All => s_cases.Value;

    /// <summary>The case named <paramref name="name"/>.</summary>
    public static TorchCase Get(string name) =>
        s_byName.Value.TryGetValue(name, out TorchCase? c) ? c : throw new KeyNotFoundException($"No fixture case named '{name}'.");

    /// <summary>xunit MemberData: one row per case name.</summary>
    public static TheoryData<string> CaseNames
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (TorchCase c in s_cases.Value)
            {
                data.Add(c.Name);
            }
            return data;
        }
    }

    private static List<TorchCase> Load()
    {
        string path = FixturePath;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                "PyTorch fixture file not found; regenerate it with /usr/bin/python3 tests/Taxon.Tests/fixtures/make_torch_fixtures.py", path);
        }
        using FileStream stream = File.OpenRead(path);
        List<TorchCase> cases = JsonSerializer.Deserialize<List<TorchCase>>(stream, s_options)
            ?? throw new InvalidDataException("torch_ops.json: empty file.");
        return cases;
    }
}

/// <summary>A shape and row-major values (floats, or integer indices stored as exact floats).</summary>
public class TorchArray
{
    /// <summary>The tensor's shape; empty for a 0-d tensor.</summary>
    public int[] Shape { get; set; } = [];

    /// <summary>
    /// The values in row-major order. The file writes each float32 as the shortest decimal that reads back as it,
    /// so they are parsed directly as float32 (not through double, which could round twice).
    /// </summary>
    public float[] Data { get; set; } = [];

    /// <summary>A copy of the values.</summary>
    public float[] Floats() => (float[])Data.Clone();

    /// <summary>The values as integers (indices, targets, argmax results).</summary>
    public int[] Ints() => Array.ConvertAll(Data, v => checked((int)v));

    /// <summary>A new float tensor (a leaf outside the graph) holding these values.</summary>
    public Tensor ToTensor() => TorchCase.MakeTensor(Floats(), Shape);

    /// <summary>A new index tensor holding these values.</summary>
    public IndexTensor ToIndexTensor() => IndexTensor.FromArray(Ints(), Shape);
}

/// <summary>An input leaf of a case.</summary>
public sealed class TorchInput : TorchArray
{
    /// <summary>Whether the leaf requires grad.</summary>
    public bool RequiresGrad { get; set; }

    /// <summary>
    /// A view applied to the leaf before the op: <c>{"transpose": [d0, d1]}</c> or
    /// <c>{"slice": [dim, start, end, step]}</c>; null for none.
    /// </summary>
    public Dictionary<string, int[]>? View { get; set; }
}

/// <summary>One PyTorch reference case.</summary>
public sealed class TorchCase
{
    /// <summary>Unique case name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Op key (see the C# mapping in <see cref="TorchOpsTests"/>).</summary>
    public string Op { get; set; } = "";

    /// <summary>Op parameters.</summary>
    public Dictionary<string, JsonElement> Args { get; set; } = [];

    /// <summary>The input leaves.</summary>
    public List<TorchInput> Inputs { get; set; } = [];

    /// <summary>Integer indices/targets for gather, scatter_add, index_select and the losses.</summary>
    public TorchArray? Index { get; set; }

    /// <summary>The single output (all ops but split).</summary>
    public TorchArray? Output { get; set; }

    /// <summary>The indices output of max_dim/min_dim.</summary>
    public TorchArray? OutputIndices { get; set; }

    /// <summary>The outputs of split.</summary>
    public List<TorchArray>? Outputs { get; set; }

    /// <summary>The upstream gradient of <see cref="Output"/>.</summary>
    public TorchArray? GradOutput { get; set; }

    /// <summary>The upstream gradients of <see cref="Outputs"/> (split).</summary>
    public List<TorchArray>? GradOutputs { get; set; }

    /// <summary>The inputs' gradients; null entries for inputs without grad. Null for non-differentiable ops.</summary>
    public List<TorchArray?>? Grads { get; set; }

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Whether <paramref name="key"/> is present and not JSON null.</summary>
    public bool HasArg(string key) => Args.TryGetValue(key, out JsonElement e) && e.ValueKind != JsonValueKind.Null;

    /// <summary>An integer argument.</summary>
    public int IntArg(string key) => Arg(key).GetInt32();

    /// <summary>A float argument.</summary>
    public float FloatArg(string key) => (float)Arg(key).GetDouble();

    /// <summary>A float argument that may be null.</summary>
    public float? NullableFloatArg(string key) => HasArg(key) ? FloatArg(key) : null;

    /// <summary>An integer argument that may be null.</summary>
    public int? NullableIntArg(string key) => HasArg(key) ? IntArg(key) : null;

    /// <summary>A boolean argument.</summary>
    public bool BoolArg(string key) => Arg(key).GetBoolean();

    /// <summary>An integer-list argument that may be null.</summary>
    public int[]? IntsArg(string key)
    {
        if (!HasArg(key))
        {
            return null;
        }
        JsonElement e = Args[key];
        var result = new int[e.GetArrayLength()];
        int i = 0;
        foreach (JsonElement v in e.EnumerateArray())
        {
            result[i++] = v.GetInt32();
        }
        return result;
    }

    private JsonElement Arg(string key) =>
        Args.TryGetValue(key, out JsonElement e) && e.ValueKind != JsonValueKind.Null
            ? e
            : throw new KeyNotFoundException($"Case '{Name}' has no argument '{key}'.");

    /// <summary>A float tensor of the given shape; a 0-d tensor when <paramref name="shape"/> is empty.</summary>
    public static Tensor MakeTensor(float[] data, int[] shape) =>
        shape.Length == 0 ? Tensor.Scalar(data[0]) : Tensor.FromArray(data, shape);
}
