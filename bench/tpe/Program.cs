using System.Globalization;
using Taxon.Tuning;
using Taxon.Tuning.Benchmarks;
using Taxon.Tuning.Samplers;
using Taxon.Tuning.Storages;

// TpeBench [--function rosenbrock] [--dim 5] [--trials 200] [--seeds 0,1,2,3,4] [--sampler tpe|tpe-multivariate|random]
//          [--warmup]                 one JSON line (the format, plus medians)
// TpeBench --write-journal PATH      writes a small demo study for checking that Optuna reads Taxon's journal
var options = new TpeBenchmarkOptions();
bool warmup = false;
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--function": options = options with { Function = Next() }; break;
        case "--dim": options = options with { Dimensions = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
        case "--trials":
            int trials = int.Parse(Next(), CultureInfo.InvariantCulture);
            options = options with { Trials = trials, Checkpoints = [.. new[] { 50, 100, 200 }.Where(c => c < trials), trials] };
            break;
        case "--seeds": options = options with { Seeds = [.. Next().Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture))] }; break;
        case "--sampler": options = options with { Sampler = Next() }; break;
        case "--warmup": warmup = true; break;
        case "--write-journal": WriteDemoJournal(Next()); return;
        default: throw new ArgumentException($"unknown option {args[i]}");
    }
}
if (warmup)
{
    // Tiered compilation: one throw-away study so that the timed ones run optimised code.
    TpeBenchmark.Run(options with { Seeds = [99, 98, 97] });
}
Console.WriteLine(TpeBenchmark.ToJson(TpeBenchmark.Run(options), options));

static void WriteDemoJournal(string path)
{
    var study = Study.Create(new StudyOptions
    {
        Name = "taxon-demo",
        Storage = new JournalFileStorage(path),
        Sampler = new TpeSampler(new TpeSamplerOptions { Seed = 1 }),
        Direction = StudyDirection.Minimize,
    });
    study.SetUserAttr("written_by", "taxon");
    study.EnqueueTrial(new Dictionary<string, object?> { ["x"] = 0.25, ["opt"] = "adam" });
    study.Optimize(t =>
    {
        double x = t.SuggestFloat("x", -1, 1);
        double lr = t.SuggestFloat("lr", 1e-4, 1e-1, log: true);
        double d = t.SuggestFloat("d", 0, 1, step: 0.25);
        int n = t.SuggestInt("n", 1, 9, step: 2);
        int u = t.SuggestInt("u", 1, 128, log: true);
        string opt = t.SuggestCategorical("opt", ["sgd", "adam", "rmsprop"]);
        t.SetUserAttr("tag", opt);
        for (int step = 0; step < 3; step++)
        {
            t.Report(x * x + step, step);
        }
        if (t.Number == 3)
        {
            throw new TrialPrunedException();
        }
        return x * x + lr + d + n + u;
    }, new OptimizeOptions { Trials = 15, Catch = [typeof(InvalidOperationException)], HeartbeatInterval = TimeSpan.FromSeconds(30) });
    var failing = study.Ask();
    failing.SuggestFloat("x", -1, 1);
    study.Tell(failing, TrialState.Failed);
    Console.WriteLine(study.FormatSummary(5));
}
