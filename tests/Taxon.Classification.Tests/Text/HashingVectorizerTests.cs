using System.Text;
using System.Text.Json;
using Taxon.Classification.Data;
using Taxon.Classification.Models;
using Taxon.Classification.Text;

namespace Taxon.Classification.Tests.Text;

public class HashingVectorizerTests
{
    public static TheoryData<string> Cases => new()
    {
        "word_default", "word_1_2_n16", "word_2_3_stop", "word_binary_n16", "word_nonorm_n16", "word_noalt_l1_nolower", "char_2_4_n64",
        "char_1_3_noalt_l1_n32", "char_wb_2_5", "char_wb_1_2_nolower_nonorm", "char_wb_3_6_binary_n16",
    };

    [Fact]
    public void Murmur_hashes_equal_scikit_learns()
    {
        foreach (JsonElement e in SklearnHashingFixture.Get("murmurhash3_32").EnumerateArray())
        {
            string text = e.GetProperty("text").GetString()!;
            Assert.Equal(e.GetProperty("hash").GetInt32(), MurmurHash3.Hash32(Encoding.UTF8.GetBytes(text)));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matrices_equal_scikit_learns(string name)
    {
        JsonElement c = SklearnHashingFixture.Case(name);
        string[] texts = SklearnHashingFixture.Texts(c);
        SparseMatrix actual = new HashingVectorizer(SklearnHashingFixture.Options(c)).Fit(texts).Transform(texts);
        JsonElement m = c.GetProperty("matrix");
        Assert.Equal(m.GetProperty("rows").GetInt32(), actual.Rows);
        Assert.Equal(m.GetProperty("columns").GetInt32(), actual.Columns);
        // Stored entries too, so cancelled columns kept as explicit zeros (and made 1 by binary) are checked.
        Assert.Equal(Ints(m.GetProperty("indptr")), actual.RowPointers.ToArray());
        Assert.Equal(Ints(m.GetProperty("indices")), actual.ColumnIndices.ToArray());
        double[] data = [.. m.GetProperty("data").EnumerateArray().Select(v => v.GetDouble())];
        ReadOnlySpan<float> values = actual.Values;
        Assert.Equal(data.Length, values.Length);
        for (int k = 0; k < data.Length; k++)
        {
            Assert.True(Math.Abs(data[k] - values[k]) < 1e-6, $"{name}: entry {k} is {values[k]}, scikit-learn's {data[k]}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Single_text_transform_equals_the_batch_row(string name)
    {
        JsonElement c = SklearnHashingFixture.Case(name);
        string[] texts = SklearnHashingFixture.Texts(c);
        var model = new HashingVectorizerModel(SklearnHashingFixture.Options(c));
        SparseMatrix batch = model.Transform(texts);
        int[] columns = [];
        float[] values = [];
        for (int i = 0; i < texts.Length; i++)
        {
            int n = model.Transform(texts[i], ref columns, ref values);
            FeatureRow row = batch.Row(i);
            Assert.Equal(row.Indices.ToArray(), columns[..n]);
            Assert.Equal(row.Values.ToArray(), values[..n]);
        }
    }

    [Theory]
    [InlineData(TextAnalyzer.Word, 1, 3)]
    [InlineData(TextAnalyzer.Char, 2, 5)]
    [InlineData(TextAnalyzer.CharWordBounded, 2, 5)]
    public void Single_text_transform_allocates_nothing_after_warm_up(TextAnalyzer analyzer, int min, int max)
    {
        var model = new HashingVectorizerModel(new HashingVectorizerOptions { Analyzer = analyzer, NGramMin = min, NGramMax = max });
        string[] texts = SklearnHashingFixture.Strings(SklearnHashingFixture.Get("char_texts"));
        int[] columns = [];
        float[] values = [];
        foreach (string text in texts)
        {
            model.Transform(text, ref columns, ref values);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 10; round++)
        {
            foreach (string text in texts)
            {
                model.Transform(text, ref columns, ref values);
            }
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Save_and_load_give_identical_matrices(string name)
    {
        JsonElement c = SklearnHashingFixture.Case(name);
        string[] texts = SklearnHashingFixture.Texts(c);
        var model = (HashingVectorizerModel)new HashingVectorizer(SklearnHashingFixture.Options(c)).Fit(texts);
        string path = Path.Combine(Path.GetTempPath(), $"taxon-hashing-{Guid.NewGuid():N}.safetensors");
        try
        {
            model.Save(path);
            var loaded = Assert.IsType<HashingVectorizerModel>(ModelFile.Load(path));
            Assert.Equal(HashingVectorizerModel.KindName, loaded.Kind);
            Assert.Equal(model.Options with { Tokenizer = null! }, loaded.Options with { Tokenizer = null! });
            Assert.Equal(model.Options.Tokenizer with { StopWords = null }, loaded.Options.Tokenizer with { StopWords = null });
            Assert.Equal(model.Options.Tokenizer.StopWords?.Count, loaded.Options.Tokenizer.StopWords?.Count);
            SparseMatrix a = model.Transform(texts), b = loaded.Transform(texts);
            Assert.Equal(a.RowPointers.ToArray(), b.RowPointers.ToArray());
            Assert.Equal(a.ColumnIndices.ToArray(), b.ColumnIndices.ToArray());
            Assert.Equal(a.Values.ToArray(), b.Values.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Word_terms_equal_scikit_learns_analyzer()
    {
        var model = new HashingVectorizerModel(new HashingVectorizerOptions { NGramMin = 1, NGramMax = 2 });
        Assert.Equal(["the", "dog", "ran", "the dog", "dog ran"], model.Analyze("The dog, ran!"));
        Assert.Empty(model.Analyze(""));
    }

    [Fact]
    public void Bad_options_and_texts_are_clear_errors()
    {
        Assert.Equal("HashingVectorizerOptions: Columns must be at least 1, not 0.",
            Assert.Throws<ArgumentException>(() => new HashingVectorizer(new HashingVectorizerOptions { Columns = 0 })).Message);
        Assert.Equal("HashingVectorizerOptions: the n-gram range must have 1 <= NGramMin <= NGramMax, not (3, 2).",
            Assert.Throws<ArgumentException>(() => new HashingVectorizer(new HashingVectorizerOptions { NGramMin = 3, NGramMax = 2 })).Message);
        Assert.Contains("NGramMin", Assert.Throws<ArgumentException>(() => new HashingVectorizerModel(new HashingVectorizerOptions { NGramMin = 0 })).Message);
        Assert.Equal("HashingVectorizerOptions: Analyzer 7 is not a TextAnalyzer.",
            Assert.Throws<ArgumentException>(() => new HashingVectorizer(new HashingVectorizerOptions { Analyzer = (TextAnalyzer)7 })).Message);
        Assert.Equal("HashingVectorizerOptions: Norm 9 is not a TextNorm.",
            Assert.Throws<ArgumentException>(() => new HashingVectorizer(new HashingVectorizerOptions { Norm = (TextNorm)9 })).Message);
        Assert.Equal("HashingVectorizerOptions: stop words apply only to the Word analyzer, not Char.",
            Assert.Throws<ArgumentException>(() => new HashingVectorizer(new HashingVectorizerOptions
            {
                Analyzer = TextAnalyzer.Char,
                Tokenizer = new TokenizerOptions { StopWords = StopWords.English },
            })).Message);
        Assert.Contains("MinTokenLength", Assert.Throws<ArgumentException>(() => new HashingVectorizer(new HashingVectorizerOptions
        {
            Tokenizer = new TokenizerOptions { MinTokenLength = 0 },
        })).Message);
        Assert.Throws<ArgumentNullException>(() => new HashingVectorizer(new HashingVectorizerOptions { Tokenizer = null! }));

        var vectorizer = new HashingVectorizer();
        Assert.Equal("hashing", vectorizer.Name);
        Assert.Equal("hashing: no texts to fit on.", Assert.Throws<ArgumentException>(() => vectorizer.Fit([])).Message);
        Assert.Equal("hashing: text 1 is null.", Assert.Throws<ArgumentException>(() => vectorizer.Fit(["fine", null!])).Message);
        TextVectorizerModel model = vectorizer.Fit(["fine"]);
        Assert.Equal(1 << 20, model.OutputColumns);
        Assert.Equal("hashing: text 1 is null.", Assert.Throws<ArgumentException>(() => model.Transform(["fine", null!])).Message);
        int[] columns = [];
        float[] values = [];
        Assert.Throws<ArgumentNullException>(() => model.Transform(null!, ref columns, ref values));
    }

    [Fact]
    public void Fit_transform_does_not_depend_on_the_fit_texts()
    {
        var vectorizer = new HashingVectorizer(new HashingVectorizerOptions { Columns = 32, NGramMax = 2 });
        string[] texts = ["one two three", "two three four four"];
        SparseMatrix a = vectorizer.FitTransform(texts);
        SparseMatrix b = vectorizer.Fit(["completely different words"]).Transform(texts);
        Assert.Equal(a.ColumnIndices.ToArray(), b.ColumnIndices.ToArray());
        Assert.Equal(a.Values.ToArray(), b.Values.ToArray());
    }

    [Fact]
    public void A_pipeline_with_it_fits_predicts_and_reloads()
    {
        string[] texts = ["cheap pills buy now", "buy cheap watches now", "meeting agenda for monday", "monday project meeting notes",
            "cheap offer buy today", "notes from the project meeting"];
        string[] labels = ["spam", "spam", "ham", "ham", "spam", "ham"];
        var pipeline = new TextPipeline(new HashingVectorizer(new HashingVectorizerOptions { Columns = 1 << 12, NGramMax = 2 }), new LinearSvc());
        TextClassifierModel model = pipeline.Fit(LabeledData.FromTexts(texts, labels));
        Assert.Equal(labels, model.Predict(texts));
        string path = Path.Combine(Path.GetTempPath(), $"taxon-hashing-pipeline-{Guid.NewGuid():N}.safetensors");
        try
        {
            model.Save(path);
            TextClassifierModel loaded = TextClassifierModel.Load(path);
            Assert.Equal(model.Predict(texts), loaded.Predict(texts));
            Assert.Equal("spam", loaded.Predict("buy cheap pills"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_hash_of_int_min_takes_scikit_learns_column()
    {
        foreach (JsonElement e in SklearnHashingFixture.Get("int32_min").EnumerateArray())
        {
            var model = new HashingVectorizerModel(new HashingVectorizerOptions
            {
                Analyzer = TextAnalyzer.Char,
                NGramMin = 8,
                NGramMax = 8,
                Columns = e.GetProperty("columns").GetInt32(),
                Norm = TextNorm.None,
                Tokenizer = new TokenizerOptions { Lowercase = false },
            });
            int[] columns = [];
            float[] values = [];
            int n = model.Transform(e.GetProperty("text").GetString()!, ref columns, ref values);
            Assert.Equal(Ints(e.GetProperty("indices")), columns[..n]);
            Assert.Equal([.. e.GetProperty("data").EnumerateArray().Select(v => (float)v.GetDouble())], values[..n]);
        }
    }

    private static int[] Ints(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetInt32())];
}
