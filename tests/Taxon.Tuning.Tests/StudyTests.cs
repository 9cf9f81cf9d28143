using Taxon.Tuning.Pruners;
using Taxon.Tuning.Samplers;

namespace Taxon.Tuning.Tests;

public class StudyTests
{
    private static Study NewStudy(StudyDirection direction = StudyDirection.Minimize, IPruner? pruner = null) =>
        Study.Create(new StudyOptions { Name = "s", Direction = direction, Sampler = new RandomSampler(3), Pruner = pruner ?? new NopPruner() });

    [Fact]
    public void OptimizeRunsTheBudgetAndFindsTheBestTrial()
    {
        var study = NewStudy(StudyDirection.Maximize);
        study.Optimize(t => -Math.Pow(t.SuggestFloat("x", -1, 1) - 0.3, 2), new OptimizeOptions { Trials = 30 });
        Assert.Equal(30, study.Trials.Count);
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
        double best = study.Trials.Max(t => t.Value!.Value);
        Assert.Equal(best, study.BestValue);
        Assert.Equal(best, study.BestTrial.Value);
        Assert.Equal(study.BestTrial.Params["x"], study.BestParams["x"]);
        Assert.Equal(Enumerable.Range(0, 30), study.Trials.Select(t => t.Number));
    }

    [Fact]
    public void BestTrialWithoutCompleteTrialsIsAClearError()
    {
        var study = NewStudy();
        Assert.Contains("no complete trial", Assert.Throws<InvalidOperationException>(() => study.BestTrial).Message);
    }

    [Fact]
    public void AskTellRecordsStatesValuesAndAttributes()
    {
        var study = NewStudy();
        var a = study.Ask();
        a.SuggestFloat("x", 0, 1);
        a.SetUserAttr("note", "first");
        a.Report(0.5, 0);
        a.Report(0.25, 1);
        a.Report(9, 1);                       // a step reported twice keeps its first value
        study.Tell(a, TrialState.Pruned);
        var b = study.Ask();
        study.Tell(b, double.NaN);            // NaN fails the trial, as in Optuna
        var c = study.Ask();
        study.Tell(c, 2.0);
        var trials = study.Trials;
        Assert.Equal(TrialState.Pruned, trials[0].State);
        Assert.Equal(0.25, trials[0].Value);  // a pruned trial keeps its last report
        Assert.Equal("first", trials[0].UserAttrs["note"]);
        Assert.Equal(new Dictionary<int, double> { [0] = 0.5, [1] = 0.25 }, trials[0].IntermediateValues);
        Assert.Equal(TrialState.Failed, trials[1].State);
        Assert.Null(trials[1].Value);
        Assert.Equal(2.0, study.BestValue);
        Assert.Throws<InvalidOperationException>(() => study.Tell(c, 3.0));
    }

    [Fact]
    public void ExceptionsFailTheTrialAndStopUnlessCaught()
    {
        var study = NewStudy();
        Assert.Throws<InvalidDataException>(() => study.Optimize(_ => throw new InvalidDataException("boom"), new OptimizeOptions { Trials = 5 }));
        Assert.Single(study.Trials);
        Assert.Equal(TrialState.Failed, study.Trials[0].State);
        int calls = 0;
        study.Optimize(t => ++calls % 2 == 0 ? throw new InvalidDataException("odd") : 1.0,
            new OptimizeOptions { Trials = 4, Catch = [typeof(InvalidDataException)] });
        Assert.Equal(5, study.Trials.Count);
        Assert.Equal(3, study.Trials.Count(t => t.State == TrialState.Failed));
    }

    [Fact]
    public void PrunedSignalEndsTheTrialAsPruned()
    {
        var study = NewStudy(pruner: new MedianPruner(new PercentilePrunerOptions { StartupTrials = 2 }));
        var finished = new List<FrozenTrial>();
        // Trial i reports i at every step: from the third on it is worse than the median of the first two.
        study.Optimize(t =>
        {
            for (int step = 0; step < 5; step++)
            {
                t.Report(t.Number, step);
                t.PruneIfNeeded();
            }
            return t.Number;
        }, new OptimizeOptions { Trials = 5, TrialFinished = (_, f) => finished.Add(f) });
        Assert.Equal(new[] { TrialState.Complete, TrialState.Complete, TrialState.Pruned, TrialState.Pruned, TrialState.Pruned }, study.Trials.Select(t => t.State));
        Assert.All(study.Trials.Skip(2), t => Assert.Equal(0, t.LastStep));
        Assert.Equal(5, finished.Count);
    }

