using System.Text.Json;

namespace Taxon.Cli.Tests;

/// <summary><c>taxon train --json</c> on each task, data format, model, decomposition and multi-label strategy.</summary>
public sealed class TrainCommandTests(GeneratedDataSets data) : IClassFixture<GeneratedDataSets>
{
    /// <summary>The networks train for a few epochs at a higher rate than the default, enough for these small sets.</summary>
    private static readonly string[] FewEpochs = ["--epochs", "30", "--lr", "0.01", "--batch-size", "32"];

    [Fact]
    public void Binary_data_reports_roc_auc_and_both_classes()
    {
        JsonElement json = TaxonProcess.Run("train", "--data", data.TwoClasses, "--json").Json;
        Assert.Equal("binary", json.GetProperty("task").GetString());
        Assert.True(JsonFields.Fraction(json, "roc_auc") > 0.9);
        Assert.True(JsonFields.Fraction(json, "accuracy") > 0.8);
        Assert.Equal(["alpha", "beta"], json.GetProperty("per_class").EnumerateObject().Select(p => p.Name));
        Assert.Equal(json.GetProperty("n_test").GetInt32(), SupportSum(json));
    }

    [Fact]
    public void Multiclass_data_reports_accuracy_f1_and_per_class_scores_keyed_by_label()
    {
        JsonElement json = TaxonProcess.Run("train", "--data", data.Blobs, "--json").Json;
        Assert.Equal("logreg", json.GetProperty("model").GetString());
        Assert.Equal("multiclass", json.GetProperty("task").GetString());
        Assert.True(JsonFields.Fraction(json, "accuracy") > 0.8);
        JsonFields.Fraction(json, "f1_macro");
        // Every sample has exactly one true and one predicted label, so micro F1 is the accuracy.
        Assert.Equal(json.GetProperty("accuracy").GetDouble(), JsonFields.Fraction(json, "f1_micro"), 6);
        Assert.False(json.TryGetProperty("roc_auc", out _));
        JsonElement perClass = json.GetProperty("per_class");
        Assert.Equal(GeneratedDataSets.BlobLabels, perClass.EnumerateObject().Select(p => p.Name));
        foreach (JsonProperty label in perClass.EnumerateObject())
        {
            Assert.Equal(["precision", "recall", "f1", "support"], label.Value.EnumerateObject().Select(p => p.Name));
            JsonFields.Fraction(label.Value, "precision");
            JsonFields.Fraction(label.Value, "recall");
            JsonFields.Fraction(label.Value, "f1");
        }
        Assert.Equal(json.GetProperty("n_test").GetInt32(), SupportSum(json));
    }

    [Theory]
    [InlineData("blobs.csv")]
    [InlineData("blobs.svm")]
    [InlineData("blobs.jsonl")]
    public void Without_test_data_a_hold_out_of_every_format_keeps_all_rows(string file)
    {
        JsonElement json = TaxonProcess.Run("train", "--data", data.PathFor(file), "--json").Json;
        foreach (string field in new[] { "model", "task", "n_train", "n_test", "train_seconds" })
        {
            Assert.True(json.TryGetProperty(field, out _), $"{file}: no \"{field}\" in {json}");
        }
        int nTrain = json.GetProperty("n_train").GetInt32(), nTest = json.GetProperty("n_test").GetInt32();
        Assert.Equal(GeneratedDataSets.BlobRows, nTrain + nTest);
        // The default --test-fraction of 0.2, stratified: 8 of each class's 40.
        Assert.Equal(GeneratedDataSets.BlobRows / 5, nTest);
        Assert.Equal(nTest, SupportSum(json));
        Assert.All(GeneratedDataSets.BlobLabels, label => Assert.Equal(nTest / 3, json.GetProperty("per_class").GetProperty(label).GetProperty("support").GetInt32()));
        Assert.True(json.GetProperty("train_seconds").GetDouble() >= 0);
        Assert.True(JsonFields.Fraction(json, "accuracy") > 0.8);
    }

    [Fact]
    public void Csv_and_json_lines_copies_of_the_same_data_give_the_same_metrics()
    {
        JsonElement csv = TaxonProcess.Run("train", "--data", data.Blobs, "--json").Json;
        JsonElement jsonLines = TaxonProcess.Run("train", "--data", data.BlobsJsonLines, "--json").Json;
        Assert.Equal(JsonFields.Metrics(csv), JsonFields.Metrics(jsonLines));
    }

    [Theory]
    [InlineData("logreg")]
    [InlineData("svm")]
    [InlineData("nb")]
    [InlineData("knn")]
    [InlineData("mlp")]
    public void Each_model_trains_on_multiclass_data(string model)
    {
        JsonElement json = TaxonProcess.Run(["train", "--data", data.Blobs, "--test", data.BlobsTest, "--model", model, .. FewEpochs, "--json"]).Json;
        Assert.Equal(model, json.GetProperty("model").GetString());
        Assert.Equal(GeneratedDataSets.BlobRows, json.GetProperty("n_train").GetInt32());
        Assert.Equal(GeneratedDataSets.BlobTestRows, json.GetProperty("n_test").GetInt32());
        Assert.True(JsonFields.Fraction(json, "accuracy") > 0.8, $"{model}: {json}");
    }

