using System.Text.Json;
using Taxon.Classification.Text;

namespace Taxon.Classification.Tests.Text;

/// <summary>fixtures/sklearn_hashing.json, written by fixtures/make_sklearn_hashing.py (scikit-learn 1.2.1).</summary>
internal static class SklearnHashingFixture
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn_hashing.json"))).RootElement);

    public static JsonElement Get(string name) => Root.Value.GetProperty(name);

    public static string[] Strings(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetString()!)];

    public static JsonElement Case(string name) =>
        Get("vectorizers").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static string[] Texts(JsonElement c) => Strings(Get(c.GetProperty("char_texts").GetBoolean() ? "char_texts" : "texts"));

    /// <summary>The Taxon options matching a case's scikit-learn parameters.</summary>
    public static HashingVectorizerOptions Options(JsonElement c)
    {
        var o = new HashingVectorizerOptions();
        foreach (JsonProperty p in c.GetProperty("options").EnumerateObject())
        {
            o = p.Name switch
            {
                "columns" => o with { Columns = p.Value.GetInt32() },
                "analyzer" => o with { Analyzer = p.Value.GetString() == "char" ? TextAnalyzer.Char : TextAnalyzer.CharWordBounded },
                "n_gram_min" => o with { NGramMin = p.Value.GetInt32() },
                "n_gram_max" => o with { NGramMax = p.Value.GetInt32() },
                "alternate_sign" => o with { AlternateSign = p.Value.GetBoolean() },
                "binary" => o with { Binary = p.Value.GetBoolean() },
                "norm" => o with { Norm = Enum.Parse<TextNorm>(p.Value.GetString()!, ignoreCase: true) },
                "lowercase" => o with { Tokenizer = o.Tokenizer with { Lowercase = p.Value.GetBoolean() } },
                "stop_words" => o with { Tokenizer = o.Tokenizer with { StopWords = StopWords.English } },
                _ => throw new InvalidOperationException($"unknown option {p.Name}"),
            };
        }
        return o;
    }
}
