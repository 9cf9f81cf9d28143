using System.CommandLine;
using System.Diagnostics;
using Taxon.Classification.Data;
using Taxon.Classification.Metrics;
using Taxon.Classification.Models;

namespace Taxon.Cli;

/// <summary><c>taxon eval</c>: loads a saved model and reports its metrics on labelled IDX data, with the same JSON fields as <c>train</c>.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A model file saved by `taxon train --out`.", Required = true };
        var data = new Option<string>("--data") { Description = "Test images, e.g. t10k-images-idx3-ubyte.gz, with their labels beside them.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print only the JSON line." };
        var command = new Command("eval", "Evaluate a saved classifier on labelled data: accuracy, macro F1, per-class scores.");
        command.Options.Add(model);
        command.Options.Add(data);
        command.Options.Add(json);
        command.SetAction(parseResult => EvaluationOutput.Guard("eval", () =>
            Run(parseResult.GetValue(model)!, parseResult.GetValue(data)!, parseResult.GetValue(json))));
        return command;
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
