using System.Text.Json;
using System.Text.Json.Serialization;
using Taxon.Tests.TorchReference;

namespace Taxon.Tests.NN;

/// <summary>
/// The PyTorch reference cases in <c>fixtures/rnn/rnn_cases.json</c>, written by
/// <c>fixtures/rnn/make_rnn_fixtures.py</c> (see its header for the format and how to regenerate it).
/// </summary>
public static class RnnFixtures
{
    private static readonly JsonSerializerOptions s_options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static readonly Lazy<Dictionary<string, RnnCase>> s_cases = new(Load);

    /// <summary>Where the fixture file is copied next to the test assembly.</summary>
    public static string FixturePath => Path.Combine(AppContext.BaseDirectory, "fixtures", "rnn", "rnn_cases.json");

    /// <summary>The case named <paramref name="name"/>.</summary>
    public static RnnCase Get(string name) =>
        s_cases.Value.TryGetValue(name, out RnnCase? c) ? c : throw new KeyNotFoundException($"No fixture case named '{name}'.");

    /// <summary>xunit MemberData: the names of the cases whose kind satisfies <paramref name="kind"/>.</summary>
    public static TheoryData<string> Names(Func<string, bool> kind)
    {
        var data = new TheoryData<string>();
        foreach (RnnCase c in s_cases.Value.Values)
        {
            if (kind(c.Kind))
            {
                data.Add(c.Name);
            }
        }
        return data;
    }

    private static Dictionary<string, RnnCase> Load()
    {
        string path = FixturePath;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                "RNN fixture file not found; regenerate it with /usr/bin/python3 tests/Taxon.Tests/fixtures/rnn/make_rnn_fixtures.py", path);
        }
        using FileStream stream = File.OpenRead(path);
        List<RnnCase> cases = JsonSerializer.Deserialize<List<RnnCase>>(stream, s_options) ?? throw new InvalidDataException("rnn_cases.json: empty file.");
        return cases.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }
}

/// <summary>One reference case (the fields of its kind are set, the others null).</summary>
public sealed class RnnCase
{
    /// <summary>Unique case name.</summary>
    public string Name { get; set; } = "";

    /// <summary>embedding, embedding_bag, rnn_tanh, rnn_relu, lstm or gru.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The module's or function's arguments.</summary>
    public Dictionary<string, JsonElement> Args { get; set; } = [];

    /// <summary>Embedding table.</summary>
    public TorchArray? Weight { get; set; }

    /// <summary>Embedding indices.</summary>
    public TorchArray? Indices { get; set; }

    /// <summary>EmbeddingBag offsets.</summary>
    public TorchArray? Offsets { get; set; }

    /// <summary>EmbeddingBag per-sample weights.</summary>
    public TorchArray? PerSampleWeights { get; set; }

    /// <summary>Gradient of the embedding table.</summary>
    public TorchArray? GradWeight { get; set; }

    /// <summary>Gradient of the per-sample weights.</summary>
    public TorchArray? GradPerSampleWeights { get; set; }

    /// <summary>Recurrent parameters by PyTorch name.</summary>
    public Dictionary<string, TorchArray>? Params { get; set; }

    /// <summary>Recurrent input.</summary>
    public TorchArray? Input { get; set; }

    /// <summary>Initial hidden state, or null for zeros.</summary>
    public TorchArray? H0 { get; set; }

    /// <summary>Initial cell state (LSTM), or null for zeros.</summary>
    public TorchArray? C0 { get; set; }

    /// <summary>Sequence lengths, or null for full length.</summary>
    public int[]? Lengths { get; set; }

    /// <summary>The output.</summary>
    public TorchArray? Output { get; set; }

    /// <summary>Final hidden state.</summary>
    [JsonPropertyName("h_n")]
    public TorchArray? HN { get; set; }

    /// <summary>Final cell state (LSTM).</summary>
    [JsonPropertyName("c_n")]
    public TorchArray? CN { get; set; }

    /// <summary>Upstream gradient of the output.</summary>
    public TorchArray? GradOutput { get; set; }

    /// <summary>Upstream gradient of h_n.</summary>
    [JsonPropertyName("grad_h_n")]
    public TorchArray? GradHN { get; set; }

    /// <summary>Upstream gradient of c_n.</summary>
    [JsonPropertyName("grad_c_n")]
    public TorchArray? GradCN { get; set; }

    /// <summary>Gradients of input, h0, c0 and every parameter by name (null where none).</summary>
    public Dictionary<string, TorchArray?>? Grads { get; set; }

    /// <summary>An integer argument, or null.</summary>
    public int? IntArg(string key) => Args.TryGetValue(key, out JsonElement e) && e.ValueKind == JsonValueKind.Number ? e.GetInt32() : null;

    /// <summary>A boolean argument.</summary>
    public bool BoolArg(string key) => Args[key].GetBoolean();

    /// <summary>A string argument.</summary>
    public string StringArg(string key) => Args[key].GetString() ?? "";

    /// <inheritdoc />
    public override string ToString() => Name;
}
