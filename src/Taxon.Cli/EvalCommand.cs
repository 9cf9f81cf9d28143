using System.CommandLine;
using System.Diagnostics;
using Taxon.Classification.Data;
using Taxon.Classification.Metrics;
using Taxon.Classification.Models;
using Taxon.Classification.Text;

namespace Taxon.Cli;

/// <summary><c>taxon eval</c>: loads a saved model and reports its metrics on labelled data (a data file, or IDX images), with the same JSON fields as <c>train</c>.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A model file saved by `taxon train --out`.", Required = true };
        var data = new Option<string>("--data") { Description = "Labelled data in the training layout (CSV/TSV, JSON Lines, LIBSVM, ARFF; or IDX test images with their labels beside them).", Required = true };
        var labelColumn = new Option<string?>("--label-column") { Description = "CSV/TSV/ARFF: the label column by name or 0-based index (default: label/class/target/y, else the last)." };
        var labelSeparator = new Option<string?>("--label-separator") { Description = "CSV/TSV: the separator of several labels in the label column (multi-label models)." };
        var json = new Option<bool>("--json") { Description = "Print only the JSON line." };
        var command = new Command("eval", "Evaluate a saved classifier on labelled data: the same metrics as `taxon train`.");
        foreach (Option o in new Option[] { model, data, labelColumn, labelSeparator, json })
        {
            command.Options.Add(o);
        }
        command.SetAction(parseResult => EvaluationOutput.Guard("eval", () =>
        {
            string dataPath = parseResult.GetValue(data)!;
            return IdxReader.IsImagesFile(dataPath)
                ? Run(parseResult.GetValue(model)!, dataPath, parseResult.GetValue(json))
                : RunTabular(parseResult.GetValue(model)!, dataPath, new DataReaderOptions
                {
                    LabelColumn = parseResult.GetValue(labelColumn),
                    LabelSeparator = parseResult.GetValue(labelSeparator),
                }, parseResult.GetValue(json));
        }));
        return command;
    }

    /// <summary>
    /// The options that read data for <paramref name="model"/>: its feature count for sparse formats, its label count
    /// for MULAN ARFF files, and multi-label parsing for a multi-label model.
    /// </summary>
    internal static DataReaderOptions ReadingFor(Model model, DataReaderOptions given) => model switch
    {
        TextClassifierModel t => given with { Email = t.EmailText is not null, EmailText = t.EmailText, MultiLabel = t.IsMultiLabel && given.LabelSeparator is not null ? true : null },
        MultiLabelModel m => given with { Columns = m.FeatureCount, MultiLabel = true, LabelCount = given.LabelCount == 0 ? m.Labels.Count : given.LabelCount },
        _ => given with { Columns = model.FeatureCount, MultiLabel = false },
    };

    /// <summary>Reads <paramref name="path"/> for <paramref name="model"/>, failing with the file's name when its feature count does not fit.</summary>
    internal static LabeledData ReadFor(Model model, string path, DataReaderOptions given)
    {
        LabeledData data = DataReader.Read(path, ReadingFor(model, given));
        if (model is TextClassifierModel && data.HasFeatures)
        {
            throw new ArgumentException($"{path}: holds numeric features, but the {model.Kind} model classifies texts.");
        }
        if (data.HasFeatures && data.Features.Columns != model.FeatureCount)
        {
            throw new ArgumentException($"{path}: has {data.Features.Columns} features, but the {model.Kind} model was trained on {model.FeatureCount}.");
        }
        return data;
    }

    private static int RunTabular(string modelPath, string dataPath, DataReaderOptions given, bool json)
    {
        Model model = ModelFile.Load(modelPath);
        if (model is MultiLabelModel && given.LabelSeparator is null && DataReader.FormatOf(dataPath) is DataFormat.Csv or DataFormat.Tsv)
        {
            // Without the separator the label column reads as one label per sample, and the error would be about an
            // empty cell or a label 'red|blue' never seen in training instead of the missing option.
            throw new ArgumentException($"--label-separator: {dataPath}: the model is multi-label; give the separator of the label sets in its label column, as at training (e.g. '|').");
        }
        LabeledData test = ReadFor(model, dataPath, given);
        long start = Stopwatch.GetTimestamp();
        TabularEvaluation evaluation = TabularEvaluation.Of(model, test);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (!json)
        {
            evaluation.Print();
        }
        JsonLine.Write(w =>
        {
            w.WriteString("model", model.Kind);
            w.WriteString("task", evaluation.Task);
            w.WriteNumber("n_test", test.Count);
            w.Number("eval_seconds", seconds, 4);
            evaluation.Write(w);
            w.WriteString("model_path", Path.GetFullPath(modelPath));
        });
        return 0;
    }

    private static int Run(string modelPath, string dataPath, bool json)
    {
        NetworkModel model = NetworkModel.Load(modelPath);
        Dataset test = DataFiles.LoadImages(dataPath);
        long start = Stopwatch.GetTimestamp();
        ClassificationReport report = model.Evaluate(test);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (!json)
        {
            EvaluationOutput.PrintTable(report);
        }
        JsonLine.Write(w =>
        {
            w.WriteString("model", model.Kind);
            w.WriteString("task", DataFiles.TaskName(dataPath));
            if (model.History is { } history)
            {
                w.WriteNumber("n_train", history.TrainingSamples);
            }
            w.WriteNumber("n_test", test.Count);
            w.Number("eval_seconds", seconds, 3);
            EvaluationOutput.WriteMetrics(w, report);
            w.WriteString("model_path", Path.GetFullPath(modelPath));
        });
        return 0;
    }
}
