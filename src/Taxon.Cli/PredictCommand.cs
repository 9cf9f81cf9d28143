using System.CommandLine;
using System.Globalization;
using System.Text;
using Taxon.Classification.Data;
using Taxon.Classification.Models;
using Taxon.Classification.Text;

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
        var data = new Option<string?>("--data") { Description = "Samples in the training layout (CSV/TSV, JSON Lines, LIBSVM, ARFF; for text models also a folder per class, fastText lines, mbox)." };
        var files = new Argument<string[]>("files") { Description = "Text models: files holding one raw message or text each (e.g. .eml files); without them and --data, standard input (one message for a model trained on e-mail, else one text per line).", Arity = ArgumentArity.ZeroOrMore };
        var noLabels = new Option<bool>("--no-labels") { Description = "CSV/TSV: the file has no label column; every column is a feature." };
        var proba = new Option<bool>("--proba") { Description = "Print each class's (or label's) probability instead of the prediction." };
        var topK = new Option<int?>("--top-k") { Description = "Multi-label models: print the k most probable labels instead of those above their thresholds.", CustomParser = r => OptionParsing.Int(r, "--top-k") };
        var command = new Command("predict", "Predict the labels of the samples in a data file with a saved model, one line per sample.");
        foreach (Option o in new Option[] { model, data, noLabels, proba, topK })
        {
            command.Options.Add(o);
        }
        command.Arguments.Add(files);
        command.SetAction(parseResult => EvaluationOutput.Guard("predict", () => Run(
            parseResult.GetValue(model)!, parseResult.GetValue(data), parseResult.GetValue(files) ?? [], !parseResult.GetValue(noLabels), parseResult.GetValue(proba), parseResult.GetValue(topK))));
        return command;
    }

    private static int Run(string modelPath, string? dataPath, string[] files, bool hasLabels, bool proba, int? topK)
    {
        Model model = ModelFile.Load(modelPath);
        if (model is TextClassifierModel text)
        {
            return RunText(text, dataPath, files, hasLabels, proba, topK);
        }
        if (dataPath is null || files.Length > 0)
        {
            throw new ArgumentException(files.Length > 0
                ? $"{files[0]}: files of raw text are for text models; {modelPath} holds a {model.Kind} model, which reads a data file given with --data."
                : $"--data: {modelPath} holds a {model.Kind} model; give the samples to predict as a data file.");
        }
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

    /// <summary>
    /// A text model's predictions: for the texts of a data file (<c>--data</c>), for files of one raw message or text
    /// each, or for standard input (one message when the model was trained on e-mail, else one text per line).
    /// </summary>
    private static int RunText(TextClassifierModel model, string? dataPath, string[] files, bool hasLabels, bool proba, int? topK)
    {
        if (dataPath is not null && files.Length > 0)
        {
            throw new ArgumentException("--data: give either a data file or files of raw text, not both.");
        }
        if (topK is not null && proba)
        {
            throw new ArgumentException("--top-k: prints labels, --proba probabilities; give one of them.");
        }
        IReadOnlyList<string> texts;
        if (dataPath is not null)
        {
            LabeledData data = DataReader.Read(dataPath, new DataReaderOptions
            {
                HasLabels = hasLabels,
                Email = model.EmailText is not null,
                EmailText = model.EmailText,
            });
            texts = data.Texts ?? throw new ArgumentException($"{dataPath}: holds numeric features, but the model classifies texts.");
        }
        else
        {
            var raw = new List<string>();
            if (files.Length > 0)
            {
                foreach (string file in files)
                {
                    raw.Add(ReadText(File.ReadAllBytes(file)));
                }
            }
            else
            {
                using Stream stdin = Console.OpenStandardInput();
                using var buffer = new MemoryStream();
                stdin.CopyTo(buffer);
                string all = ReadText(buffer.ToArray());
                if (model.EmailText is not null)
                {
                    raw.Add(all);
                }
                else
                {
                    foreach (string line in all.Split('\n'))
                    {
                        raw.Add(line.TrimEnd('\r'));
                    }
                    if (raw.Count > 0 && raw[^1].Length == 0)
                    {
                        raw.RemoveAt(raw.Count - 1);
                    }
                }
            }
            var prepared = new string[raw.Count];
            Parallel.For(0, prepared.Length, i => prepared[i] = model.PrepareMessage(raw[i]));
            texts = prepared;
        }
        using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
        if (proba)
        {
            WriteProbabilities(output, model.PredictProba(texts), model.Classes);
        }
        else if (topK is int k)
        {
            foreach (string text in texts)
            {
                output.WriteLine(string.Join(',', model.PredictTopK(text, k).Select(t => t.Label)));
            }
        }
        else if (model.IsMultiLabel)
        {
            foreach (string text in texts)
            {
                output.WriteLine(string.Join(',', model.PredictLabels(text)));
            }
        }
        else
        {
            foreach (string label in model.Predict(texts))
            {
                output.WriteLine(label);
            }
        }
        output.Flush();
        return 0;
    }

    /// <summary>Bytes as text: UTF-8 when valid, else Latin-1 (every byte a character), as the data readers read them.</summary>
    private static string ReadText(byte[] bytes)
    {
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith("\xEF\xBB\xBF"u8))
        {
            span = span[3..];
        }
        return System.Text.Unicode.Utf8.IsValid(span) ? Encoding.UTF8.GetString(span) : Encoding.Latin1.GetString(span);
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
