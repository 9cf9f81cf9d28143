using System.Diagnostics;
using System.Globalization;
using Taxon.Classification.Data;
using Taxon.Classification.Text;

namespace Taxon.Cli;

/// <summary>
/// <c>taxon train</c> on text data (a folder per class or a <c>.tar.gz</c> of them, JSON Lines or CSV/TSV with a text
/// field, fastText's <c>__label__</c> lines, mbox files, raw e-mail): fits a text model, evaluates it on the test
/// data (or a stratified hold-out), optionally saves it, and ends with the same JSON line as the tabular models.
/// </summary>
internal static class TextTraining
{
    public static int Run(TabularTraining.Arguments a, TextModelCatalog catalog, LabeledData train, LabeledData test, double loadSeconds, CancellationToken cancellationToken)
    {
        if (a.Multiclass is not null || a.Multilabel is not null)
        {
            throw new ArgumentException($"{(a.Multiclass is not null ? "--multiclass" : "--multilabel")}: applies to models on numeric features; text models are multi-class natively, and fasttext --loss ova is multi-label.");
        }
        string task = TabularTraining.InferTask(train, a.Task);
        TextClassifier estimator = catalog.Create(a.Model, train.IsMultiLabel);
        long fitStart = Stopwatch.GetTimestamp();
        TextClassifierModel fitted = estimator.Fit(train, cancellationToken);
        double trainSeconds = Stopwatch.GetElapsedTime(fitStart).TotalSeconds;
        return TabularTraining.Finish(a, fitted, estimator.Name, task, train, test, loadSeconds, trainSeconds,
            string.Create(CultureInfo.InvariantCulture,
                $"{estimator.Name} ({task}): {train.Count} training and {test.Count} test texts{(train.EmailText is null ? "" : " (read as e-mail)")}, fitted in {trainSeconds:F3} s"),
            w => w.WriteBoolean("email", train.EmailText is not null));
    }
}
