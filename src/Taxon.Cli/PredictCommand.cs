using System.CommandLine;
using System.Globalization;
using System.Text;
using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Cli;

/// <summary>
/// <c>taxon predict</c>: loads a saved model and prints one line per sample of a data file: the predicted label (a
/// multi-label model: the labels joined by commas), or with <c>--proba</c> the probability of each class or label as
/// <c>label:p</c> pairs. CSV/TSV files may leave out the label column (<c>--no-labels</c>); other formats carry a
/// label field, which is ignored.
/// </summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A model file saved by `taxon train --out`.", Required = true };
        var data = new Option<string>("--data") { Description = "Samples in the training layout (CSV/TSV, JSON Lines, LIBSVM, ARFF).", Required = true };
        var noLabels = new Option<bool>("--no-labels") { Description = "CSV/TSV: the file has no label column; every column is a feature." };
        var proba = new Option<bool>("--proba") { Description = "Print each class's (or label's) probability instead of the prediction." };
        var topK = new Option<int?>("--top-k") { Description = "Multi-label models: print the k most probable labels instead of those above their thresholds.", CustomParser = r => OptionParsing.Int(r, "--top-k") };
        var command = new Command("predict", "Predict the labels of the samples in a data file with a saved model, one line per sample.");
        foreach (Option o in new Option[] { model, data, noLabels, proba, topK })
        {
            command.Options.Add(o);
        }
        command.SetAction(parseResult => EvaluationOutput.Guard("predict", () => Run(
            parseResult.GetValue(model)!, parseResult.GetValue(data)!, !parseResult.GetValue(noLabels), parseResult.GetValue(proba), parseResult.GetValue(topK))));
        return command;
    }

    private static int Run(string modelPath, string dataPath, bool hasLabels, bool proba, int? topK)
    {
        Model model = ModelFile.Load(modelPath);
        if (topK is not null && (model is not MultiLabelModel || proba))
        {
            // Said rather than ignored: a user who asked for the top k and got something else would not know it.
            throw new ArgumentException(proba
                ? "--top-k: prints labels, --proba probabilities; give one of them."
                : $"--top-k: applies to multi-label models; {modelPath} holds a {model.Kind} model, which predicts one label per sample.");
        }
        // The label column is only skipped here, never read. Read as label sets it may hold empty cells: the samples of
        // a multi-label file that have no label, and those of any file not labelled yet, which a single label may not be.
        LabeledData data = EvalCommand.ReadFor(model, dataPath, new DataReaderOptions { HasLabels = hasLabels, LabelSeparator = hasLabels ? "|" : null });
        FeatureMatrix x = data.Features;
        using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
        switch (model)
        {
            case ClassifierModel classifier when proba:
                WriteProbabilities(output, classifier.PredictProba(x), classifier.Classes);
                break;
            case ClassifierModel classifier:
                foreach (string label in classifier.Predict(x))
                {
                    output.WriteLine(label);
                }
                break;
            case MultiLabelModel multi when proba:
                WriteProbabilities(output, multi.PredictProba(x), multi.Labels);
                break;
            case MultiLabelModel multi:
                foreach (string[] set in topK is int k ? multi.PredictTopK(x, k) : multi.Predict(x))
                {
                    output.WriteLine(string.Join(',', set));
                }
                break;
            default:
                throw new ArgumentException($"{modelPath}: a {model.Kind} model does not predict labels.");
        }
        output.Flush();
        return 0;
    }

    private static void WriteProbabilities(StreamWriter output, double[,] p, IReadOnlyList<string> names)
    {
        var line = new StringBuilder();
        for (int i = 0; i < p.GetLength(0); i++)
        {
            line.Clear();
            for (int j = 0; j < names.Count; j++)
            {
                line.Append(j == 0 ? "" : " ").Append(names[j]).Append(':').Append(p[i, j].ToString("0.######", CultureInfo.InvariantCulture));
            }
            output.WriteLine(line);
        }
    }
}
