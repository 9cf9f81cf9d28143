using Taxon.Classification.Data;
using Taxon.Classification.Models;
using Taxon.Classification.Text;

namespace Taxon.Classification.Tests.Text;

public class VectorizerTests
{
    public static TheoryData<string> Cases => new()
    {
        "defaults", "bigrams_mindf2_sublinear", "binary_nonorm_noidf", "nosmooth_l1", "max_features5", "max_df_half", "stop_words",
        "bigrams_only_stop", "char_2_4", "char_wb_2_5_mindf2_sublinear", "char_wb_1_3_nolower",
    };

    private static string[] Docs => SklearnTextFixture.Strings(SklearnTextFixture.Get("docs"));

    private static string[] Tests => SklearnTextFixture.Strings(SklearnTextFixture.Get("tests"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matrices_equal_scikit_learns(string name)
    {
        var c = SklearnTextFixture.Case(name);
        var model = (TfidfVectorizerModel)new TfidfVectorizer(SklearnTextFixture.Options(c)).Fit(Docs);
        Assert.Equal(SklearnTextFixture.Strings(c.GetProperty("feature_names")), model.FeatureNames);
        if (c.GetProperty("idf").ValueKind != System.Text.Json.JsonValueKind.Null)
        {
            double[] idf = [.. c.GetProperty("idf").EnumerateArray().Select(v => v.GetDouble())];
            Assert.Equal(idf.Length, model.Idf.Length);
            for (int k = 0; k < idf.Length; k++)
            {
                Assert.Equal(idf[k], model.Idf[k], 1e-12);
            }
        }
        Assert.True(SklearnTextFixture.MaxAbsDiff(c.GetProperty("train"), model.Transform(Docs)) < 1e-6);
        Assert.True(SklearnTextFixture.MaxAbsDiff(c.GetProperty("test"), model.Transform(Tests)) < 1e-6);
        for (int c2 = 0; c2 < model.OutputColumns; c2++)
        {
            Assert.Equal(c2, model.Vocabulary[model.FeatureNames[c2]]);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Save_and_load_give_identical_matrices(string name)
    {
        var c = SklearnTextFixture.Case(name);
        var model = (TfidfVectorizerModel)new TfidfVectorizer(SklearnTextFixture.Options(c)).Fit(Docs);
        string path = Path.Combine(Path.GetTempPath(), $"taxon-tfidf-{Guid.NewGuid():N}.safetensors");
        try
        {
            model.Save(path);
            var loaded = Assert.IsType<TfidfVectorizerModel>(ModelFile.Load(path));
            Assert.Equal(model.FeatureNames, loaded.FeatureNames);
            Assert.Equal(model.Idf, loaded.Idf);
            Assert.Equal(model.Options.Tokenizer.StopWords?.Count, loaded.Options.Tokenizer.StopWords?.Count);
            AssertSame(model.Transform(Tests), loaded.Transform(Tests));
            AssertSame(model.Transform(Docs), loaded.Transform(Docs));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Single_text_transform_equals_the_batch_row()
    {
        var model = new TfidfVectorizer(new TfidfVectorizerOptions { NGramMax = 3, SublinearTf = true }).Fit(Docs);
        SparseMatrix batch = model.Transform(Tests);
        int[] columns = [];
        float[] values = [];
        for (int i = 0; i < Tests.Length; i++)
        {
            int n = model.Transform(Tests[i], ref columns, ref values);
            FeatureRow row = batch.Row(i);
            Assert.Equal(row.Indices.ToArray(), columns[..n]);
            Assert.Equal(row.Values.ToArray(), values[..n]);
        }
    }

    [Fact]
    public void Pruning_everything_is_an_error()
    {
        var e = Assert.Throws<ArgumentException>(() => new TfidfVectorizer(new TfidfVectorizerOptions { MinDf = 8 }).Fit(Docs));
        Assert.Equal("After pruning, no terms remain. Try a lower MinDf or a higher MaxDfFraction.", e.Message);
        Assert.Throws<ArgumentException>(() => new TfidfVectorizer().Fit(["a b c", "!!"]));
        Assert.Contains("fewer texts than MinDf", Assert.Throws<ArgumentException>(() => new TfidfVectorizer(new TfidfVectorizerOptions { MinDf = 100 }).Fit(Docs)).Message);
    }

    [Fact]
    public void Null_texts_and_bad_options_are_errors()
    {
        Assert.Throws<ArgumentException>(() => new TfidfVectorizer().Fit(["good text", null!]));
        var model = new TfidfVectorizer().Fit(Docs);
        Assert.Throws<ArgumentException>(() => model.Transform(["fine", null!]));
        int[] columns = [];
        float[] values = [];
        Assert.Throws<ArgumentNullException>(() => model.Transform(null!, ref columns, ref values));
        Assert.Throws<ArgumentException>(() => new TfidfVectorizer(new TfidfVectorizerOptions { NGramMin = 2, NGramMax = 1 }));
        Assert.Throws<ArgumentException>(() => new TfidfVectorizer(new TfidfVectorizerOptions { MaxDfFraction = 0 }));
        Assert.Throws<ArgumentException>(() => new TfidfVectorizer(new TfidfVectorizerOptions { MaxFeatures = 0 }));
        Assert.Contains("stop words apply only to the Word analyzer", Assert.Throws<ArgumentException>(() => new TfidfVectorizer(new TfidfVectorizerOptions
        {
            Analyzer = TextAnalyzer.Char,
            Tokenizer = new TokenizerOptions { StopWords = StopWords.English },
        })).Message);
        Assert.Equal("tfidf", new TfidfVectorizer().Name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_transform_equals_fit_then_transform(string name)
    {
        var vectorizer = new TfidfVectorizer(SklearnTextFixture.Options(SklearnTextFixture.Case(name)));
        SparseMatrix fused = vectorizer.FitTransform(Docs, out TextVectorizerModel model);
        AssertSame(model.Transform(Docs), fused);
        Assert.Equal(((TfidfVectorizerModel)vectorizer.Fit(Docs)).FeatureNames, ((TfidfVectorizerModel)model).FeatureNames);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(1, 3)]
    public void Fit_transform_over_many_chunks_equals_fit_then_transform(int min, int max)
    {
        var rng = new Random(11);
        string[] words = [.. Enumerable.Range(0, 400).Select(i => $"w{i}")];
        string[] texts = [.. Enumerable.Range(0, 4000).Select(_ => string.Join(' ', Enumerable.Range(0, rng.Next(0, 30)).Select(_ => words[rng.Next(words.Length)])))];
        var vectorizer = new TfidfVectorizer(new TfidfVectorizerOptions { NGramMin = min, NGramMax = max, MinDf = 2, SublinearTf = true });
        SparseMatrix fused = vectorizer.FitTransform(texts, out TextVectorizerModel model);
        AssertSame(model.Transform(texts), fused);
    }

    [Fact]
    public void Large_parallel_fit_matches_a_sequential_count()
    {
        // Enough texts for several chunks, so the per-chunk dictionaries are merged.
        var rng = new Random(7);
        string[] words = [.. Enumerable.Range(0, 300).Select(i => $"w{i}")];
        string[] texts = [.. Enumerable.Range(0, 3000).Select(_ => string.Join(' ', Enumerable.Range(0, 20).Select(_ => words[rng.Next(words.Length)])))];
        var model = (TfidfVectorizerModel)new TfidfVectorizer(new TfidfVectorizerOptions { NGramMax = 2, MinDf = 3, UseIdf = false, Norm = TextNorm.None }).Fit(texts);
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        var tokenizer = new Tokenizer();
        foreach (string t in texts)
        {
            var tokens = tokenizer.Tokenize(t);
            var terms = new HashSet<string>(tokens);
            for (int k = 0; k + 1 < tokens.Count; k++)
            {
                terms.Add(tokens[k] + " " + tokens[k + 1]);
            }
            foreach (string term in terms)
            {
                df[term] = df.GetValueOrDefault(term) + 1;
            }
        }
        string[] expected = [.. df.Where(kv => kv.Value >= 3).Select(kv => kv.Key).Order(StringComparer.Ordinal)];
        Assert.Equal(expected, model.FeatureNames);
    }

    private static void AssertSame(SparseMatrix a, SparseMatrix b)
    {
        Assert.Equal(a.Columns, b.Columns);
        Assert.Equal(a.RowPointers.ToArray(), b.RowPointers.ToArray());
        Assert.Equal(a.ColumnIndices.ToArray(), b.ColumnIndices.ToArray());
        Assert.Equal(a.Values.ToArray(), b.Values.ToArray());
    }
}
