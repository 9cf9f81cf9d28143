using System.Text;

namespace Taxon.Cli.Tests;

/// <summary>
/// Text classification from the command line: the README's main job on the spam sample shipped in <c>samples/</c>
/// (train, evaluate, save, classify a raw message), fastText on generated texts (single- and multi-label), text
/// models' predictions from files, data files and standard input, and the mistakes a user can make.
/// </summary>
public sealed class TextCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("taxon-text-tests-").FullName;

    private static readonly string Samples = Path.Combine(RepositoryRoot(), "samples", "spam-assassin");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_main_job_trains_a_spam_filter_on_the_sample_evaluates_saves_and_classifies_a_message()
    {
        string model = Path.Combine(_folder, "spam.taxon");
        var json = TaxonProcess.Run("train", "--data", Path.Combine(Samples, "train.jsonl.gz"), "--test", Path.Combine(Samples, "test.jsonl.gz"), "--out", model, "--json").Json;
        Assert.Equal("binary", json.GetProperty("task").GetString());
        Assert.Equal(968, json.GetProperty("n_train").GetInt32());
        Assert.Equal(303, json.GetProperty("n_test").GetInt32());
        Assert.True(json.GetProperty("email").GetBoolean());
        Assert.True(json.GetProperty("accuracy").GetDouble() > 0.95, json.ToString());
        Assert.True(json.GetProperty("per_class").GetProperty("spam").GetProperty("f1").GetDouble() > 0.9, json.ToString());
        Assert.True(json.GetProperty("roc_auc").GetDouble() > 0.95, json.ToString());

        string message = Path.Combine(Samples, "message.eml");
        Assert.Equal(["spam"], TaxonProcess.Run("predict", "--model", model, message).Lines);
        Assert.Equal(["spam"], TaxonProcess.RunWithInput(File.ReadAllText(message), "predict", "--model", model).Lines);
        string[] proba = TaxonProcess.Run("predict", "--model", model, "--proba", message).Lines;
        Assert.StartsWith("ham:", proba.Single(), StringComparison.Ordinal);
        Assert.Contains(" spam:", proba[0], StringComparison.Ordinal);

        var evaluated = TaxonProcess.Run("eval", "--model", model, "--data", Path.Combine(Samples, "test.jsonl.gz"), "--json").Json;
        Assert.Equal(json.GetProperty("accuracy").GetDouble(), evaluated.GetProperty("accuracy").GetDouble());
        string[] predicted = TaxonProcess.Run("predict", "--model", model, "--data", Path.Combine(Samples, "test.jsonl.gz")).Lines;
        Assert.Equal(303, predicted.Length);
        Assert.All(predicted, p => Assert.Contains(p, new[] { "ham", "spam" }));
    }

    [Fact]
    public void Fasttext_learns_topics_from_label_lines_and_predicts_lines_from_standard_input()
    {
        string train = Write("topics.train.txt", FastTextLines(400, seed: 1));
        string test = Write("topics.test.txt", FastTextLines(100, seed: 2));
        string model = Path.Combine(_folder, "topics.taxon");
        var json = TaxonProcess.Run("train", "--data", train, "--test", test, "--model", "fasttext", "--dim", "16", "--lr", "0.5",
            "--epochs", "10", "--word-ngrams", "2", "--buckets", "10000", "--threads", "1", "--out", model, "--json").Json;
        Assert.Equal("fasttext", json.GetProperty("model").GetString());
        Assert.Equal("multiclass", json.GetProperty("task").GetString());
        Assert.False(json.GetProperty("email").GetBoolean());
        Assert.True(json.GetProperty("accuracy").GetDouble() > 0.9, json.ToString());

        string[] lines = TaxonProcess.RunWithInput("the goalkeeper saved a penalty in the match\nthe senate passed the budget vote\n", "predict", "--model", model).Lines;
        Assert.Equal(["sports", "politics"], lines);
        string[] top = TaxonProcess.RunWithInput("the striker scored a goal\n", "predict", "--model", model, "--top-k", "2").Lines;
        Assert.StartsWith("sports,", top.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Fasttext_trains_multi_label_texts_with_one_vs_all_by_default()
    {
        string train = Write("tags.jsonl", TagLines(300, seed: 3));
        string test = Write("tags-test.jsonl", TagLines(100, seed: 4));
        var json = TaxonProcess.Run("train", "--data", train, "--test", test, "--model", "fasttext", "--dim", "16", "--lr", "0.5",
            "--epochs", "20", "--threads", "1", "--json").Json;
        Assert.Equal("multilabel", json.GetProperty("task").GetString());
        Assert.True(json.GetProperty("f1_samples").GetDouble() > 0.8, json.ToString());
        Assert.True(json.GetProperty("hamming_loss").GetDouble() < 0.15, json.ToString());
    }

    [Fact]
    public void Classic_models_train_on_text_through_tfidf()
    {
        string train = Write("topics.train.txt", FastTextLines(300, seed: 5));
        string test = Write("topics.test.txt", FastTextLines(100, seed: 6));
        foreach (string model in new[] { "logreg", "nb", "complement-nb" })
        {
            var json = TaxonProcess.Run("train", "--data", train, "--test", test, "--model", model, "--json").Json;
            Assert.True(json.GetProperty("accuracy").GetDouble() > 0.9, $"{model}: {json}");
        }
    }

    [Fact]
    public void Classic_text_models_take_word_and_character_n_gram_options()
    {
        string train = Write("topics.train.txt", FastTextLines(300, seed: 8));
        string test = Write("topics.test.txt", FastTextLines(100, seed: 9));
        string model = Path.Combine(_folder, "char.taxon");
        var json = TaxonProcess.Run("train", "--data", train, "--test", test, "--char-ngrams", "2,4", "--min-count", "1", "--out", model, "--json").Json;
        Assert.True(json.GetProperty("accuracy").GetDouble() > 0.9, json.ToString());
        var evaluated = TaxonProcess.Run("eval", "--model", model, "--data", test, "--json").Json;
        Assert.Equal(json.GetProperty("accuracy").GetDouble(), evaluated.GetProperty("accuracy").GetDouble());
        json = TaxonProcess.Run("train", "--data", train, "--test", test, "--model", "nb", "--word-ngrams", "3", "--json").Json;
        Assert.True(json.GetProperty("accuracy").GetDouble() > 0.9, json.ToString());
    }

    [Fact]
    public void Text_mistakes_give_clear_errors()
    {
        string train = Write("topics.train.txt", FastTextLines(100, seed: 7));
        TaxonProcess.Run("train", "--data", train, "--model", "mlp", "--json").AssertFailedWith("--model mlp", "fasttext");
        TaxonProcess.Run("train", "--data", train, "--dim", "10", "--json").AssertFailedWith("--dim", "--model fasttext");
        TaxonProcess.Run("train", "--data", train, "--model", "fasttext", "--char-ngrams", "5,3", "--json").AssertFailedWith("--char-ngrams");
        TaxonProcess.Run("train", "--data", train, "--char-ngrams", "5,3", "--json").AssertFailedWith("--char-ngrams");
        TaxonProcess.Run("train", "--data", train, "--word-ngrams", "2", "--char-ngrams", "2,4", "--json").AssertFailedWith("--word-ngrams", "--char-ngrams", "not both");
        TaxonProcess.Run("train", "--data", train, "--multiclass", "ovr", "--json").AssertFailedWith("--multiclass", "text");

        string model = Path.Combine(_folder, "t.taxon");
        TaxonProcess.Run("train", "--data", train, "--model", "fasttext", "--buckets", "1000", "--threads", "1", "--out", model, "--json").AssertSucceeded();
        byte[] bytes = File.ReadAllBytes(model);
        string truncated = Path.Combine(_folder, "truncated.taxon");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        TaxonProcess.RunWithInput("a text\n", "predict", "--model", truncated).AssertFailedWith(truncated);
        TaxonProcess.Run("predict", "--model", model, Path.Combine(_folder, "missing.eml")).AssertFailedWith("missing.eml");
    }

    private string Write(string name, string content)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    private static readonly string[][] Topics =
    [
        ["sports", "goal", "match", "striker", "goalkeeper", "penalty", "league", "coach", "scored", "team"],
        ["politics", "senate", "vote", "budget", "minister", "election", "party", "law", "passed", "parliament"],
        ["science", "atom", "experiment", "theory", "physics", "molecule", "laboratory", "data", "research", "energy"],
    ];

    private static readonly string[] Filler = ["the", "a", "in", "of", "and", "was", "on", "with", "today", "new"];

    private static string FastTextLines(int count, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            string[] topic = Topics[random.Next(Topics.Length)];
            text.Append("__label__").Append(topic[0]);
            for (int w = 0; w < 8; w++)
            {
                text.Append(' ').Append(random.Next(3) == 0 ? Filler[random.Next(Filler.Length)] : topic[1 + random.Next(topic.Length - 1)]);
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    private static string TagLines(int count, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            var tags = new List<string>();
            var words = new List<string>();
            foreach (string[] topic in Topics)
            {
                if (random.Next(2) == 0)
                {
                    tags.Add(topic[0]);
                    for (int w = 0; w < 4; w++)
                    {
                        words.Add(topic[1 + random.Next(topic.Length - 1)]);
                    }
                }
            }
            words.Add(Filler[random.Next(Filler.Length)]);
            text.Append("{\"text\":\"").Append(string.Join(' ', words)).Append("\",\"labels\":[")
                .Append(string.Join(',', tags.Select(t => $"\"{t}\""))).Append("]}\n");
        }
        return text.ToString();
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Taxon.slnx")))
            {
                return folder.FullName;
            }
        }
        throw new DirectoryNotFoundException($"no Taxon.slnx above {AppContext.BaseDirectory}");
    }
}