    [Theory]
    [InlineData("logreg", "ovr")]
    [InlineData("logreg", "ovo")]
    [InlineData("logreg", "ecoc")]
    [InlineData("svm", "ovo")]
    [InlineData("nb", "ecoc")]
    public void Each_multiclass_decomposition_trains(string model, string decomposition)
    {
        JsonElement json = TaxonProcess.Run("train", "--data", data.Blobs, "--test", data.BlobsTest, "--model", model, "--multiclass", decomposition, "--json").Json;
        Assert.Equal($"{model}+{decomposition}", json.GetProperty("model").GetString());
        Assert.Equal("multiclass", json.GetProperty("task").GetString());
        Assert.True(JsonFields.Fraction(json, "accuracy") > 0.8, $"{model}+{decomposition}: {json}");
        Assert.Equal(GeneratedDataSets.BlobLabels, json.GetProperty("per_class").EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("br", "logreg+br")]
    [InlineData("chain", "logreg+chain")]
    [InlineData("ensemble-chain", "logreg+ensemble-chain")]
    [InlineData("net", "net")]
    public void Each_multilabel_strategy_trains_on_a_mulan_arff_file(string strategy, string name)
    {
        JsonElement json = TaxonProcess.Run(["train", "--data", data.MultiLabelArff, "--label-count", "3", "--multilabel", strategy, .. FewEpochs, "--json"]).Json;
        Assert.Equal(name, json.GetProperty("model").GetString());
        AssertMultiLabelMetrics(json);
        Assert.Equal(GeneratedDataSets.BlobRows, json.GetProperty("n_train").GetInt32() + json.GetProperty("n_test").GetInt32());
    }

    [Fact]
    public void A_csv_label_column_split_on_a_separator_is_multi_label()
    {
        JsonElement json = TaxonProcess.Run("train", "--data", data.MultiLabelCsv, "--label-separator", "|", "--json").Json;
        Assert.Equal("logreg+br", json.GetProperty("model").GetString());
        AssertMultiLabelMetrics(json);
    }

    [Fact]
    public void Without_json_a_report_comes_first_and_the_json_line_last()
    {
        CommandResult run = TaxonProcess.Run("train", "--data", data.Blobs, "--test", data.BlobsTest);
        Assert.True(run.Lines.Length > 3, run.Stdout);
        Assert.Contains(run.Lines, line => line.Contains("alpha", StringComparison.Ordinal) && !line.StartsWith('{'));
        JsonElement quiet = TaxonProcess.Run("train", "--data", data.Blobs, "--test", data.BlobsTest, "--json").Json;
        Assert.Equal(JsonFields.Metrics(quiet), JsonFields.Metrics(run.Json));
    }

    [Theory]
    [InlineData("mlp", null)]
    [InlineData("logreg", "ecoc")]
    [InlineData("logreg", "ensemble-chain")]
    [InlineData("logreg", "net")]
    public void The_same_seed_gives_the_same_json(string model, string? strategy)
    {
        string[] arguments = strategy switch
        {
            null => ["train", "--data", data.Blobs, "--model", model, .. FewEpochs],
            "ecoc" => ["train", "--data", data.Blobs, "--model", model, "--multiclass", strategy],
            _ => ["train", "--data", data.MultiLabelArff, "--label-count", "3", "--multilabel", strategy, .. FewEpochs],
        };
        arguments = [.. arguments, "--seed", "7", "--json"];
        var first = JsonFields.WithoutTimings(TaxonProcess.Run(arguments).Json);
        var second = JsonFields.WithoutTimings(TaxonProcess.Run(arguments).Json);
        Assert.Equal(first, second);
        Assert.Equal("7", first["seed"]);
    }

    private static void AssertMultiLabelMetrics(JsonElement json)
    {
        Assert.Equal("multilabel", json.GetProperty("task").GetString());
        Assert.True(JsonFields.Fraction(json, "hamming_loss") < 0.3, json.ToString());
        JsonFields.Fraction(json, "subset_accuracy");
        Assert.True(JsonFields.Fraction(json, "f1_micro") > 0.7, json.ToString());
        JsonFields.Fraction(json, "f1_macro");
        JsonFields.Fraction(json, "f1_samples");
        Assert.False(json.TryGetProperty("per_class", out _));
        Assert.False(json.TryGetProperty("accuracy", out _));
    }

    private static int SupportSum(JsonElement json) =>
        json.GetProperty("per_class").EnumerateObject().Sum(p => p.Value.GetProperty("support").GetInt32());
}
