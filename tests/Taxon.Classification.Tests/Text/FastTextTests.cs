using System.Text;
using Taxon.Classification.Data;
using Taxon.Classification.Text;

namespace Taxon.Classification.Tests.Text;

public sealed class FastTextTests : IDisposable
{
    private static readonly string[][] Topics =
    [
        ["goal", "match", "team", "score", "league", "coach", "stadium", "player"],
        ["vote", "election", "senate", "policy", "party", "minister", "law", "campaign"],
        ["cpu", "kernel", "compiler", "memory", "thread", "cache", "binary", "server"],
    ];

    private static readonly string[] Noise = ["the", "a", "of", "and", "today", "news", "said", "new", "very", "it"];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "taxon-fasttext-" + Guid.NewGuid().ToString("N"));

    public FastTextTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static LabeledData Synthetic(int count, int seed)
    {
        var random = new Random(seed);
        var texts = new string[count];
        var labels = new string[count];
        for (int i = 0; i < count; i++)
        {
            int topic = i % 3;
            var words = new List<string>();
            for (int w = 0; w < 12; w++)
            {
                words.Add(random.Next(3) == 0 ? Topics[topic][random.Next(Topics[topic].Length)] : Noise[random.Next(Noise.Length)]);
            }
            words.Add(Topics[topic][random.Next(Topics[topic].Length)]);
            texts[i] = string.Join(' ', words);
            labels[i] = "t" + topic;
        }
        return LabeledData.FromTexts(texts, labels);
    }

    private static FastTextOptions Small => new() { Dim = 10, LearningRate = 0.5, Epochs = 20, Threads = 1, Seed = 7 };

    private static double Accuracy(TextClassifierModel model, LabeledData data)
    {
        string[] predicted = model.Predict(data.Texts!);
        int right = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            right += predicted[i] == data.Labels[i] ? 1 : 0;
        }
        return right / (double)predicted.Length;
    }

    [Fact]
    public void Fnv1a_hashes_the_utf8_bytes_xoring_signed_chars()
    {
        Assert.Equal(2166136261u, FastTextFeatures.Hash(""));
        Assert.Equal(0xE40C292Cu, FastTextFeatures.Hash("a"));
        Assert.Equal(0xBF9CF968u, FastTextFeatures.Hash("foobar"));
        // Independent computation: bytes of 0x80 and above are sign-extended before the xor.
        foreach (string word in new[] { "caf\u00e9", "\u65e5\u672c", "na\u00efve" })
        {
            uint h = 2166136261;
            foreach (byte b in Encoding.UTF8.GetBytes(word))
            {
                uint extended = b >= 0x80 ? 0xFFFFFF00u | b : b;
                h = unchecked((h ^ extended) * 16777619u);
            }
            Assert.Equal(h, FastTextFeatures.Hash(word));
        }
        Assert.NotEqual(FastTextFeatures.Hash("caf\u00e9"), UnsignedFnv("caf\u00e9"));
    }

    private static uint UnsignedFnv(string word)
    {
        uint h = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(word))
        {
            h = unchecked((h ^ b) * 16777619u);
        }
        return h;
    }

    [Fact]
    public void Tokens_are_normalised_and_end_with_the_end_of_line_token()
    {
        var tokens = new List<string>();
        FastTextFeatures.Tokenize("Hello, World! x+y", normalize: true, tokens);
        Assert.Equal(["hello", ",", "world", "!", "x", "+", "y", "</s>"], tokens);
        tokens.Clear();
        FastTextFeatures.Tokenize("Hello,\tWorld!", normalize: false, tokens);
        Assert.Equal(["Hello,", "World!", "</s>"], tokens);
    }

    [Fact]
    public void Char_ngrams_cover_the_bracketed_word_without_lone_brackets()
    {
        var buckets = new List<int>();
        FastTextFeatures.AddCharNgrams("ab", 2, 3, 1000, buckets);
        Assert.Equal(new[] { "<a", "<ab", "ab", "ab>", "b>" }.Select(g => (int)(FastTextFeatures.Hash(g) % 1000)), buckets);
        buckets.Clear();
        FastTextFeatures.AddCharNgrams("\u00e9", 1, 1, 1000, buckets);
        Assert.Equal([(int)(FastTextFeatures.Hash("\u00e9") % 1000)], buckets);
    }

    [Fact]
    public void Word_ngrams_sign_extend_the_hashes_as_fasttext()
    {
        uint a = FastTextFeatures.Hash("a"), b = FastTextFeatures.Hash("b");
        var buckets = new List<int>();
        FastTextFeatures.AddWordNgrams([a, b], 2, 10_000_000, buckets);
        ulong h = unchecked((ulong)(long)(int)a * 116049371UL + (ulong)(long)(int)b);
        Assert.Equal([(int)(h % 10_000_000UL)], buckets);
    }

    [Theory]
    [InlineData(FastTextLoss.Softmax)]
    [InlineData(FastTextLoss.HierarchicalSoftmax)]
    [InlineData(FastTextLoss.NegativeSampling)]
    [InlineData(FastTextLoss.OneVsAll)]
    public void Each_loss_learns_a_separable_topic_task(FastTextLoss loss)
    {
        var model = (FastTextModel)new FastTextClassifier(Small with { Loss = loss, WordNgrams = 2, Buckets = 100_000 }).Fit(Synthetic(600, 1));
        Assert.True(Accuracy(model, Synthetic(300, 2)) > 0.95);
        Assert.False(model.IsMultiLabel);
        var p = new double[3];
        foreach (string text in Synthetic(30, 3).Texts!)
        {
            model.PredictProba(text, p);
            Assert.All(p, v => Assert.InRange(v, 0, 1));
            Assert.Equal(1, p.Sum(), 1e-9);
        }
    }

    [Fact]
    public void Char_ngrams_learn_and_only_touched_buckets_are_stored()
    {
        var options = Small with { MinCharNgram = 3, MaxCharNgram = 5, Buckets = 2_000_000, WordNgrams = 2 };
        var model = (FastTextModel)new FastTextClassifier(options).Fit(Synthetic(600, 1));
        Assert.True(Accuracy(model, Synthetic(300, 2)) > 0.95);
        Assert.True(model.StoredRows < 10_000);
        // Unseen words and n-grams read rows computed from the seed; the same text gives the same vector.
        Assert.Equal(model.SentenceVector("zzzunseen qqqword"), model.SentenceVector("zzzunseen qqqword"));
        Assert.Equal("t2", model.Predict("compilers kernels"));
    }

    [Fact]
    public void The_same_seed_with_one_thread_gives_identical_probabilities()
    {
        LabeledData data = Synthetic(300, 4);
        var a = new FastTextClassifier(Small with { WordNgrams = 2, Buckets = 1000 }).Fit(data);
        var b = new FastTextClassifier(Small with { WordNgrams = 2, Buckets = 1000 }).Fit(data);
        var c = new FastTextClassifier(Small with { WordNgrams = 2, Buckets = 1000, Seed = 8 }).Fit(data);
        string[] texts = [.. Synthetic(20, 5).Texts!];
        Assert.Equal(a.PredictProba(texts), b.PredictProba(texts));
        Assert.NotEqual(a.PredictProba(texts), c.PredictProba(texts));
    }

    [Fact]
    public void Several_threads_also_learn()
    {
        var model = new FastTextClassifier(Small with { Threads = 3 }).Fit(Synthetic(600, 1));
        Assert.True(Accuracy(model, Synthetic(300, 2)) > 0.95);
    }

    [Theory]
    [InlineData(FastTextLoss.Softmax)]
    [InlineData(FastTextLoss.HierarchicalSoftmax)]
    public void Save_and_load_give_identical_probabilities_and_a_truncated_file_is_an_error(FastTextLoss loss)
    {
        var model = new FastTextClassifier(Small with { Loss = loss, WordNgrams = 2, Buckets = 5000, MinCharNgram = 2, MaxCharNgram = 3 }).Fit(Synthetic(300, 6));
        string path = Path.Combine(_dir, "m.safetensors");
        model.Save(path);
        var loaded = Assert.IsType<FastTextModel>(TextClassifierModel.Load(path));
        string[] texts = [.. Synthetic(20, 7).Texts!, "never seen words here"];
        Assert.Equal(model.PredictProba(texts), loaded.PredictProba(texts));
        Assert.Equal(((FastTextModel)model).Options, loaded.Options);
        Assert.Equal(model.Classes, loaded.Classes);

        byte[] bytes = File.ReadAllBytes(path);
        string truncated = Path.Combine(_dir, "t.safetensors");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length * 2 / 3)]);
        var e = Assert.Throws<InvalidDataException>(() => TextClassifierModel.Load(truncated));
        Assert.Contains("t.safetensors", e.Message);
    }

    private static LabeledData MultiLabel(int count, int seed)
    {
        var random = new Random(seed);
        var texts = new string[count];
        var sets = new string[count][];
        for (int i = 0; i < count; i++)
        {
            var labels = new List<string>();
            var words = new List<string>();
            for (int t = 0; t < 3; t++)
            {
                if (random.Next(2) == 0)
                {
                    labels.Add("t" + t);
                    for (int w = 0; w < 4; w++)
                    {
                        words.Add(Topics[t][random.Next(Topics[t].Length)]);
                    }
                }
            }
            for (int w = 0; w < 4; w++)
            {
                words.Add(Noise[random.Next(Noise.Length)]);
            }
            texts[i] = string.Join(' ', words.OrderBy(_ => random.Next()));
            sets[i] = [.. labels];
        }
        return LabeledData.FromTexts(texts, sets);
    }

    [Fact]
    public void One_vs_all_learns_multi_label_data_with_a_threshold_and_top_k()
    {
        var model = new FastTextClassifier(Small with { Loss = FastTextLoss.OneVsAll, Threshold = 0.4 }).Fit(MultiLabel(600, 1));
        Assert.True(model.IsMultiLabel);
        Assert.Equal(0.4, model.Threshold);
        Assert.Equal(["t0", "t2"], model.PredictLabels("goal team kernel cache the"));
        Assert.Equal(["t1"], model.PredictLabels("vote senate law of"));
        var top = model.PredictTopK("goal team kernel cache the", 3, threshold: 0.5);
        Assert.Equal(["t0", "t2"], top.Select(t => t.Label).Order());
        Assert.Single(model.PredictTopK("goal team kernel cache the", 1));
        var p = new double[3];
        model.PredictProba("goal team kernel cache", p);
        Assert.True(p.Sum() > 1.2);
        Assert.True(model.EvaluateMultiLabel(MultiLabel(200, 2)).SubsetAccuracy > 0.8);
    }

    [Fact]
    public void Multi_label_data_without_one_vs_all_is_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => new FastTextClassifier(Small).Fit(MultiLabel(30, 1)));
        Assert.Contains("OneVsAll", e.Message);
        Assert.Contains("multi-label", e.Message);
    }

    [Fact]
    public void Pretrained_vectors_initialise_dictionary_rows_and_a_wrong_dimension_is_an_error()
    {
        string vec = Path.Combine(_dir, "v.vec");
        File.WriteAllText(vec, "3 4\ngoal 1 2 3 4\nunknownword 9 9 9 9\nvote -1 -2 -3 -4.5\n");
        var options = new FastTextOptions { Dim = 4, LearningRate = 1e-9, Epochs = 1, Threads = 1, PretrainedVectors = vec };
        var model = (FastTextModel)new FastTextClassifier(options).Fit(Synthetic(30, 1));
        Assert.Equal([1f, 2f, 3f, 4f], model.WordRow("goal").ToArray().Select(v => MathF.Round(v, 4)));
        Assert.Equal([-1f, -2f, -3f, -4.5f], model.WordRow("vote").ToArray().Select(v => MathF.Round(v, 4)));
        Assert.True(model.WordRow("team").ToArray().All(v => Math.Abs(v) <= 0.25f));
        Assert.True(model.WordRow("unknownword").IsEmpty);

        var wrongDim = Assert.Throws<InvalidDataException>(() => new FastTextClassifier(options with { Dim = 5 }).Fit(Synthetic(30, 1)));
        Assert.Contains("v.vec", wrongDim.Message);
        Assert.Contains("dimension 4", wrongDim.Message);

        string bad = Path.Combine(_dir, "bad.vec");
        File.WriteAllText(bad, "2 4\ngoal 1 2 3 4\nvote 1 2 x 4\n");
        var malformed = Assert.Throws<InvalidDataException>(() => new FastTextClassifier(options with { PretrainedVectors = bad }).Fit(Synthetic(30, 1)));
        Assert.Contains("bad.vec line 3", malformed.Message);
    }

    [Fact]
    public void Validate_names_the_bad_property()
    {
        Assert.Contains("Dim", Assert.Throws<ArgumentException>(() => new FastTextOptions { Dim = 0 }.Validate()).Message);
        Assert.Contains("LearningRate", Assert.Throws<ArgumentException>(() => new FastTextOptions { LearningRate = double.NaN }.Validate()).Message);
        Assert.Contains("MinCharNgram", Assert.Throws<ArgumentException>(() => new FastTextOptions { MinCharNgram = 6, MaxCharNgram = 3 }.Validate()).Message);
        Assert.Contains("Threads", Assert.Throws<ArgumentException>(() => new FastTextClassifier(new FastTextOptions { Threads = 0 })).Message);
        Assert.Contains("Threshold", Assert.Throws<ArgumentException>(() => new FastTextOptions { Threshold = 2 }.Validate()).Message);
        Assert.Contains("Buckets", Assert.Throws<ArgumentException>(() => new FastTextOptions { Buckets = 0, WordNgrams = 2 }.Validate()).Message);
        new FastTextOptions { Buckets = 0 }.Validate();
        var defaults = new FastTextOptions();
        Assert.Equal((100, 0.1, 100, 1, 2_000_000, 5, 1, FastTextLoss.Softmax, 5, 0.5), (defaults.Dim, defaults.LearningRate,
            defaults.LearningRateUpdateRate, defaults.WordNgrams, defaults.Buckets, defaults.Epochs, defaults.MinCount, defaults.Loss,
            defaults.NegativeSamples, defaults.Threshold));
    }

    [Fact]
    public void Evaluate_with_a_label_unseen_in_training_names_the_sample()
    {
        var model = new FastTextClassifier(Small).Fit(Synthetic(60, 1));
        Assert.True(model.Evaluate(Synthetic(60, 2)).Accuracy > 0.9);
        var test = LabeledData.FromTexts(["goal team", "vote law"], ["t0", "sports"]);
        var e = Assert.Throws<ArgumentException>(() => model.Evaluate(test));
        Assert.Contains("sample 1", e.Message);
        Assert.Contains("sports", e.Message);
    }

    [Fact]
    public void Quantisation_keeps_predictions_and_shrinks_the_file()
    {
        var model = (FastTextModel)new FastTextClassifier(Small with { Dim = 16, WordNgrams = 2, Buckets = 100_000 }).Fit(Synthetic(900, 1));
        FastTextModel quantized = model.Quantize(subvectorDim: 2, seed: 3);
        Assert.True(quantized.IsQuantized);
        Assert.False(model.IsQuantized);
        LabeledData test = Synthetic(300, 2);
        string[] a = model.Predict(test.Texts!), b = quantized.Predict(test.Texts!);
        Assert.True(a.Zip(b).Count(p => p.First == p.Second) >= 0.9 * a.Length);
        Assert.True(Accuracy(quantized, test) > 0.9);

        string full = Path.Combine(_dir, "full.safetensors"), small = Path.Combine(_dir, "small.safetensors");
        model.Save(full);
        quantized.Save(small);
        Assert.True(new FileInfo(small).Length < new FileInfo(full).Length / 2);
        var loaded = Assert.IsType<FastTextModel>(TextClassifierModel.Load(small));
        Assert.True(loaded.IsQuantized);
        string[] texts = [.. test.Texts!.Take(20)];
        Assert.Equal(quantized.PredictProba(texts), loaded.PredictProba(texts));
        Assert.Throws<InvalidOperationException>(() => quantized.Quantize());
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Quantize(17));
    }
}
