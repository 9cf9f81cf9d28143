using System.Globalization;
using System.Text.Json;
using Taxon.Classification.Metrics;

namespace Taxon.Cli;

/// <summary>How <c>train</c> and <c>eval</c> print test metrics: a per-class table for people, the metric fields for the JSON line.</summary>
internal static class EvaluationOutput
{
    public static void PrintTable(ClassificationReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"{"class",8} {"precision",10} {"recall",10} {"f1",10} {"support",9}"));
        for (int i = 0; i < report.Labels.Count; i++)
        {
            Console.WriteLine(string.Create(inv,
                $"{report.Labels[i],8} {report.Precision[i],10:F4} {report.Recall[i],10:F4} {report.F1[i],10:F4} {report.Support[i],9}"));
        }
        Console.WriteLine(string.Create(inv, $"{"macro",8} {report.MacroPrecision,10:F4} {report.MacroRecall,10:F4} {report.MacroF1,10:F4} {report.Support.Sum(),9}"));
        Console.WriteLine(string.Create(inv, $"accuracy {report.Accuracy:F4}"));
    }

    public static void WriteMetrics(Utf8JsonWriter json, ClassificationReport report)
    {
        json.Number("accuracy", report.Accuracy, 6);
        json.Number("f1_macro", report.MacroF1, 6);
        json.Number("precision_macro", report.MacroPrecision, 6);
        json.Number("recall_macro", report.MacroRecall, 6);
    }

    /// <summary>Runs a command body, turning the errors a user can cause (bad paths, bad files, bad arguments) into one message and exit code 1.</summary>
    public static int Guard(string command, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or NotSupportedException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"taxon {command}: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"taxon {command}: cancelled; nothing was saved.");
            return 130;
        }
    }
}
