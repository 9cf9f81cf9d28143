using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Taxon.Classification.Data;
using Taxon.Classification.ModelSelection;
using Taxon.Classification.Models;
using Taxon.Kernels;

namespace Taxon.Cli;

/// <summary>
/// <c>taxon train</c> on a data file (CSV/TSV, JSON Lines, LIBSVM, ARFF): reads it, infers the task (multi-label when
/// samples carry label sets, binary with two classes, else multi-class), fits the chosen estimator, evaluates it on
/// the test file or a stratified hold-out, optionally saves it, and ends with one JSON line.
/// </summary>
internal static class TabularTraining
{
    public sealed record Arguments(
        string Data, string? Test, double TestFraction, string? Task, string? Model, string? Multiclass, string? Multilabel,
        DataReaderOptions Reading, ModelCatalog Catalog, string? Out, bool Json, TextModelCatalog? Text = null);

    public static int Run(Arguments a)
    {
        using var interrupt = new InterruptSignal();
        if (a.Out is not null)
        {
            TrainCommand.CheckWritable(a.Out);
        }
        long loadStart = Stopwatch.GetTimestamp();
        var (train, test) = Read(a.Data, a.Test, a.TestFraction, a.Task, a.Reading, a.Catalog.Seed);
        double loadSeconds = Stopwatch.GetElapsedTime(loadStart).TotalSeconds;
        if (!train.HasFeatures)
        {
            return TextTraining.Run(a, a.Text ?? new TextModelCatalog { Classic = a.Catalog }, train, test, loadSeconds, interrupt.Token);
        }
        if (a.Text?.TextOnlyOption() is string textOnly)
        {
            throw new ArgumentException($"{textOnly}: applies to text data; {a.Data} holds numeric features.");
        }

        string task = InferTask(train, a.Task);
        string model = a.Model is null ? ModelCatalog.DefaultModel : ModelCatalog.Check("--model", a.Model, ModelCatalog.Models);
        string name;
        Model fitted;
        long fitStart = Stopwatch.GetTimestamp();
        if (task == "multilabel")
        {
            if (a.Multiclass is not null)
            {
                throw new ArgumentException("--multiclass: applies to single-label tasks; this data is multi-label (use --multilabel).");
            }
            string strategy = a.Multilabel ?? ModelCatalog.DefaultMultilabel;
            name = strategy == "net" ? "net" : $"{model}+{strategy}";
            fitted = a.Catalog.MultiLabel(strategy, model, train.Features).Fit(train, interrupt.Token);
        }
        else
        {
            if (a.Multilabel is not null)
            {
                throw new ArgumentException($"--multilabel: applies to multi-label tasks; this data is {task} (one label per sample).");
            }
            name = a.Multiclass is null ? model : $"{model}+{a.Multiclass}";
            fitted = a.Catalog.SingleLabel(model, a.Multiclass, train.Features).Fit(train, interrupt.Token);
        }
        double trainSeconds = Stopwatch.GetElapsedTime(fitStart).TotalSeconds;
        return Finish(a, fitted, name, task, train, test, loadSeconds, trainSeconds,
            string.Create(CultureInfo.InvariantCulture, $"{name} ({task}): {train.Count} training and {test.Count} test samples, {train.Features.Columns} features, fitted in {trainSeconds:F3} s"),
            w => w.WriteNumber("n_features", train.Features.Columns));
    }

    /// <summary>
    /// The end every <c>taxon train</c> on a data file shares, tabular or text: evaluates the fitted model on the test
    /// data, saves it when asked, prints <paramref name="summary"/> and the report (unless <c>--json</c>), and writes
    /// the JSON line; <paramref name="dataFields"/> adds what describes the data after <c>n_test</c>.
    /// </summary>
    internal static int Finish(Arguments a, Model fitted, string name, string task, LabeledData train, LabeledData test,
        double loadSeconds, double trainSeconds, string summary, Action<Utf8JsonWriter> dataFields)
    {
        long evalStart = Stopwatch.GetTimestamp();
        TabularEvaluation evaluation = TabularEvaluation.Of(fitted, test);
        double evalSeconds = Stopwatch.GetElapsedTime(evalStart).TotalSeconds;
        if (a.Out is not null)
        {
            fitted.Save(a.Out);
        }
        if (!a.Json)
        {
            Console.WriteLine(summary);
            evaluation.Print();
            if (a.Out is not null)
            {
                Console.WriteLine($"saved {Path.GetFullPath(a.Out)}");
            }
        }
        JsonLine.Write(w =>
        {
            w.WriteString("model", name);
            w.WriteString("task", task);
            w.WriteNumber("n_train", train.Count);
            w.WriteNumber("n_test", test.Count);
            dataFields(w);
            w.Number("train_seconds", trainSeconds, 4);
            w.Number("load_seconds", loadSeconds, 4);
            w.Number("eval_seconds", evalSeconds, 4);
            w.WriteNumber("threads", Parallelism.MaxThreads);
            w.WriteNumber("seed", a.Catalog.Seed);
            evaluation.Write(w);
            if (a.Out is not null)
            {
                w.WriteString("model_path", Path.GetFullPath(a.Out));
            }
        });
        return 0;
    }

    /// <summary>
    /// Reads the training file and the test file (read at the training width for sparse formats), or holds out a
    /// stratified <paramref name="testFraction"/> of the training file when no test file is given.
    /// </summary>
    public static (LabeledData Train, LabeledData Test) Read(string data, string? testPath, double testFraction, string? task, DataReaderOptions given, ulong seed)
    {
        DataReaderOptions reading = given with { MultiLabel = task switch { "multilabel" => true, null => null, _ => false } };
        if (task == "multilabel" && DataReader.FormatOf(data) == DataFormat.Arff && reading.LabelCount == 0)
        {
            throw new ArgumentException($"--data {data}: a multi-label ARFF file needs --label-count N (the last N attributes are the labels, as MULAN lays them out).");
        }
        LabeledData all = DataReader.Read(data, reading);
        if (testPath is null)
        {
            return StratifiedSplit.TrainTest(all, testFraction, seed).Apply(all);
        }
        if (!all.HasFeatures)
        {
            // Test texts are read as the training texts were: as e-mail when those were.
            LabeledData testTexts = DataReader.Read(testPath, reading with { Email = all.EmailText is not null, EmailText = all.EmailText ?? reading.EmailText });
            if (testTexts.HasFeatures)
            {
                throw new ArgumentException($"{testTexts.Source}: holds numeric features, but {all.Source} holds texts.");
            }
            return (all, testTexts);
        }
        LabeledData test = DataReader.Read(testPath, reading with { Columns = all.Features.IsSparse ? all.Features.Columns : null });
        if (test.HasFeatures && test.Features.Columns != all.Features.Columns)
        {
            throw new ArgumentException($"{test.Source}: has {test.Features.Columns} features, but {all.Source} has {all.Features.Columns}.");
        }
        return (all, test);
    }

    /// <summary>The task of the training data, checked against <c>--task</c> when given.</summary>
    internal static string InferTask(LabeledData train, string? asked)
    {
        string task = train.IsMultiLabel ? "multilabel" : LabelOrder.Distinct(train.Labels).Length == 2 ? "binary" : "multiclass";
        if (asked is not null && asked != task && !(asked == "multiclass" && task == "binary"))
        {
            throw new ArgumentException(asked == "binary" && task == "multiclass"
                ? $"--task binary: {train.Source} has {LabelOrder.Distinct(train.Labels).Length} classes; binary needs exactly 2."
                : $"--task {asked}: {train.Source} is {task} data.");
        }
        return asked ?? task;
    }
}
