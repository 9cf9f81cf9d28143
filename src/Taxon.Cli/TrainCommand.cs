using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Taxon.Classification.Data;
using Taxon.Classification.Metrics;
using Taxon.Classification.Models;
using Taxon.Kernels;

namespace Taxon.Cli;

/// <summary>
/// <c>taxon train</c>: trains a classifier on a data file (tabular: <see cref="TabularTraining"/>; IDX images: an MLP
/// or CNN here), evaluates it on a test split and optionally saves it. The last stdout line is one JSON object with
/// the run's figures.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Training data: CSV/TSV, JSON Lines, LIBSVM, ARFF (optionally .gz), IDX images (train-images-idx3-ubyte.gz, labels found beside them), or texts: a folder per class (or a .tar.gz of them, e.g. 20news-bydate.tar.gz/20news-bydate-train), fastText __label__ lines, mbox files, JSON Lines/CSV with a text field.", Required = true };
        var test = new Option<string?>("--test") { Description = "Test data in the same layout; without it, a stratified --test-fraction of --data is held out (IDX images need it)." };
        var testFraction = new Option<double>("--test-fraction") { Description = "The share of --data held out for testing when no --test is given (default 0.2).", DefaultValueFactory = _ => 0.2, CustomParser = r => OptionParsing.Fraction(r, "--test-fraction") };
        var task = new Option<string?>("--task") { Description = "binary, multiclass or multilabel; inferred from the data when omitted." };
        task.AcceptOnlyFromAmong("binary", "multiclass", "multilabel");
        var model = new Option<string?>("--model") { Description = $"The classifier: {string.Join(", ", ModelCatalog.Models)} (default {ModelCatalog.DefaultModel}); on IDX images mlp or cnn." };
        var multiclass = new Option<string?>("--multiclass") { Description = "Decompose a multi-class task into binary ones: ovr (one-vs-rest), ovo (one-vs-one) or ecoc (output codes); default: the model's own multi-class form." };
        multiclass.AcceptOnlyFromAmong(ModelCatalog.Multiclass);
        var multilabel = new Option<string?>("--multilabel") { Description = $"Multi-label strategy: br (binary relevance), chain, ensemble-chain or net (default {ModelCatalog.DefaultMultilabel})." };
        multilabel.AcceptOnlyFromAmong(ModelCatalog.Multilabel);
        var labelCount = new Option<int>("--label-count") { Description = "ARFF: the last N attributes are binary labels (MULAN's multi-label layout, e.g. 14 for yeast).", CustomParser = r => OptionParsing.Int(r, "--label-count") };
        var labelColumn = new Option<string?>("--label-column") { Description = "CSV/TSV/ARFF: the label column by name or 0-based index (default: label/class/target/y, else the last)." };
        var labelSeparator = new Option<string?>("--label-separator") { Description = "CSV/TSV: the separator of several labels in the label column (e.g. '|'), for multi-label data." };
        var scale = new Option<string>("--scale") { Description = "Feature scaling before the model: auto (standardise for logreg, svm, knn, mlp), standard, minmax or none.", DefaultValueFactory = _ => "auto" };
        scale.AcceptOnlyFromAmong("auto", "standard", "minmax", "none");
        var c = new Option<double?>("--c") { Description = "logreg/svm: inverse regularisation strength C (default 1).", CustomParser = r => OptionParsing.Positive(r, "--c") };
        var alpha = new Option<double?>("--alpha") { Description = "Naive Bayes: additive smoothing (default 1).", CustomParser = r => OptionParsing.Positive(r, "--alpha") };
        var neighbors = new Option<int?>("--neighbors") { Description = "k-NN: the number of neighbours (default 5).", CustomParser = r => OptionParsing.Int(r, "--neighbors") };
        var epochs = new Option<int?>("--epochs") { Description = "Networks and fasttext: passes over the training data (default: 10 for mlp, 5 for cnn, 200 for the multi-label net, 5 for fasttext).", CustomParser = r => OptionParsing.Int(r, "--epochs") };
        var batchSize = new Option<int?>("--batch-size") { Description = "Networks: samples per step (default: 128 for mlp, 64 for cnn, 200 for the multi-label net).", CustomParser = r => OptionParsing.Int(r, "--batch-size") };
        var lr = new Option<double?>("--lr") { Description = "Networks: Adam learning rate (default 0.001); fasttext: the SGD learning rate (fastText -lr, default 0.1).", CustomParser = r => OptionParsing.Positive(r, "--lr") };
        var seed = new Option<ulong>("--seed") { Description = "Seed of every random choice (initialisation, shuffling, splits, code books, chain orders).", CustomParser = r => OptionParsing.Seed(r, "--seed") };
        var validation = new Option<double?>("--validation-fraction") { Description = "Images: fraction of the training data held out to validate after each epoch (default: 0.1 with --patience, else none).", CustomParser = r => OptionParsing.Fraction(r, "--validation-fraction") };
        var patience = new Option<int?>("--patience") { Description = "Images: stop early after this many epochs without improvement of the validation loss.", CustomParser = r => OptionParsing.Int(r, "--patience") };
        var threads = new Option<int?>("--threads") { Description = "Threads for the kernels (default: all processors, or TAXON_NUM_THREADS).", CustomParser = r => OptionParsing.Int(r, "--threads") };
        var dim = new Option<int?>("--dim") { Description = "fasttext: size of the word vectors (fastText -dim, default 100).", CustomParser = r => OptionParsing.Int(r, "--dim") };
        var wordNgrams = new Option<int?>("--word-ngrams") { Description = "The longest word n-gram: fasttext (fastText -wordNgrams, default 1) and the TF-IDF features of the other text models (default 2).", CustomParser = r => OptionParsing.Int(r, "--word-ngrams") };
        var charNgrams = new Option<int[]?>("--char-ngrams") { Description = "MIN,MAX character n-gram lengths: fasttext subwords (fastText -minn/-maxn; default none); for the other text models, TF-IDF of character n-grams within words instead of words (scikit-learn char_wb).", CustomParser = r => OptionParsing.IntList(r, "--char-ngrams") };
        var buckets = new Option<int?>("--buckets") { Description = "fasttext: hash buckets for n-grams (fastText -bucket, default 2000000).", CustomParser = r => OptionParsing.Int(r, "--buckets") };
        var minCount = new Option<int?>("--min-count") { Description = "fasttext: words seen fewer times are dropped (fastText -minCount, default 1); other text models: TF-IDF terms in fewer texts are dropped (min_df, default 2).", CustomParser = r => OptionParsing.Int(r, "--min-count") };
        var loss = new Option<string?>("--loss") { Description = "fasttext: softmax, hs (hierarchical softmax), ns (negative sampling) or ova (one-vs-all, multi-label); default softmax, ova for multi-label data." };
        loss.AcceptOnlyFromAmong(TextModelCatalog.Losses);
        var pretrained = new Option<string?>("--pretrained-vectors") { Description = "fasttext: a .vec file of word vectors to start from (fastText -pretrainedVectors); --dim must match it." };
        var email = new Option<string>("--email") { Description = "Texts: parse them as raw e-mail messages: auto (when they look like mail), yes or no.", DefaultValueFactory = _ => "auto" };
        email.AcceptOnlyFromAmong("auto", "yes", "no");
        var textColumn = new Option<string?>("--text-column") { Description = "CSV/TSV/JSON Lines: the field holding the text (default: text)." };
        var output = new Option<string?>("--out") { Description = "Save the trained model to this file (one file; written atomically)." };
        var json = new Option<bool>("--json") { Description = "Print only the JSON line; no progress display or table." };

        var command = new Command("train", "Train a classifier, evaluate it on test data (accuracy, F1, per-class scores; multi-label: Hamming loss, F1) and optionally save it.");
        foreach (Option o in new Option[] { data, test, testFraction, task, model, multiclass, multilabel, labelCount, labelColumn, labelSeparator, scale, c, alpha, neighbors, epochs, batchSize, lr, seed, validation, patience, threads, dim, wordNgrams, charNgrams, buckets, minCount, loss, pretrained, email, textColumn, output, json })
        {
            command.Options.Add(o);
        }
        command.SetAction(parseResult => EvaluationOutput.Guard("train", () =>
        {
            string dataPath = parseResult.GetValue(data)!;
            if (parseResult.GetValue(threads) is int t)
            {
                Parallelism.MaxThreads = t;
            }
            if (IdxReader.IsImagesFile(dataPath))
            {
                return Run(
                    dataPath,
                    parseResult.GetValue(test) ?? throw new ArgumentException("--test: IDX images need a test file, e.g. t10k-images-idx3-ubyte.gz."),
                    new TrainingRecipe(parseResult.GetValue(model) ?? throw new ArgumentException("--model: IDX images need mlp or cnn."))
                    {
                        Epochs = parseResult.GetValue(epochs),
                        BatchSize = parseResult.GetValue(batchSize),
                        LearningRate = parseResult.GetValue(lr),
                        Seed = parseResult.GetValue(seed),
                        ValidationFraction = parseResult.GetValue(validation),
                        Patience = parseResult.GetValue(patience),
                    },
                    parseResult.GetValue(output),
                    parseResult.GetValue(json));
            }
            var classic = new ModelCatalog
            {
                C = parseResult.GetValue(c),
                Alpha = parseResult.GetValue(alpha),
                Neighbors = parseResult.GetValue(neighbors),
                Epochs = parseResult.GetValue(epochs),
                BatchSize = parseResult.GetValue(batchSize),
                LearningRate = parseResult.GetValue(lr),
                Seed = parseResult.GetValue(seed),
                Scale = parseResult.GetValue(scale)!,
            };
            return TabularTraining.Run(new TabularTraining.Arguments(
                dataPath,
                parseResult.GetValue(test),
                parseResult.GetValue(testFraction),
                parseResult.GetValue(task),
                parseResult.GetValue(model),
                parseResult.GetValue(multiclass),
                parseResult.GetValue(multilabel),
                new DataReaderOptions
                {
                    LabelCount = parseResult.GetValue(labelCount),
                    LabelColumn = parseResult.GetValue(labelColumn),
                    LabelSeparator = parseResult.GetValue(labelSeparator),
                    TextColumn = parseResult.GetValue(textColumn),
                    Email = parseResult.GetValue(email) switch { "yes" => true, "no" => false, _ => null },
                },
                classic,
                parseResult.GetValue(output),
                parseResult.GetValue(json),
                new TextModelCatalog
                {
                    Classic = classic,
                    Dim = parseResult.GetValue(dim),
                    WordNgrams = parseResult.GetValue(wordNgrams),
                    CharNgrams = parseResult.GetValue(charNgrams) is { Length: > 0 } cn ? cn : null,
                    Buckets = parseResult.GetValue(buckets),
                    MinCount = parseResult.GetValue(minCount),
                    Loss = parseResult.GetValue(loss),
                    PretrainedVectors = parseResult.GetValue(pretrained),
                    Threads = parseResult.GetValue(threads),
                }));
        }));
        return command;
    }

    private static int Run(string dataPath, string testPath, TrainingRecipe recipe, string? outPath, bool json)
    {
        using var interrupt = new InterruptSignal();
        CancellationToken cancellationToken = interrupt.Token;

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
    internal static void CheckWritable(string outPath)
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
