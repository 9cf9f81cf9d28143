using System.Text.Json;

namespace Taxon.Cli.Tests;

/// <summary>Picks fields of a command's JSON line out for comparison, as raw JSON text (so 0.9 and 0.90 never meet).</summary>
public static class JsonFields
{
    /// <summary>The test metrics <c>train</c> and <c>eval</c> both print (single-label and multi-label).</summary>
    public static readonly string[] MetricNames =
    [
        "accuracy", "f1_macro", "f1_micro", "precision_macro", "recall_macro", "roc_auc", "per_class",
        "hamming_loss", "subset_accuracy", "f1_samples",
    ];

    /// <summary>The metric fields of <paramref name="json"/>, by name.</summary>
    public static SortedDictionary<string, string> Metrics(JsonElement json)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty p in json.EnumerateObject())
        {
            if (MetricNames.Contains(p.Name))
            {
                fields[p.Name] = p.Value.GetRawText();
            }
        }
        Assert.NotEmpty(fields);
        return fields;
    }

    /// <summary>Every field but the timings, which differ between runs of the same computation, and the model's path.</summary>
    public static SortedDictionary<string, string> WithoutTimings(JsonElement json)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty p in json.EnumerateObject())
        {
            if (!p.Name.EndsWith("_seconds", StringComparison.Ordinal) && p.Name != "model_path")
            {
                fields[p.Name] = p.Value.GetRawText();
            }
        }
        return fields;
    }

    /// <summary>A number field that must be present and lie in [0, 1].</summary>
    public static double Fraction(JsonElement json, string name)
    {
        Assert.True(json.TryGetProperty(name, out JsonElement value), $"no \"{name}\" in {json}");
        double x = value.GetDouble();
        Assert.InRange(x, 0.0, 1.0);
        return x;
    }
}
