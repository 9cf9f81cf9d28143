using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Taxon.Classification.Data;
using Taxon.Classification.Metrics;
using Taxon.Classification.Text;
using Taxon.Kernels;

namespace Taxon.Cli;

/// <summary>
/// <c>taxon bench text</c>: the text issue's workloads in one process, one JSON line. On 20 Newsgroups (bydate,
/// raw posts read from the tarball): the default text model, and fastText's speed recipe (dim 10, lr 0.5, word
/// bigrams, 10M buckets, 5 epochs, min-count 1). On spam-assassin (train/test JSON Lines of raw messages, read as
/// e-mail): the default model, its spam F1, and the latency of one prediction from a raw message (parse, featurise,
/// score) with the model loaded, over every test message after a warm-up pass. Each workload reports read, fit and
/// evaluation seconds and their sum; <c>bench/text/run.sh</c> also times whole <c>taxon train</c> processes
/// against the peers.
/// </summary>
internal static class BenchText
{
    public static Command CreateCommand()
    {
        var dataRoot = new Option<string?>("--data-root") { Description = "Folder holding 20newsgroups-bydate/ and spam-assassin/ (default: ../shared/data beside the repository)." };
        var workloads = new Option<string>("--workloads") { Description = "Comma-separated: 20ng-default, 20ng-fasttext, spam-default (default all).", DefaultValueFactory = _ => "20ng-default,20ng-fasttext,spam-default" };
        var threads = new Option<int?>("--threads") { Description = "Threads (default: all processors, or TAXON_NUM_THREADS).", CustomParser = r => OptionParsing.Int(r, "--threads") };
        var json = new Option<bool>("--json") { Description = "Print only the JSON line." };
        var command = new Command("text", "Text classification workloads: 20 Newsgroups (default model, fastText recipe) and spam-assassin (default model, prediction latency).");
        foreach (Option o in new Option[] { dataRoot, workloads, threads, json })
        {
            command.Options.Add(o);
        }
        command.SetAction(parseResult => EvaluationOutput.Guard("bench text", () =>
        {
            if (parseResult.GetValue(threads) is int t)
            {
                Parallelism.MaxThreads = t;
            }
            string root = parseResult.GetValue(dataRoot) ?? DataFiles.DefaultDataRoot()
                ?? throw new DirectoryNotFoundException("no --data-root given and no shared/data folder beside the repository.");
            return Run(root, parseResult.GetValue(workloads)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), parseResult.GetValue(json));
        }));
        return command;
    }

    private static int Run(string root, string[] workloads, bool json)
    {
        string news = Path.Combine(root, "20newsgroups-bydate", "20news-bydate.tar.gz");
        string spam = Path.Combine(root, "spam-assassin");
        var results = new List<Action<Utf8JsonWriter>>();
        foreach (string workload in workloads)
        {
            Action<Utf8JsonWriter> result = workload switch
            {
                "20ng-default" => Workload(workload, () => (Read(news + "/20news-bydate-train"), Read(news + "/20news-bydate-test")), TextPipeline.Default(), json),
                "20ng-fasttext" => Workload(workload, () => (Read(news + "/20news-bydate-train"), Read(news + "/20news-bydate-test")),
                    new FastTextClassifier(new FastTextOptions { Dim = 10, LearningRate = 0.5, WordNgrams = 2, Buckets = 10_000_000, Epochs = 5, MinCount = 1, Threads = Parallelism.MaxThreads }), json),
                "spam-default" => Workload(workload, () => (Read(Path.Combine(spam, "train.jsonl.gz")), Read(Path.Combine(spam, "test.jsonl.gz"))), TextPipeline.Default(), json,
                    Path.Combine(spam, "test.jsonl.gz")),
                _ => throw new ArgumentException($"--workloads: '{workload}' is not one of 20ng-default, 20ng-fasttext, spam-default."),
            };
            results.Add(result);
        }
        JsonLine.Write(w =>
        {
            w.WriteString("bench", "text");
            w.WriteNumber("threads", Parallelism.MaxThreads);
            w.WriteStartArray("results");
            foreach (Action<Utf8JsonWriter> r in results)
            {
                w.WriteStartObject();
                r(w);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
        return 0;
    }

    private static LabeledData Read(string path) => DataReader.Read(path);

    private static Action<Utf8JsonWriter> Workload(string name, Func<(LabeledData Train, LabeledData Test)> read, TextClassifier estimator, bool json, string? latencyFile = null)
    {
        long start = Stopwatch.GetTimestamp();
        var (train, test) = read();
        double readSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        long fitStart = Stopwatch.GetTimestamp();
        TextClassifierModel model = estimator.Fit(train);
        double fitSeconds = Stopwatch.GetElapsedTime(fitStart).TotalSeconds;
        long evalStart = Stopwatch.GetTimestamp();
        ClassificationReport report = model.Evaluate(test);
        double evalSeconds = Stopwatch.GetElapsedTime(evalStart).TotalSeconds;
        double total = Stopwatch.GetElapsedTime(start).TotalSeconds;
        int spamIndex = report.Names is IList<string> names ? names.IndexOf("spam") : -1;
        (double P50, double P90, double P99)? latency = latencyFile is null ? null : Latency(model, latencyFile);
        if (!json)
        {
            Console.Error.WriteLine($"{name}: {estimator.Name}, accuracy {report.Accuracy:F4}, read {readSeconds:F2} s, fit {fitSeconds:F2} s, eval {evalSeconds:F2} s");
        }
        return w =>
        {
            w.WriteString("workload", name);
            w.WriteString("model", estimator.Name);
            w.WriteNumber("n_train", train.Count);
            w.WriteNumber("n_test", test.Count);
            w.WriteBoolean("email", train.EmailText is not null);
            w.Number("accuracy", report.Accuracy, 5);
            w.Number("f1_macro", report.MacroF1, 5);
            if (spamIndex >= 0)
            {
                w.Number("spam_f1", report.F1[spamIndex], 5);
            }
            w.Number("read_seconds", readSeconds, 3);
            w.Number("fit_seconds", fitSeconds, 3);
            w.Number("eval_seconds", evalSeconds, 3);
            w.Number("total_seconds", total, 3);
            if (latency is var (p50, p90, p99))
            {
                w.Number("predict_raw_p50_us", p50, 1);
                w.Number("predict_raw_p90_us", p90, 1);
                w.Number("predict_raw_p99_us", p99, 1);
            }
        };
    }

    /// <summary>Microseconds from a raw message to its label (parse as e-mail, featurise, score), one message at a time, after a warm-up pass.</summary>
    private static (double, double, double) Latency(TextClassifierModel model, string path)
    {
        IReadOnlyList<string> raw = DataReader.Read(path, new DataReaderOptions { Email = false }).Texts!;
        var micros = new double[raw.Count];
        for (int pass = 0; pass < 2; pass++)
        {
            for (int i = 0; i < raw.Count; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                _ = model.Predict(model.PrepareMessage(raw[i]));
                micros[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
            }
        }
        Array.Sort(micros);
        return (micros[micros.Length / 2], micros[(int)(micros.Length * 0.9)], micros[(int)(micros.Length * 0.99)]);
    }
}
