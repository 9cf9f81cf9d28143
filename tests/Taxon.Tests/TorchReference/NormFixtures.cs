using System.Text.Json;

namespace Taxon.Tests.TorchReference;

/// <summary>
/// The PyTorch reference cases for normalisation layers and losses in <c>fixtures/norm/norm_fixtures.json</c>, written by
/// <c>fixtures/norm/make_norm_fixtures.py</c> (see its header for the format and how to regenerate it).
/// </summary>
public static class NormFixtures
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private static readonly Lazy<IReadOnlyList<NormCase>> s_cases = new(Load);

    /// <summary>Where the fixture file is copied next to the test assembly.</summary>
    public static string FixturePath => Path.Combine(AppContext.BaseDirectory, "fixtures", "norm", "norm_fixtures.json");

    /// <summary>All cases, in file order.</summary>
    public static IReadOnlyList<NormCase> All => s_cases.Value;

    /// <summary>The case named <paramref name="name"/>.</summary>
    public static NormCase Get(string name) =>
        s_cases.Value.FirstOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"No norm fixture case named '{name}'.");

    /// <summary>xunit MemberData: the names of the cases of one kind.</summary>
    public static TheoryData<string> Names(string kind)
    {
        var data = new TheoryData<string>();
        foreach (NormCase c in s_cases.Value)
        {
            if (c.Kind == kind)
            {
                data.Add(c.Name);
            }
        }
        return data;
    }

    private static List<NormCase> Load()
    {
        string path = FixturePath;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                "Norm fixture file not found; regenerate it with /usr/bin/python3 tests/Taxon.Tests/fixtures/norm/make_norm_fixtures.py", path);
        }
        using FileStream stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<List<NormCase>>(stream, s_options) ?? throw new InvalidDataException("norm_fixtures.json: empty file.");
    }
}

/// <summary>One reference case: a batch-norm module run through steps, a layer norm, or a loss.</summary>
public sealed class NormCase
{
    /// <summary>Unique case name.</summary>
    public string Name { get; set; } = "";

    /// <summary>batchnorm, layernorm or loss.</summary>
    public string Kind { get; set; } = "";

    /// <summary>BatchNorm1d or BatchNorm2d (batchnorm cases).</summary>
    public string? Module { get; set; }

    /// <summary>The loss function (loss cases).</summary>
    public string? Loss { get; set; }

    /// <summary>The module's or loss's options.</summary>
    public Dictionary<string, JsonElement> Args { get; set; } = [];

    /// <summary>index or float (loss cases).</summary>
    public string? TargetKind { get; set; }

    /// <summary>The weight (parameter or class weight), or null.</summary>
    public TorchArray? Weight { get; set; }

    /// <summary>The bias, or null.</summary>
    public TorchArray? Bias { get; set; }

    /// <summary>BCE's positive weight, or null.</summary>
    public TorchArray? PosWeight { get; set; }

    /// <summary>The input (layer norm and losses).</summary>
    public TorchArray? Input { get; set; }

    /// <summary>The loss target.</summary>
    public TorchArray? Target { get; set; }

    /// <summary>The upstream gradient.</summary>
    public TorchArray? GradOutput { get; set; }

    /// <summary>The output.</summary>
    public TorchArray? Output { get; set; }

    /// <summary>The input's gradient.</summary>
    public TorchArray? GradInput { get; set; }

    /// <summary>The weight's gradient (layer norm).</summary>
    public TorchArray? GradWeight { get; set; }

    /// <summary>The bias's gradient (layer norm).</summary>
    public TorchArray? GradBias { get; set; }

    /// <summary>The target's gradient, or null.</summary>
    public TorchArray? GradTarget { get; set; }

    /// <summary>The batch-norm steps.</summary>
    public List<BatchNormStep>? Steps { get; set; }

    /// <summary>A string argument.</summary>
    public string StringArg(string key) => Args[key].GetString()!;

    /// <summary>An integer argument.</summary>
    public int IntArg(string key) => Args[key].GetInt32();

    /// <summary>A float argument (0 when absent).</summary>
    public float FloatArg(string key) => Args.TryGetValue(key, out JsonElement e) ? (float)e.GetDouble() : 0f;

    /// <summary>A float argument that may be null.</summary>
    public float? NullableFloatArg(string key) =>
        Args.TryGetValue(key, out JsonElement e) && e.ValueKind != JsonValueKind.Null ? (float)e.GetDouble() : null;

    /// <summary>A boolean argument.</summary>
    public bool BoolArg(string key) => Args[key].GetBoolean();

    /// <summary>An integer-list argument.</summary>
    public int[] IntsArg(string key) => Args[key].EnumerateArray().Select(v => v.GetInt32()).ToArray();

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>One step of a batch-norm case: mode, data and what PyTorch produced.</summary>
public sealed class BatchNormStep
{
    /// <summary>Training (true) or evaluation mode.</summary>
    public bool Train { get; set; }

    /// <summary>The input.</summary>
    public TorchArray Input { get; set; } = new();

    /// <summary>The upstream gradient.</summary>
    public TorchArray GradOutput { get; set; } = new();

    /// <summary>The output.</summary>
    public TorchArray Output { get; set; } = new();

    /// <summary>The input's gradient.</summary>
    public TorchArray GradInput { get; set; } = new();

    /// <summary>The weight's gradient, or null without affine.</summary>
    public TorchArray? GradWeight { get; set; }

    /// <summary>The bias's gradient, or null without affine.</summary>
    public TorchArray? GradBias { get; set; }

    /// <summary>The running mean after the step, or null when not tracked.</summary>
    public TorchArray? RunningMean { get; set; }

    /// <summary>The running variance after the step, or null when not tracked.</summary>
    public TorchArray? RunningVar { get; set; }

    /// <summary>The batch count after the step, or null when not tracked.</summary>
    public int? NumBatchesTracked { get; set; }
}
