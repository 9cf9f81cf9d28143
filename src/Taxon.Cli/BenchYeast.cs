using System.CommandLine;
using System.Diagnostics;
using Taxon.Classification.Data;
using Taxon.Classification.Metrics;
using Taxon.Classification.Models;
using Taxon.Classification.Multilabel;
using Taxon.Kernels;

namespace Taxon.Cli;

/// <summary>
/// <c>taxon bench yeast</c>: the classification core's quality and speed check on the MULAN yeast data. Fits binary
/// relevance and a classifier chain (label order) over <see cref="LogisticRegression"/> with its defaults — the
/// same models as scikit-learn's <c>OneVsRestClassifier(LogisticRegression())</c> and
/// <c>ClassifierChain(LogisticRegression())</c> in <c>bench/yeast/yeast_sklearn.py</c> — and prints one JSON line:
/// <c>{"bench":"yeast","results":[{"model":"br","hamming_loss":..,"f1_samples":..,..,"fit_seconds":..},...]}</c>.
/// fit_seconds is the best of <c>--repeats</c> fits in this process (the first pays for JIT compilation, as
/// Python's first fit pays for imports; both sides report a warm fit).
/// </summary>
internal static class BenchYeast
{
    private const int LabelCount = 14;

    public static Command CreateCommand()
    {
        var dataRoot = new Option<string?>("--data-root") { Description = "Folder holding yeast/ (default: ../shared/data beside the repository)." };
        var repeats = new Option<int>("--repeats") { Description = "Fits per model; the best time is reported.", DefaultValueFactory = _ => 5, CustomParser = r => OptionParsing.Int(r, "--repeats") };
        var threads = new Option<int?>("--threads") { Description = "Threads (default: all processors, or TAXON_NUM_THREADS).", CustomParser = r => OptionParsing.Int(r, "--threads") };
        var json = new Option<bool>("--json") { Description = "Print only the JSON line." };
        var command = new Command("yeast", "Fit binary relevance and a classifier chain of logistic regressions on MULAN yeast; report Hamming loss, F1 and fit time.");
        foreach (Option o in new Option[] { dataRoot, repeats, threads, json })
        {
            command.Options.Add(o);
        }
        command.SetAction(parseResult => EvaluationOutput.Guard("bench yeast", () =>
        {
            if (parseResult.GetValue(threads) is int t)
            {
                Parallelism.MaxThreads = t;
            }
            return Run(DataFiles.FindYeast(parseResult.GetValue(dataRoot)), parseResult.GetValue(repeats), parseResult.GetValue(json));
        }));
        return command;
    }

    private static int Run(string folder, int repeats, bool json)
    {
        var reading = new DataReaderOptions { LabelCount = LabelCount };
        LabeledData train = DataReader.Read(Path.Combine(folder, "yeast-train.arff"), reading);
        LabeledData test = DataReader.Read(Path.Combine(folder, "yeast-test.arff"), reading);
        var models = new (string Name, Func<MultiLabelClassifier> Create)[]
        {
            ("br", () => new BinaryRelevance(new LogisticRegression())),
            ("chain", () => new ClassifierChain(new LogisticRegression())),
        };
        var results = new List<(string Name, MultiLabelReport Report, double Seconds)>();
        foreach (var (name, create) in models)
        {
            double best = double.PositiveInfinity;
            MultiLabelModel? model = null;
            for (int r = 0; r < repeats; r++)
            {
                long start = Stopwatch.GetTimestamp();
                model = create().Fit(train);
                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
            }
            MultiLabelReport report = MultiLabelMetrics.Report(test.LabelSets, model!.Predict(test.Features), model.Labels);
            results.Add((name, report, best));
            if (!json)
            {
                Console.WriteLine($"{name}: hamming loss {report.HammingLoss:F6}, f1_samples {report.SamplesF1:F6}, best fit {best * 1000:F1} ms");
            }
        }
        JsonLine.Write(w =>
        {
            w.WriteString("bench", "yeast");
            w.WriteNumber("threads", Parallelism.MaxThreads);
            w.WriteNumber("n_train", train.Count);
            w.WriteNumber("n_test", test.Count);
            w.WriteStartArray("results");
            foreach (var (name, r, seconds) in results)
            {
                w.WriteStartObject();
                w.WriteString("model", name);
                w.Number("hamming_loss", r.HammingLoss, 6);
                w.Number("f1_samples", r.SamplesF1, 6);
                w.Number("subset_accuracy", r.SubsetAccuracy, 6);
                w.Number("f1_micro", r.MicroF1, 6);
                w.Number("f1_macro", r.MacroF1, 6);
                w.Number("fit_seconds", seconds, 5);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
        return 0;
    }
}
