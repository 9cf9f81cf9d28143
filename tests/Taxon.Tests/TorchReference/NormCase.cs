using System.Text.Json;

namespace Taxon.Tests.TorchReference;

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
