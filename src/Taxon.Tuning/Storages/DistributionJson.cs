using System.Text;
using System.Text.Json;

namespace Taxon.Tuning.Storages;

/// <summary>
/// Distributions as Optuna's <c>distribution_to_json</c> writes them:
/// <c>{"name": "FloatDistribution", "attributes": {"step": null, "low": 0.0, "high": 1.0, "log": false}}</c>.
/// Reading also accepts the pre-3.0 class names that old journals hold.
/// </summary>
internal static class DistributionJson
{
    public static string ToJson(ParameterDistribution distribution)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, JsonValues.WriterOptions))
        {
            w.WriteStartObject();
            switch (distribution)
            {
                case FloatDistribution f:
                    w.WriteString("name", "FloatDistribution");
                    w.WriteStartObject("attributes");
                    w.WritePropertyName("step");
                    if (f.Step is { } s)
                    {
                        JsonValues.WriteDouble(w, s);
                    }
                    else
                    {
                        w.WriteNullValue();
                    }
                    w.WritePropertyName("low");
                    JsonValues.WriteDouble(w, f.Low);
                    w.WritePropertyName("high");
                    JsonValues.WriteDouble(w, f.High);
                    w.WriteBoolean("log", f.Log);
                    w.WriteEndObject();
                    break;
                case IntDistribution i:
                    w.WriteString("name", "IntDistribution");
                    w.WriteStartObject("attributes");
                    w.WriteBoolean("log", i.Log);
                    w.WriteNumber("step", i.Step);
                    w.WriteNumber("low", i.Low);
                    w.WriteNumber("high", i.High);
                    w.WriteEndObject();
                    break;
                case CategoricalDistribution c:
                    w.WriteString("name", "CategoricalDistribution");
                    w.WriteStartObject("attributes");
                    w.WritePropertyName("choices");
                    JsonValues.Write(w, c.Choices);
                    w.WriteEndObject();
                    break;
                default:
                    throw new ArgumentException($"Unknown distribution {distribution}.");
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static ParameterDistribution FromJson(string json)
    {
        using var doc = JsonValues.Parse(Encoding.UTF8.GetBytes(json));
        var root = doc.RootElement;
        string name = root.GetProperty("name").GetString() ?? "";
        var a = root.GetProperty("attributes");
        double Low() => JsonValues.ReadDouble(a.GetProperty("low"));
        double High() => JsonValues.ReadDouble(a.GetProperty("high"));
        long LowInt() => (long)Low();
        long HighInt() => (long)High();
        long IntStep() => a.TryGetProperty("step", out var s) && s.ValueKind == JsonValueKind.Number ? (long)s.GetDouble() : 1;
        return name switch
        {
            "FloatDistribution" => new FloatDistribution(Low(), High(), a.GetProperty("log").GetBoolean(),
                a.TryGetProperty("step", out var st) && st.ValueKind != JsonValueKind.Null ? JsonValues.ReadDouble(st) : null),
            "UniformDistribution" => new FloatDistribution(Low(), High()),
            "LogUniformDistribution" => new FloatDistribution(Low(), High(), log: true),
            "DiscreteUniformDistribution" => new FloatDistribution(Low(), High(), step: JsonValues.ReadDouble(a.GetProperty("q"))),
            "IntDistribution" => new IntDistribution(LowInt(), HighInt(), a.GetProperty("log").GetBoolean(), IntStep()),
            "IntUniformDistribution" => new IntDistribution(LowInt(), HighInt(), step: IntStep()),
            "IntLogUniformDistribution" => new IntDistribution(LowInt(), HighInt(), log: true),
            "CategoricalDistribution" => new CategoricalDistribution(a.GetProperty("choices").EnumerateArray().Select(JsonValues.Read)),
            _ => throw new InvalidDataException($"unknown distribution class '{name}'"),
        };
    }
}
