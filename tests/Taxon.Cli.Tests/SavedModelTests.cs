using System.Globalization;
using System.Text.Json;

namespace Taxon.Cli.Tests;

/// <summary><c>train --out</c>, then <c>eval</c> and <c>predict</c> on the saved model.</summary>
public sealed class SavedModelTests(GeneratedDataSets data) : IClassFixture<GeneratedDataSets>
{
    [Theory]
    [InlineData("blobs", "logreg", null)]
    [InlineData("blobs", "knn", "ovo")]
    [InlineData("blobs", "mlp", null)]
    [InlineData("two-classes", "svm", null)]
    [InlineData("labels-arff", "logreg", "chain")]
    [InlineData("labels-csv", "nb", "br")]
    [InlineData("labels-arff", "logreg", "net")]
    public void Eval_of_the_saved_model_prints_the_metrics_train_printed(string set, string model, string? strategy)
    {
        string modelPath = data.PathFor($"{set}-{model}-{strategy}.taxon");
        (string train, string test, string[] reading) = set switch
        {
            "blobs" => (data.Blobs, data.BlobsTest, Array.Empty<string>()),
            "two-classes" => (data.TwoClasses, data.TwoClassesTest, []),
            "labels-arff" => (data.MultiLabelArff, data.MultiLabelArffTest, ["--label-count", "3"]),
            _ => (data.MultiLabelCsv, data.MultiLabelCsvTest, ["--label-separator", "|"]),
        };
        string[] strategyOption = strategy switch
        {
            null => [],
            "ovo" => ["--multiclass", strategy],
            _ => ["--multilabel", strategy],
        };
        JsonElement trained = TaxonProcess.Run([
            "train", "--data", train, "--test", test, .. reading, "--model", model, .. strategyOption,
            "--epochs", "20", "--lr", "0.01", "--out", modelPath, "--json"]).Json;
        Assert.Equal(Path.GetFullPath(modelPath), trained.GetProperty("model_path").GetString());
        Assert.True(File.Exists(modelPath));

        // eval needs no --label-count: the model knows how many labels the ARFF file ends with.
        string[] evalReading = set == "labels-csv" ? reading : [];
        JsonElement evaluated = TaxonProcess.Run(["eval", "--model", modelPath, "--data", test, .. evalReading, "--json"]).Json;
        Assert.Equal(JsonFields.Metrics(trained), JsonFields.Metrics(evaluated));
        Assert.Equal(trained.GetProperty("task").GetString(), evaluated.GetProperty("task").GetString());
        Assert.Equal(trained.GetProperty("n_test").GetInt32(), evaluated.GetProperty("n_test").GetInt32());
    }

    [Theory]
    [InlineData("nb")]
    [InlineData("svm")]
    public void Predict_prints_one_label_per_sample_as_accurate_as_eval_says(string model)
    {
        string modelPath = Train(model, data.Blobs);
        string[] predicted = TaxonProcess.Run("predict", "--model", modelPath, "--data", data.BlobsTest).Lines;
        string[] truth = GeneratedDataSets.LabelColumn(data.BlobsTest);
        Assert.Equal(GeneratedDataSets.BlobTestRows, predicted.Length);
        Assert.All(predicted, label => Assert.Contains(label, GeneratedDataSets.BlobLabels));

        double accuracy = JsonFields.Fraction(TaxonProcess.Run("eval", "--model", modelPath, "--data", data.BlobsTest, "--json").Json, "accuracy");
        int correct = predicted.Zip(truth).Count(p => p.First == p.Second);
        Assert.Equal(accuracy, (double)correct / truth.Length, 6);
        Assert.InRange(correct, truth.Length * 8 / 10, truth.Length);
    }

    /// <summary>
    /// <paramref name="predictsTheMostProbable"/>: whether the model's label is its most probable class. One-vs-one
    /// predicts by pairwise votes but its probabilities come from pairwise coupling, so, as in scikit-learn and
    /// LIBSVM, the two may disagree near the class boundaries.
    /// </summary>
    [Theory]
    [InlineData("logreg", null, true)]
    [InlineData("nb", null, true)]
    [InlineData("knn", null, true)]
    [InlineData("mlp", null, true)]
    [InlineData("svm", "ovo", false)]
    [InlineData("logreg", "ecoc", true)]
    public void Predict_proba_prints_probabilities_that_sum_to_one(string model, string? decomposition, bool predictsTheMostProbable)
    {
        string modelPath = Train(model, data.Blobs, decomposition is null ? [] : ["--multiclass", decomposition]);
        string[] lines = TaxonProcess.Run("predict", "--model", modelPath, "--data", data.BlobsTest, "--proba").Lines;
        string[] predicted = TaxonProcess.Run("predict", "--model", modelPath, "--data", data.BlobsTest).Lines;
        Assert.Equal(GeneratedDataSets.BlobTestRows, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            (string Label, double P)[] pairs = Probabilities(lines[i]);
            Assert.Equal(GeneratedDataSets.BlobLabels, pairs.Select(p => p.Label));
            Assert.All(pairs, p => Assert.InRange(p.P, 0.0, 1.0));
            // Six decimals are printed, so the sum may miss 1 by three half-units of the last place.
            Assert.Equal(1.0, pairs.Sum(p => p.P), 1e-5);
            if (predictsTheMostProbable)
            {
                Assert.Equal(pairs.Max(p => p.P), pairs.Single(p => p.Label == predicted[i]).P, 1e-5);
            }
        }
    }

