namespace Taxon.Cli.Tests;

/// <summary>Mistakes a user can make: each ends with exit code 1 and one message that says what is wrong and where.</summary>
public sealed class CommandErrorTests(GeneratedDataSets data) : IClassFixture<GeneratedDataSets>
{
    [Fact]
    public void A_malformed_csv_cell_is_named_by_file_line_and_column()
    {
        TaxonProcess.Run("train", "--data", data.Malformed, "--json")
            .AssertFailedWith(data.Malformed, $"line {GeneratedDataSets.MalformedLine}", "x2", "'abc'");
    }

    [Fact]
    public void Task_binary_on_three_classes_fails()
    {
        TaxonProcess.Run("train", "--data", data.Blobs, "--task", "binary", "--json")
            .AssertFailedWith("--task binary", "3 classes");
    }

    [Fact]
    public void A_multilabel_strategy_on_single_label_data_fails()
    {
        TaxonProcess.Run("train", "--data", data.Blobs, "--multilabel", "chain", "--json")
            .AssertFailedWith("--multilabel", "multiclass");
    }

    [Fact]
    public void A_multiclass_decomposition_on_multi_label_data_fails()
    {
        TaxonProcess.Run("train", "--data", data.MultiLabelArff, "--label-count", "3", "--multiclass", "ovr", "--json")
            .AssertFailedWith("--multiclass", "multi-label");
    }

    [Fact]
    public void Task_multilabel_on_an_arff_file_needs_the_label_count()
    {
        TaxonProcess.Run("train", "--data", data.MultiLabelArff, "--task", "multilabel", "--json")
            .AssertFailedWith("--label-count", data.MultiLabelArff);
    }

    [Fact]
    public void An_unknown_model_fails_naming_the_choices()
    {
        TaxonProcess.Run("train", "--data", data.Blobs, "--model", "forest", "--json")
            .AssertFailedWith("--model", "'forest'", "logreg");
    }

    [Fact]
    public void A_damaged_or_truncated_model_file_fails_to_load()
    {
        string modelPath = data.PathFor("to-damage.taxon");
        TaxonProcess.Run("train", "--data", data.Blobs, "--out", modelPath, "--json").AssertSucceeded();
        byte[] bytes = File.ReadAllBytes(modelPath);

        // One flipped bit in the stored numbers (the tensors follow the header, at the end of the file).
        byte[] damaged = (byte[])bytes.Clone();
        damaged[^3] ^= 0x10;
        string damagedPath = data.PathFor("damaged.taxon");
        File.WriteAllBytes(damagedPath, damaged);
        TaxonProcess.Run("eval", "--model", damagedPath, "--data", data.BlobsTest, "--json")
            .AssertFailedWith(damagedPath, "damaged");

        string truncatedPath = data.PathFor("truncated.taxon");
        File.WriteAllBytes(truncatedPath, bytes[..(bytes.Length / 2)]);
        TaxonProcess.Run("eval", "--model", truncatedPath, "--data", data.BlobsTest, "--json")
            .AssertFailedWith(truncatedPath);
        TaxonProcess.Run("predict", "--model", truncatedPath, "--data", data.BlobsTest)
            .AssertFailedWith(truncatedPath);
    }

    [Fact]
    public void Predict_on_a_file_of_the_wrong_width_names_the_file()
    {
        string modelPath = data.PathFor("width.taxon");
        TaxonProcess.Run("train", "--data", data.Blobs, "--out", modelPath, "--json").AssertSucceeded();
        TaxonProcess.Run("predict", "--model", modelPath, "--data", data.BlobsWide)
            .AssertFailedWith(data.BlobsWide, "3 features", "2");
        TaxonProcess.Run("eval", "--model", modelPath, "--data", data.BlobsWide, "--json")
            .AssertFailedWith(data.BlobsWide, "3 features");
    }

    [Fact]
    public void Out_into_a_missing_folder_fails_before_the_data_is_read()
    {
        string folder = data.PathFor("no-such-folder");
        string modelPath = Path.Combine(folder, "model.taxon");
        // The data is malformed too: a message about the folder, not the data, shows the check came first.
        CommandResult run = TaxonProcess.Run("train", "--data", data.Malformed, "--out", modelPath, "--json");
        run.AssertFailedWith("--out", folder);
        Assert.DoesNotContain("line", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Eval_of_a_multi_label_csv_model_asks_for_the_label_separator()
    {
        string modelPath = data.PathFor("labels-csv.taxon");
        TaxonProcess.Run("train", "--data", data.MultiLabelCsv, "--label-separator", "|", "--out", modelPath, "--json").AssertSucceeded();
        TaxonProcess.Run("eval", "--model", modelPath, "--data", data.MultiLabelCsvTest, "--json")
            .AssertFailedWith("--label-separator", data.MultiLabelCsvTest);
    }

    [Fact]
    public void Top_k_on_a_single_label_model_fails_instead_of_being_ignored()
    {
        string modelPath = data.PathFor("top-k.taxon");
        TaxonProcess.Run("train", "--data", data.Blobs, "--out", modelPath, "--json").AssertSucceeded();
        TaxonProcess.Run("predict", "--model", modelPath, "--data", data.BlobsTest, "--top-k", "2")
            .AssertFailedWith("--top-k", "multi-label");

        string multiLabelPath = data.PathFor("top-k-labels.taxon");
        TaxonProcess.Run("train", "--data", data.MultiLabelArff, "--label-count", "3", "--out", multiLabelPath, "--json").AssertSucceeded();
        TaxonProcess.Run("predict", "--model", multiLabelPath, "--data", data.MultiLabelArffTest, "--top-k", "2", "--proba")
            .AssertFailedWith("--top-k", "--proba");
    }
}
