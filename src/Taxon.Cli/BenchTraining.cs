using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Taxon.Classification.Data;
using Taxon.Classification.Models;
using Taxon.Kernels;

namespace Taxon.Cli;

/// <summary>
/// <c>taxon bench mlp</c> and <c>taxon bench cnn</c>: the issue's training workloads on Fashion-MNIST (MLP 784-256-256-10
/// at batch 128 and 32 for 5 epochs; the LeNet-style CNN at batch 64 for 2 epochs; Adam 1e-3, seed 0, no validation
/// split). Each batch size runs in a fresh child process, so its peak memory (VmHWM) is its own; the time counted is
/// the training loop only (batch gathering included; data loading and test evaluation excluded), as in the PyTorch
/// peers of <c>bench/mlp</c> and <c>bench/cnn</c>. Prints one JSON line: <c>{"bench":"mlp","runs":[...]}</c>.
/// </summary>
internal static class BenchTraining
{
    public static Command CreateCommand(string kind)
    {
        bool mlp = kind == "mlp";
        var dataRoot = new Option<string?>("--data-root") { Description = "Folder holding fashion-mnist/ (default: ../shared/data beside the repository)." };
        var epochs = new Option<int>("--epochs")
        {
            Description = "Epochs per run.",
            DefaultValueFactory = _ => mlp ? 5 : 2,
            CustomParser = r => OptionParsing.Int(r, "--epochs"),
        };
        var batchSizes = new Option<int[]>("--batch-sizes")
        {
            Description = "Comma-separated batch sizes, one run each.",
            DefaultValueFactory = _ => mlp ? [128, 32] : [64],
            CustomParser = r => OptionParsing.IntList(r, "--batch-sizes"),
        };
        var threads = new Option<int>("--threads")
        {
            Description = "Threads for the kernels (default: all processors, or TAXON_NUM_THREADS).",
            DefaultValueFactory = _ => Parallelism.MaxThreads,
            CustomParser = r => OptionParsing.Int(r, "--threads"),
        };
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialisation, shuffling and dropout.", CustomParser = r => OptionParsing.Seed(r, "--seed") };
        var json = new Option<bool>("--json") { Description = "Print only the JSON line." };
        var single = new Option<bool>("--single-run") { Description = "Run the first batch size in this process and print its run object (used by the parent process).", Hidden = true };

        var command = new Command(kind, mlp
            ? "Train the 784-256-256-10 MLP on Fashion-MNIST (Adam 1e-3) and report samples/s, test accuracy and peak memory per batch size."
            : "Train the LeNet-style CNN on Fashion-MNIST (Adam 1e-3) and report samples/s, test accuracy and peak memory per batch size.");
        foreach (Option o in new Option[] { dataRoot, epochs, batchSizes, threads, seed, json, single })
        {
            command.Options.Add(o);
        }
        command.SetAction(parseResult => EvaluationOutput.Guard($"bench {kind}", () =>
        {
            var settings = new Settings(kind, DataFiles.FindFashionMnist(parseResult.GetValue(dataRoot)), parseResult.GetValue(epochs),
                parseResult.GetValue(threads), parseResult.GetValue(seed));
            int[] sizes = parseResult.GetValue(batchSizes)!;
            return parseResult.GetValue(single) ? RunOne(settings, sizes[0]) : RunAll(settings, sizes, parseResult.GetValue(json));
        }));
        return command;
    }

    private sealed record Settings(string Kind, string DataFolder, int Epochs, int Threads, ulong Seed);

