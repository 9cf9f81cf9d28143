using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Taxon.Classification.Data;
using Taxon.Classification.Metrics;
using Taxon.Classification.Models;
using Taxon.Kernels;
using Taxon.Tuning;
using Taxon.Tuning.Pruners;
using Taxon.Tuning.Samplers;
using Taxon.Tuning.Storages;

namespace Taxon.Cli;

/// <summary>
/// <c>taxon tune</c>: searches a model's default hyperparameter space (<see cref="SearchSpace"/>) with a study:
/// each trial fits on the training data and is scored on the validation data (<c>--test</c>, or a stratified 20%
/// of <c>--data</c>); networks report per-epoch validation accuracy for the pruner. Processes given the same
/// <c>--storage</c> and <c>--study</c> cooperate on one study; <c>--trials N</c> counts the study's finished trials
/// across all of them. A row per finished trial goes to stderr; the last stdout line is one JSON object.
/// </summary>
internal static class TuneCommand
{
    private static readonly string[] Metrics = ["accuracy", "f1_macro", "f1_micro", "roc_auc", "log_loss", "f1_samples", "hamming_loss", "subset_accuracy"];

    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Training data (CSV/TSV, JSON Lines, LIBSVM, ARFF).", Required = true };
        var test = new Option<string?>("--test") { Description = "Validation data scoring each trial; without it a stratified 20% of --data is held out." };
        var model = new Option<string>("--model") { Description = $"The model to tune: {string.Join(", ", ModelCatalog.Models)}.", DefaultValueFactory = _ => ModelCatalog.DefaultModel };
        var multilabel = new Option<string?>("--multilabel") { Description = "Multi-label data: the strategy (br, chain, ensemble-chain) around the tuned model." };
        multilabel.AcceptOnlyFromAmong("br", "chain", "ensemble-chain");
        var metric = new Option<string?>("--metric") { Description = "The score to optimise: accuracy, f1_macro (default single-label), f1_micro, roc_auc (binary), log_loss; multi-label f1_samples (default), f1_micro, f1_macro, hamming_loss, subset_accuracy." };
        metric.AcceptOnlyFromAmong(Metrics);
        var trials = new Option<int?>("--trials") { Description = "Stop when the study has this many finished trials, counting every worker's.", CustomParser = r => OptionParsing.Int(r, "--trials") };
        var timeout = new Option<double?>("--timeout") { Description = "Stop starting trials after this many seconds.", CustomParser = r => OptionParsing.Positive(r, "--timeout") };
        var storage = new Option<string?>("--storage") { Description = "Where the study lives: journal:PATH (shared by the processes of a machine), redis://HOST:PORT[/DB] (shared by many machines) or memory (default)." };
        var studyName = new Option<string?>("--study") { Description = "The study's name (default: taxon-MODEL); workers with the same storage and name cooperate." };
        var sampler = new Option<string>("--sampler") { Description = "tpe (default) or random.", DefaultValueFactory = _ => "tpe" };
        sampler.AcceptOnlyFromAmong("tpe", "random");
        var pruner = new Option<string>("--pruner") { Description = "median (default), hyperband or none; prunes networks on their per-epoch validation scores.", DefaultValueFactory = _ => "median" };
        pruner.AcceptOnlyFromAmong("median", "hyperband", "none");
        var heartbeat = new Option<double?>("--heartbeat") { Description = "Seconds between a running trial's heartbeats; a trial silent for twice that is marked failed (its worker died).", CustomParser = r => OptionParsing.Positive(r, "--heartbeat") };
        var requeue = new Option<bool>("--requeue") { Description = "With --heartbeat: run a dead worker's trial again (same parameters) instead of only failing it." };
        var labelCount = new Option<int>("--label-count") { Description = "ARFF: the last N attributes are binary labels (MULAN's layout).", CustomParser = r => OptionParsing.Int(r, "--label-count") };
        var labelColumn = new Option<string?>("--label-column") { Description = "CSV/TSV/ARFF: the label column by name or 0-based index." };
        var labelSeparator = new Option<string?>("--label-separator") { Description = "CSV/TSV: the separator of several labels (multi-label data)." };
        var epochs = new Option<int?>("--epochs") { Description = "Networks: epochs per trial (default 10).", CustomParser = r => OptionParsing.Int(r, "--epochs") };
        var seed = new Option<ulong?>("--seed") { Description = "Seeds the sampler and the models, so one worker's study is reproducible; leave it out when several workers share a study, or they would suggest alike.", CustomParser = r => OptionParsing.Seed(r, "--seed") };
        var threads = new Option<int?>("--threads") { Description = "Threads for the kernels.", CustomParser = r => OptionParsing.Int(r, "--threads") };
        var output = new Option<string?>("--out") { Description = "Refit the best configuration on --data and save it here." };
        var json = new Option<bool>("--json") { Description = "Print only the JSON line on stdout (trial rows still go to stderr)." };
        var command = new Command("tune", "Search a model's hyperparameters (TPE, pruning; studies shared by many processes through a journal file).");
        foreach (Option o in new Option[] { data, test, model, multilabel, metric, trials, timeout, storage, studyName, sampler, pruner, heartbeat, requeue, labelCount, labelColumn, labelSeparator, epochs, seed, threads, output, json })
        {
            command.Options.Add(o);
        }
        command.SetAction(parseResult => EvaluationOutput.Guard("tune", () =>
        {
            if (parseResult.GetValue(threads) is int t)
            {
                Parallelism.MaxThreads = t;
            }
            return Run(new Arguments(
                parseResult.GetValue(data)!, parseResult.GetValue(test), ModelCatalog.Check("--model", parseResult.GetValue(model)!, ModelCatalog.Models),
                parseResult.GetValue(multilabel), parseResult.GetValue(metric), parseResult.GetValue(trials), parseResult.GetValue(timeout),
                parseResult.GetValue(storage), parseResult.GetValue(studyName), parseResult.GetValue(sampler)!, parseResult.GetValue(pruner)!,
                parseResult.GetValue(heartbeat), parseResult.GetValue(requeue),
                new DataReaderOptions
                {
                    LabelCount = parseResult.GetValue(labelCount),
                    LabelColumn = parseResult.GetValue(labelColumn),
                    LabelSeparator = parseResult.GetValue(labelSeparator),
                },
                parseResult.GetValue(epochs), parseResult.GetValue(seed), parseResult.GetValue(output), parseResult.GetValue(json)));
        }));
        return command;
    }

    private sealed record Arguments(
        string Data, string? Test, string Model, string? Multilabel, string? Metric, int? Trials, double? Timeout, string? Storage,
        string? Study, string Sampler, string Pruner, double? Heartbeat, bool Requeue, DataReaderOptions Reading, int? Epochs, ulong? Seed,
        string? Out, bool Json);

    private static int Run(Arguments a)
    {
        using var interrupt = new InterruptSignal();
        if (a.Out is not null)
        {
            TrainCommand.CheckWritable(a.Out);
        }
        if (a.Trials is null && a.Timeout is null)
        {
            throw new ArgumentException("give --trials N or --timeout S (or both), or the study would run forever.");
        }
        ulong modelSeed = a.Seed ?? 0;
        var (train, validation) = TabularTraining.Read(a.Data, a.Test, 0.2, a.Multilabel is null ? null : "multilabel", a.Reading, modelSeed);
        string task = TabularTraining.InferTask(train, null);
        string metric = a.Metric ?? (task == "multilabel" ? "f1_samples" : "f1_macro");
        bool multiMetric = metric is "f1_samples" or "hamming_loss" or "subset_accuracy";
        if ((task == "multilabel") != multiMetric && metric is not ("f1_micro" or "f1_macro"))
        {
            throw new ArgumentException($"--metric {metric}: does not apply to {task} data.");
        }
        if (metric == "roc_auc" && task != "binary")
        {
            throw new ArgumentException($"--metric roc_auc: needs two classes; this data is {task}.");
        }
        bool minimise = metric is "log_loss" or "hamming_loss";
        long seed = a.Seed is ulong s ? unchecked((long)s) : 0;
        IStudyStorage storage = StudyStorageUrl.Open(a.Storage);
        using var closeStorage = storage as IDisposable;
        var study = Study.Create(new StudyOptions
        {
            Name = a.Study ?? $"taxon-{a.Model}",
            Direction = minimise ? StudyDirection.Minimize : StudyDirection.Maximize,
            Storage = storage,
            Sampler = a.Sampler == "random"
                ? new RandomSampler(a.Seed is null ? null : seed)
                : new TpeSampler(new TpeSamplerOptions { Seed = a.Seed is null ? null : seed }),
            Pruner = a.Pruner switch { "hyperband" => new HyperbandPruner(), "none" => new NopPruner(), _ => new MedianPruner() },
            LoadIfExists = true,
        });
        var baseline = new ModelCatalog { Seed = modelSeed, Epochs = a.Epochs };
        string strategy = a.Multilabel ?? ModelCatalog.DefaultMultilabel;

        Console.Error.WriteLine($"study '{study.Name}' ({(minimise ? "minimise" : "maximise")} {metric}), model {a.Model}{(task == "multilabel" ? "+" + strategy : "")}, {train.Count} training and {validation.Count} validation samples");
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"trial",6} {"state",-9} {"value",10} {"best",10} {"seconds",8}  params"));
        long start = Stopwatch.GetTimestamp();
        study.Optimize(trial =>
        {
            ModelCatalog catalog = SearchSpace.Suggest(trial, a.Model, baseline);
            if (a.Model == "mlp")
            {
                // Per-epoch validation accuracy feeds the pruner; a pruned trial stops mid-training.
                catalog = catalog with
                {
                    ValidationFraction = 0.1,
                    Progress = new EpochReporter(trial, minimise),
                };
            }
            Model fitted = Fit(catalog, task, a.Model, strategy, train, interrupt.Token);
            return Score(fitted, validation, metric);
        }, new OptimizeOptions
        {
            StudyTrials = a.Trials,
            Timeout = a.Timeout is double t ? TimeSpan.FromSeconds(t) : null,
            HeartbeatInterval = a.Heartbeat is double h ? TimeSpan.FromSeconds(h) : null,
            GracePeriod = a.Heartbeat is double g ? TimeSpan.FromSeconds(2 * g) : null,
            RequeueStaleTrials = a.Requeue,
            Catch = [typeof(ArgumentException), typeof(InvalidOperationException)],
            TrialFinished = (s, trial) => Console.Error.WriteLine(Row(s, trial)),
        }, interrupt.Token);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        IReadOnlyList<FrozenTrial> all = study.Trials;
        FrozenTrial? best = all.Any(t => t.State == TrialState.Complete) ? study.BestTrial : null;
        if (!a.Json)
        {
            Console.WriteLine(study.FormatSummary());
        }
        if (a.Out is not null)
        {
            if (best is null)
            {
                throw new InvalidOperationException($"--out {a.Out}: no trial completed, so there is no best configuration to refit.");
            }
            ModelCatalog catalog = SearchSpace.Apply(best.Params, a.Model, baseline);
            Fit(catalog, task, a.Model, strategy, train, interrupt.Token).Save(a.Out);
        }
        JsonLine.Write(w =>
        {
            w.WriteString("study", study.Name);
            w.WriteString("model", a.Model);
            w.WriteString("metric", metric);
            if (best is not null)
            {
                w.Number("best_value", best.Value!.Value, 6);
                w.WriteNumber("best_trial", best.Number);
                w.WriteStartObject("best_params");
                WriteParams(w, best.Params);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("best_value");
            }
            w.WriteNumber("n_trials", all.Count(t => t.State.IsFinished()));
            w.WriteNumber("n_complete", all.Count(t => t.State == TrialState.Complete));
            w.WriteNumber("n_pruned", all.Count(t => t.State == TrialState.Pruned));
            w.WriteNumber("n_failed", all.Count(t => t.State == TrialState.Failed));
            w.Number("seconds", seconds, 3);
            if (a.Out is not null)
            {
                w.WriteString("model_path", Path.GetFullPath(a.Out));
            }
        });
        return 0;
    }

    private static Model Fit(ModelCatalog catalog, string task, string model, string strategy, LabeledData train, CancellationToken cancellationToken) =>
        task == "multilabel"
            ? catalog.MultiLabel(strategy, model, train.Features).Fit(train, cancellationToken)
            : catalog.SingleLabel(model, null, train.Features).Fit(train, cancellationToken);

    private static double Score(Model model, LabeledData validation, string metric)
    {
        if (model is MultiLabelModel multi)
        {
            MultiLabelReport r = MultiLabelMetrics.Report(validation.LabelSets, multi.Predict(validation.Features), multi.Labels);
            return metric switch
            {
                "hamming_loss" => r.HammingLoss,
                "subset_accuracy" => r.SubsetAccuracy,
                "f1_micro" => r.MicroF1,
                "f1_macro" => r.MacroF1,
                _ => r.SamplesF1,
            };
        }
        var classifier = (ClassifierModel)model;
        switch (metric)
        {
            case "roc_auc":
                double[,] p = classifier.PredictProba(validation.Features);
                var positive = new double[validation.Count];
                for (int i = 0; i < positive.Length; i++)
                {
                    positive[i] = p[i, 1];
                }
                return ClassificationMetrics.RocAuc(classifier.EncodeLabels(validation), positive);
            case "log_loss":
                return ClassificationMetrics.LogLoss(validation.Labels, classifier.PredictProba(validation.Features), classifier.Classes);
            default:
                ClassificationReport report = classifier.Evaluate(validation);
                return metric switch
                {
                    "accuracy" => report.Accuracy,
                    "f1_micro" => report.MicroF1,
                    _ => report.MacroF1,
                };
        }
    }

    private static string Row(Study study, FrozenTrial trial)
    {
        double? best = study.Trials.Any(t => t.State == TrialState.Complete) ? study.BestValue : null;
        string parameters = string.Join(" ", trial.Params.Select(p => $"{p.Key}={Format(p.Value)}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{trial.Number,6} {trial.State.ToString().ToLowerInvariant(),-9} {trial.Value?.ToString("G6", CultureInfo.InvariantCulture) ?? "-",10} {best?.ToString("G6", CultureInfo.InvariantCulture) ?? "-",10} {trial.Duration?.TotalSeconds ?? 0,8:F2}  {parameters}");
    }

    private static string Format(object? value) => value switch
    {
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        null => "null",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    internal static void WriteParams(Utf8JsonWriter w, IReadOnlyDictionary<string, object?> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            switch (value)
            {
                case null:
                    w.WriteNull(name);
                    break;
                case string text:
                    w.WriteString(name, text);
                    break;
                case bool flag:
                    w.WriteBoolean(name, flag);
                    break;
                case int or long:
                    w.WriteNumber(name, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    break;
                default:
                    w.WriteNumber(name, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                    break;
            }
        }
    }

    /// <summary>Reports each epoch's validation accuracy (its complement when minimising) to the trial and prunes when told.</summary>
    private sealed class EpochReporter(Trial trial, bool minimise) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.EpochCompleted && value.ValidationAccuracy is double accuracy)
            {
                trial.Report(minimise ? 1 - accuracy : accuracy, value.Epoch);
                trial.PruneIfNeeded();
            }
        }
    }
}
