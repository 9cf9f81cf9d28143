using System.Text.Json;

namespace Taxon.Cli.Tests;

/// <summary>
/// <c>taxon tune</c> and <c>taxon study show</c>: the JSON line's fields, a study shared by worker processes through
/// one journal file (trial numbers unique and complete, <c>--trials</c> counted study-wide), refitting the best
/// configuration, and errors.
/// </summary>
public sealed class TuneCommandTests(GeneratedDataSets data) : IClassFixture<GeneratedDataSets>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("taxon-tune-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Tune_prints_the_best_configuration_and_the_trial_counts()
    {
        string model = Path.Combine(_dir, "best.taxon");
        JsonElement json = TaxonProcess.Run("tune", "--data", data.Blobs, "--model", "logreg", "--trials", "6", "--seed", "3", "--out", model, "--json").Json;
        Assert.Equal("taxon-logreg", json.GetProperty("study").GetString());
        Assert.Equal("f1_macro", json.GetProperty("metric").GetString());
        Assert.InRange(json.GetProperty("best_value").GetDouble(), 0.5, 1.0);
        Assert.InRange(json.GetProperty("best_params").GetProperty("c").GetDouble(), 1e-3, 1e3);
        Assert.Equal(6, json.GetProperty("n_trials").GetInt32());
        Assert.Equal(0, json.GetProperty("n_failed").GetInt32());
        Assert.True(json.TryGetProperty("seconds", out _));
        Assert.True(File.Exists(model));
        TaxonProcess.Run("predict", "--model", model, "--data", data.BlobsTest).AssertSucceeded();
    }

    [Fact]
    public async Task Workers_sharing_a_journal_run_exactly_the_requested_trials_with_unique_numbers()
    {
        string journal = "journal:" + Path.Combine(_dir, "shared.journal");
        Task<CommandResult>[] workers = [.. Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
            TaxonProcess.Run("tune", "--data", data.Blobs, "--model", "knn", "--trials", "12", "--storage", journal, "--study", "shared", "--json")))];
        foreach (CommandResult result in await Task.WhenAll(workers))
        {
            result.AssertSucceeded();
        }
        JsonElement study = TaxonProcess.Run("study", "show", "--storage", journal, "--study", "shared", "--json").Json;
        int[] numbers = [.. study.GetProperty("trials").EnumerateArray().Select(t => t.GetProperty("number").GetInt32()).Order()];
        Assert.Equal(Enumerable.Range(0, 12), numbers);
        foreach (JsonElement t in study.GetProperty("trials").EnumerateArray())
        {
            Assert.Equal("complete", t.GetProperty("state").GetString());
            Assert.InRange(t.GetProperty("params").GetProperty("neighbors").GetInt32(), 1, 50);
        }
    }

    [Fact]
    public void Networks_report_epochs_and_may_be_pruned()
    {
        JsonElement json = TaxonProcess.Run("tune", "--data", data.Blobs, "--model", "mlp", "--epochs", "4", "--trials", "8", "--seed", "1", "--json").Json;
        Assert.Equal(8, json.GetProperty("n_trials").GetInt32());
        Assert.Equal(8, json.GetProperty("n_complete").GetInt32() + json.GetProperty("n_pruned").GetInt32());
    }

    [Fact]
    public void Mistakes_give_clear_errors()
    {
        TaxonProcess.Run("tune", "--data", data.Blobs, "--model", "logreg", "--json").AssertFailedWith("--trials", "--timeout");
        TaxonProcess.Run("tune", "--data", data.Blobs, "--trials", "2", "--metric", "roc_auc", "--json").AssertFailedWith("roc_auc", "two classes");
        TaxonProcess.Run("study", "show", "--storage", "journal:" + Path.Combine(_dir, "missing.journal")).AssertFailedWith("no such journal file");
        TaxonProcess.Run("tune", "--data", data.Blobs, "--trials", "2", "--storage", "sqlite:x.db").AssertFailedWith("--storage", "journal:PATH");
    }
}