    private static int RunAll(Settings s, int[] batchSizes, bool json)
    {
        var runs = new List<JsonElement>();
        foreach (int batch in batchSizes)
        {
            if (!json)
            {
                Console.Error.WriteLine($"bench {s.Kind}: batch {batch}, {s.Epochs} epoch(s), {s.Threads} thread(s)...");
            }
            runs.Add(RunChild(s, batch));
            if (!json)
            {
                JsonElement r = runs[^1];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"batch {batch,4}: {r.GetProperty("samples_per_s").GetDouble(),10:F0} samples/s  test acc {r.GetProperty("test_acc").GetDouble():F4}  peak RSS {r.GetProperty("peak_rss_mib").GetDouble():F0} MiB"));
            }
        }
        JsonLine.Write(w =>
        {
            w.WriteString("bench", s.Kind);
            w.WriteString("dataset", DataFiles.FashionMnist);
            w.WriteNumber("threads", s.Threads);
            w.WriteStartArray("runs");
            foreach (JsonElement run in runs)
            {
                run.WriteTo(w);
            }
            w.WriteEndArray();
        });
        return 0;
    }

    /// <summary>Runs one batch size in a child process of this program and returns the run object it prints.</summary>
    private static JsonElement RunChild(Settings s, int batch)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find this program's path to start a run."))
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // Under `dotnet Taxon.Cli.dll` the process is the dotnet host, which needs the assembly to run.
        if (Path.GetFileNameWithoutExtension(start.FileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }
        foreach (string arg in new[]
        {
            "bench", s.Kind, "--single-run", "--json", "--data-root", s.DataFolder, "--epochs", Invariant(s.Epochs),
            "--batch-sizes", Invariant(batch), "--threads", Invariant(s.Threads), "--seed", s.Seed.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }
        using Process child = Process.Start(start)!;
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        string last = output.TrimEnd().Split('\n')[^1];
        if (child.ExitCode != 0 || !last.StartsWith('{'))
        {
            throw new IOException($"the run at batch {batch} failed (exit code {child.ExitCode}); its output: {output.Trim()}");
        }
        using JsonDocument doc = JsonDocument.Parse(last);
        return doc.RootElement.Clone();
    }

    /// <summary>One run in this process: load, train (timed), evaluate on the test split, and print the run object.</summary>
    private static int RunOne(Settings s, int batch)
    {
        Parallelism.MaxThreads = s.Threads;
        long loadStart = Stopwatch.GetTimestamp();
        Dataset train = IdxReader.ReadDataset(DataFiles.ImagesFile(s.DataFolder, "train"));
        Dataset test = IdxReader.ReadDataset(DataFiles.ImagesFile(s.DataFolder, "t10k"));
        double loadSeconds = Stopwatch.GetElapsedTime(loadStart).TotalSeconds;
        double rssBeforeTraining = MemoryMiB("VmRSS");
        int gen0 = GC.CollectionCount(0), gen2 = GC.CollectionCount(2);

        var recipe = new TrainingRecipe(s.Kind) { Epochs = s.Epochs, BatchSize = batch, LearningRate = 1e-3, Seed = s.Seed, ValidationFraction = 0 };
        NetworkModel model = recipe.Fit(train, progress: null);
        TrainingHistory h = model.History!;
        gen0 = GC.CollectionCount(0) - gen0;
        gen2 = GC.CollectionCount(2) - gen2;
        double peakAfterTraining = MemoryMiB("VmHWM");
        long evalStart = Stopwatch.GetTimestamp();
        var report = model.Evaluate(test);
        double evalSeconds = Stopwatch.GetElapsedTime(evalStart).TotalSeconds;

        JsonLine.Write(w =>
        {
            w.WriteNumber("batch", batch);
            w.WriteNumber("epochs", h.Epochs.Count);
            w.Number("samples_per_s", h.SamplesPerSecond, 1);
            w.Number("train_s", h.TrainSeconds, 3);
            w.WriteStartArray("epoch_s");
            foreach (EpochSummary e in h.Epochs)
            {
                w.WriteNumberValue(Math.Round(e.Seconds, 3));
            }
            w.WriteEndArray();
            w.WriteStartArray("epoch_mean_loss");
            foreach (EpochSummary e in h.Epochs)
            {
                w.WriteNumberValue(Math.Round(e.TrainLoss, 5));
            }
            w.WriteEndArray();
            w.Number("test_acc", report.Accuracy, 4);
            w.Number("test_f1_macro", report.MacroF1, 4);
            w.Number("test_eval_s", evalSeconds, 4);
            w.Number("peak_rss_mib", MemoryMiB("VmHWM"), 1);
            w.Number("peak_rss_training_mib", peakAfterTraining, 1);
            w.Number("rss_before_train_mib", rssBeforeTraining, 1);
            w.Number("data_load_s", loadSeconds, 3);
            w.WriteNumber("threads", s.Threads);
            w.WriteNumber("gc_gen0", gen0);
            w.WriteNumber("gc_gen2", gen2);
        });
        return 0;
    }

    /// <summary>A memory figure of this process from /proc/self/status (VmHWM: peak resident set); elsewhere the runtime's peak working set.</summary>
    private static double MemoryMiB(string field)
    {
        const string Status = "/proc/self/status";
        if (File.Exists(Status))
        {
            foreach (string line in File.ReadLines(Status))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    string kb = line[(field.Length + 1)..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) / 1024.0;
                }
            }
        }
        using Process self = Process.GetCurrentProcess();
        return (field == "VmHWM" ? self.PeakWorkingSet64 : self.WorkingSet64) / (1024.0 * 1024.0);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