    [Fact]
    public void Predict_without_labels_reads_every_column_as_a_feature()
    {
        string modelPath = Train("logreg", data.Blobs);
        string[] withLabels = TaxonProcess.Run("predict", "--model", modelPath, "--data", data.BlobsTest).Lines;
        string[] withoutLabels = TaxonProcess.Run("predict", "--model", modelPath, "--data", data.BlobsTestFeatures, "--no-labels").Lines;
        Assert.Equal(withLabels, withoutLabels);
        string[] probabilities = TaxonProcess.Run("predict", "--model", modelPath, "--data", data.BlobsTestFeatures, "--no-labels", "--proba").Lines;
        Assert.Equal(GeneratedDataSets.BlobTestRows, probabilities.Length);
    }

    [Theory]
    [InlineData("blobs.svm")]
    [InlineData("blobs.jsonl")]
    public void Predict_reads_the_training_format(string file)
    {
        string path = data.PathFor(file);
        string modelPath = Train("logreg", path);
        string[] predicted = TaxonProcess.Run("predict", "--model", modelPath, "--data", path).Lines;
        Assert.Equal(GeneratedDataSets.BlobRows, predicted.Length);
        Assert.All(predicted, label => Assert.Contains(label, GeneratedDataSets.BlobLabels));
    }

    [Fact]
    public void Multi_label_predict_prints_label_sets_and_top_k_the_k_most_probable()
    {
        string modelPath = Train("logreg", data.MultiLabelArff, ["--label-count", "3", "--multilabel", "chain"]);
        string arff = data.MultiLabelArffTest;
        string[] sets = TaxonProcess.Run("predict", "--model", modelPath, "--data", arff).Lines;
        // Lines of samples predicted no label are empty, and Lines drops empty lines: count them from the raw output.
        string stdout = TaxonProcess.Run("predict", "--model", modelPath, "--data", arff).Stdout;
        Assert.Equal(GeneratedDataSets.BlobTestRows, stdout.Split('\n').Length - 1);
        Assert.All(sets, line => Assert.Subset(GeneratedDataSets.LabelNames.ToHashSet(), line.Split(',').ToHashSet()));

        string[] probabilities = TaxonProcess.Run("predict", "--model", modelPath, "--data", arff, "--proba").Lines;
        string[] top1 = TaxonProcess.Run("predict", "--model", modelPath, "--data", arff, "--top-k", "1").Lines;
        string[] top2 = TaxonProcess.Run("predict", "--model", modelPath, "--data", arff, "--top-k", "2").Lines;
        Assert.Equal(GeneratedDataSets.BlobTestRows, probabilities.Length);
        Assert.Equal(GeneratedDataSets.BlobTestRows, top1.Length);
        Assert.Equal(GeneratedDataSets.BlobTestRows, top2.Length);
        for (int i = 0; i < probabilities.Length; i++)
        {
            (string Label, double P)[] pairs = Probabilities(probabilities[i]);
            Assert.Equal(GeneratedDataSets.LabelNames, pairs.Select(p => p.Label));
            Assert.All(pairs, p => Assert.InRange(p.P, 0.0, 1.0));
            string[] two = top2[i].Split(',');
            Assert.Equal(2, two.Distinct().Count());
            Assert.Equal(top1[i], two[0]);
            // The k most probable: none left out is more probable than one taken (up to the printed rounding).
            double lowestTaken = two.Min(label => pairs.Single(p => p.Label == label).P);
            Assert.All(pairs.Where(p => !two.Contains(p.Label)), p => Assert.True(p.P <= lowestTaken + 1e-6, probabilities[i]));
        }
    }

    [Fact]
    public void Multi_label_csv_models_predict_on_files_with_empty_label_sets()
    {
        string modelPath = Train("logreg", data.MultiLabelCsv, ["--label-separator", "|"]);
        Assert.Contains(",\n", File.ReadAllText(data.MultiLabelCsvTest), StringComparison.Ordinal);
        CommandResult run = TaxonProcess.Run("predict", "--model", modelPath, "--data", data.MultiLabelCsvTest);
        run.AssertSucceeded();
        Assert.Equal(GeneratedDataSets.BlobTestRows, run.Stdout.Split('\n').Length - 1);
    }

    private string Train(string model, string dataPath, string[]? options = null)
    {
        string modelPath = data.PathFor($"{Path.GetFileName(dataPath)}-{model}-{Guid.NewGuid():N}.taxon");
        TaxonProcess.Run([
            "train", "--data", dataPath, "--model", model, .. options ?? [], "--epochs", "20", "--lr", "0.01", "--out", modelPath, "--json"]).AssertSucceeded();
        return modelPath;
    }

    /// <summary>The <c>label:p</c> pairs of a <c>predict --proba</c> line.</summary>
    private static (string Label, double P)[] Probabilities(string line) =>
        [.. line.Split(' ').Select(pair =>
        {
            int colon = pair.LastIndexOf(':');
            Assert.True(colon > 0, $"not label:probability: '{pair}' in '{line}'");
            return (pair[..colon], double.Parse(pair[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture));
        })];
}
