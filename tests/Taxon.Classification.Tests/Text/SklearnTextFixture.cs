using System.Text.Json;
using Taxon.Classification.Data;
using Taxon.Classification.Text;

namespace Taxon.Classification.Tests.Text;

/// <summary>fixtures/sklearn_text.json, written by fixtures/make_sklearn_text.py (scikit-learn 1.2.1).</summary>
internal static class SklearnTextFixture
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn_text.json"))).RootElement);

    public static JsonElement Get(string name) => Root.Value.GetProperty(name);

    public static string[] Strings(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetString()!)];

    public static JsonElement Case(string name) =>
        Get("vectorizers").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    /// <summary>The Taxon options matching a case's scikit-learn parameters.</summary>
    public static TfidfVectorizerOptions Options(JsonElement c)
    {
        var o = new TfidfVectorizerOptions();
        foreach (JsonProperty p in c.GetProperty("options").EnumerateObject())
        {
            o = p.Name switch
            {
                "n_gram_min" => o with { NGramMin = p.Value.GetInt32() },
                "n_gram_max" => o with { NGramMax = p.Value.GetInt32() },
                "min_df" => o with { MinDf = p.Value.GetInt32() },
                "max_df_fraction" => o with { MaxDfFraction = p.Value.GetDouble() },
                "max_features" => o with { MaxFeatures = p.Value.GetInt32() },
                "binary" => o with { Binary = p.Value.GetBoolean() },
                "use_idf" => o with { UseIdf = p.Value.GetBoolean() },
                "smooth_idf" => o with { SmoothIdf = p.Value.GetBoolean() },
                "sublinear_tf" => o with { SublinearTf = p.Value.GetBoolean() },
                "norm" => o with { Norm = Enum.Parse<TextNorm>(p.Value.GetString()!, ignoreCase: true) },
                "stop_words" => o with { Tokenizer = o.Tokenizer with { StopWords = StopWords.English } },
                "analyzer" => o with { Analyzer = p.Value.GetString() switch { "char" => TextAnalyzer.Char, "char_wb" => TextAnalyzer.CharWordBounded, _ => TextAnalyzer.Word } },
                "lowercase" => o with { Tokenizer = o.Tokenizer with { Lowercase = p.Value.GetBoolean() } },
                _ => throw new InvalidOperationException($"unknown option {p.Name}"),
            };
        }
        return o;
    }

    /// <summary>The largest |expected − actual| over a dense {rows, columns, data} entry, after checking shapes.</summary>
    public static double MaxAbsDiff(JsonElement expected, SparseMatrix actual)
    {
        int rows = expected.GetProperty("rows").GetInt32(), columns = expected.GetProperty("columns").GetInt32();
        Assert.Equal(rows, actual.Rows);
        Assert.Equal(columns, actual.Columns);
        double[] data = [.. expected.GetProperty("data").EnumerateArray().Select(v => v.GetDouble())];
        var dense = new double[rows * columns];
        for (int i = 0; i < rows; i++)
        {
            FeatureRow row = actual.Row(i);
            for (int k = 0; k < row.Indices.Length; k++)
            {
                dense[i * columns + row.Indices[k]] = row.Values[k];
            }
        }
        double max = 0;
        for (int k = 0; k < data.Length; k++)
        {
            max = Math.Max(max, Math.Abs(data[k] - dense[k]));
        }
        return max;
    }
}
