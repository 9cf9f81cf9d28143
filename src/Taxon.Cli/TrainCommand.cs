using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Taxon.Classification.Data;
using Taxon.Classification.Metrics;
using Taxon.Classification.Models;
using Taxon.Kernels;

namespace Taxon.Cli;

/// <summary>
/// <c>taxon train</c>: trains an image classifier on IDX files (MNIST layout), evaluates it on a test split and
/// optionally saves it. The last stdout line is one JSON object with the run's figures.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Training images, e.g. train-images-idx3-ubyte.gz; the labels file beside it is found by name.", Required = true };
        var test = new Option<string>("--test") { Description = "Test images, e.g. t10k-images-idx3-ubyte.gz, with their labels beside them.", Required = true };
        var model = new Option<string>("--model") { Description = "Model kind: mlp (784-256-256-10 ReLU) or cnn (LeNet-style).", Required = true };
        model.AcceptOnlyFromAmong(TrainingRecipe.Kinds);
        var epochs = new Option<int?>("--epochs") { Description = "Passes over the training data (default: 10 for mlp, 5 for cnn).", CustomParser = r => OptionParsing.Int(r, "--epochs") };
        var batchSize = new Option<int?>("--batch-size") { Description = "Samples per step (default: 128 for mlp, 64 for cnn).", CustomParser = r => OptionParsing.Int(r, "--batch-size") };
        var lr = new Option<double?>("--lr") { Description = "Adam learning rate (default 0.001).", CustomParser = r => OptionParsing.Positive(r, "--lr") };
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialisation, shuffling, dropout and the validation split.", CustomParser = r => OptionParsing.Seed(r, "--seed") };
        var validation = new Option<double?>("--validation-fraction") { Description = "Fraction of the training data held out to validate after each epoch (default: 0.1 with --patience, else none).", CustomParser = r => OptionParsing.Fraction(r, "--validation-fraction") };
        var patience = new Option<int?>("--patience") { Description = "Stop early after this many epochs without improvement of the validation loss.", CustomParser = r => OptionParsing.Int(r, "--patience") };
        var threads = new Option<int?>("--threads") { Description = "Threads for the kernels (default: all processors, or TAXON_NUM_THREADS).", CustomParser = r => OptionParsing.Int(r, "--threads") };
        var output = new Option<string?>("--out") { Description = "Save the trained model to this file (safetensors; written atomically)." };
        var json = new Option<bool>("--json") { Description = "Print only the JSON line; no progress display or table." };

        var command = new Command("train", "Train an image classifier on IDX files and report test accuracy and macro F1.");
        foreach (Option o in new Option[] { data, test, model, epochs, batchSize, lr, seed, validation, patience, threads, output, json })
        {
            command.Options.Add(o);
        }
        command.SetAction(parseResult => EvaluationOutput.Guard("train", () => Run(
            parseResult.GetValue(data)!,
            parseResult.GetValue(test)!,
            new TrainingRecipe(parseResult.GetValue(model)!)
            {
                Epochs = parseResult.GetValue(epochs),
                BatchSize = parseResult.GetValue(batchSize),
                LearningRate = parseResult.GetValue(lr),
                Seed = parseResult.GetValue(seed),
                ValidationFraction = parseResult.GetValue(validation),
                Patience = parseResult.GetValue(patience),
            },
            parseResult.GetValue(threads),
            parseResult.GetValue(output),
            parseResult.GetValue(json))));
        return command;
    }

    private static int Run(string dataPath, string testPath, TrainingRecipe recipe, int? threads, string? outPath, bool json)
    {
        // Ctrl+C or SIGTERM stops training after the current batch (exit code 130) instead of killing the process
        // mid-save or leaving the terminal's cursor hidden by the progress display.
        using var cancellation = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            cancellation.Cancel();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        CancellationToken cancellationToken = cancellation.Token;

        if (threads is int t)
        {
            Parallelism.MaxThreads = t;
        }
        NeuralNetworkOptions options = recipe.Options;
        if (outPath is not null)
        {
            CheckWritable(outPath);
        }
        long loadStart = Stopwatch.GetTimestamp();
        Dataset train = DataFiles.LoadImages(dataPath);
        Dataset test = DataFiles.LoadImages(testPath);
        double loadSeconds = Stopwatch.GetElapsedTime(loadStart).TotalSeconds;
        if (!json)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{recipe.Kind}: {train.Count} training and {test.Count} test samples of [{string.Join(", ", train.SampleShape.ToArray())}], {options.Epochs} epochs, batch {options.BatchSize}, {Parallelism.MaxThreads} thread(s)"));
        }

        NetworkModel fitted = TrainingProgressDisplay.Run(TrainingProgressDisplay.Wanted(json), progress => recipe.Fit(train, progress, cancellationToken));
        TrainingHistory history = fitted.History!;
        ClassificationReport report = fitted.Evaluate(test);
        if (outPath is not null)
        {
            fitted.Save(outPath);
        }
        if (!json)
        {
            EvaluationOutput.PrintTable(report);
            if (outPath is not null)
            {
                Console.WriteLine($"saved {Path.GetFullPath(outPath)}");
            }
        }
        JsonLine.Write(w =>
        {
            w.WriteString("model", recipe.Kind);
            w.WriteString("task", DataFiles.TaskName(dataPath));
            w.WriteNumber("n_train", history.TrainingSamples);
            w.WriteNumber("n_validation", history.ValidationSamples);
            w.WriteNumber("n_test", test.Count);
            w.WriteNumber("epochs", history.Epochs.Count);
            w.WriteNumber("batch_size", options.BatchSize);
            w.Number("learning_rate", options.LearningRate, 8);
            w.WriteNumber("seed", options.Seed);
            w.WriteNumber("threads", Parallelism.MaxThreads);
            w.Number("train_seconds", history.TrainSeconds, 3);
            w.Number("samples_per_second", history.SamplesPerSecond, 1);
            w.Number("load_seconds", loadSeconds, 3);
            w.Number("final_train_loss", history.Epochs[^1].TrainLoss, 6);
            if (history.Epochs[^1].ValidationAccuracy is double va)
            {
                w.Number("validation_accuracy", va, 6);
            }
            w.WriteNumber("best_epoch", history.BestEpoch);
            w.WriteBoolean("stopped_early", history.StoppedEarly);
            EvaluationOutput.WriteMetrics(w, report);
            if (outPath is not null)
            {
                w.WriteString("model_path", Path.GetFullPath(outPath));
            }
        });
        return 0;
    }

    /// <summary>Fails before training, not after it, when the model could not be saved where asked.</summary>
    private static void CheckWritable(string outPath)
    {
        string full = Path.GetFullPath(outPath);
        if (Directory.Exists(full))
        {
            throw new IOException($"--out {outPath}: is a folder; give a file name such as {Path.Combine(outPath, "model.safetensors")}.");
        }
        string? folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"--out {outPath}: the folder {folder} does not exist.");
        }
    }
}