    [Fact]
    public void EnqueuedParametersAreUsedFirstAndOnlyOnce()
    {
        var study = NewStudy();
        study.EnqueueTrial(new Dictionary<string, object?> { ["x"] = 0.125, ["opt"] = "adam", ["n"] = 4 });
        study.EnqueueTrial(new Dictionary<string, object?> { ["x"] = 0.125, ["opt"] = "adam", ["n"] = 4 }, skipIfExists: true);
        Assert.Single(study.Trials);
        Assert.Equal(TrialState.Waiting, study.Trials[0].State);
        var seen = new List<(double, string, int)>();
        study.Optimize(t =>
        {
            seen.Add((t.SuggestFloat("x", 0, 1), t.SuggestCategorical("opt", ["sgd", "adam"]), t.SuggestInt("n", 1, 8)));
            return 0;
        }, new OptimizeOptions { Trials = 3 });
        Assert.Equal((0.125, "adam", 4), seen[0]);
        Assert.Equal(3, study.Trials.Count);
        Assert.DoesNotContain(study.Trials, t => t.State == TrialState.Waiting);
    }

    [Fact]
    public void TimeoutCancellationAndStopEndTheLoop()
    {
        var study = NewStudy();
        study.Optimize(_ => 1, new OptimizeOptions { Timeout = TimeSpan.Zero });
        Assert.Empty(study.Trials);
        using var cts = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => study.Optimize(t =>
        {
            if (t.Number == 2)
            {
                cts.Cancel();
            }
            return 1;
        }, cancellationToken: cts.Token));
        Assert.Equal(3, study.Trials.Count);
        study.Optimize(t =>
        {
            if (t.Number == 5)
            {
                t.Study.Stop();
            }
            return 1;
        });
        Assert.Equal(6, study.Trials.Count);
    }

    [Fact]
    public void ParallelJobsShareTheBudgetAndStudyTrialsIsExact()
    {
        var study = NewStudy();
        study.Optimize(t => t.SuggestFloat("x", 0, 1), new OptimizeOptions { Trials = 40, Jobs = 4 });
        Assert.Equal(40, study.Trials.Count);
        study.Optimize(t => t.SuggestFloat("x", 0, 1), new OptimizeOptions { StudyTrials = 50, Jobs = 3 });
        Assert.Equal(50, study.Trials.Count);
        Assert.Equal(Enumerable.Range(0, 50), study.Trials.Select(t => t.Number).Order());
    }

    [Fact]
    public void LoadIfExistsReopensAndCreateRefusesADuplicate()
    {
        var storage = new Storages.InMemoryStorage();
        var first = Study.Create(new StudyOptions { Name = "shared", Storage = storage, Direction = StudyDirection.Maximize, Sampler = new RandomSampler(1) });
        first.Optimize(_ => 1, new OptimizeOptions { Trials = 2 });
        Assert.Throws<Storages.DuplicateStudyException>(() => Study.Create(new StudyOptions { Name = "shared", Storage = storage }));
        var again = Study.Create(new StudyOptions { Name = "shared", Storage = storage, LoadIfExists = true });
        Assert.Equal(StudyDirection.Maximize, again.Direction);
        Assert.Equal(2, again.Trials.Count);
        Assert.Equal(2, Study.Load("shared", storage).Trials.Count);
        Assert.Throws<KeyNotFoundException>(() => Study.Load("missing", storage));
    }

    [Fact]
    public void SummaryTableListsTrialsAndTheBest()
    {
        var study = NewStudy();
        study.Optimize(t => t.SuggestFloat("x", 0, 1) + t.SuggestInt("n", 1, 3), new OptimizeOptions { Trials = 3 });
        string summary = study.FormatSummary();
        var lines = summary.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Study 's' (minimize): 3 trials, 3 complete", lines[0]);
        Assert.Contains($"best: trial {study.BestTrial.Number}", lines[0]);
        Assert.Equal(["number", "state", "value", "seconds", "x", "n"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public void GridSamplerVisitsEveryPointOnceThenStops()
    {
        var space = new Dictionary<string, IReadOnlyList<object?>> { ["x"] = [0.0, 0.5, 1.0], ["opt"] = ["a", "b"] };
        var study = Study.Create(new StudyOptions { Sampler = new GridSampler(space, seed: 4), Pruner = new NopPruner() });
        var points = new List<(double, string)>();
        study.Optimize(t =>
        {
            points.Add((t.SuggestFloat("x", 0, 1), t.SuggestCategorical("opt", ["a", "b"])));
            return 0;
        }, new OptimizeOptions { Trials = 100 });
        Assert.Equal(6, points.Count);
        Assert.Equal(6, points.Distinct().Count());
    }
}
