using System.Text.Json;
using Taxon.Classification.Data;
using Taxon.Classification.Metrics;
using Taxon.Classification.Models;
using Taxon.Classification.Text;

namespace Taxon.Cli;

/// <summary>
/// Scores a fitted model on labelled data and writes the metrics of its task: for single-label tasks accuracy,
/// macro/micro F1, per-class precision/recall/F1/support and (two classes) ROC AUC; for multi-label tasks Hamming
/// loss, subset accuracy and micro/macro/samples F1. <c>train</c> and <c>eval</c> print the same fields.
/// </summary>
internal sealed class TabularEvaluation
{
    private TabularEvaluation(string task, ClassificationReport? single, double? rocAuc, MultiLabelReport? multi)
    {
        Task = task;
        Single = single;
        RocAuc = rocAuc;
        Multi = multi;
    }

    public string Task { get; }

    public ClassificationReport? Single { get; }

    public double? RocAuc { get; }

    public MultiLabelReport? Multi { get; }

    /// <summary>Evaluates <paramref name="model"/> (a <see cref="ClassifierModel"/> or a <see cref="MultiLabelModel"/>) on <paramref name="test"/>.</summary>
    public static TabularEvaluation Of(Model model, LabeledData test)
    {
        switch (model)
        {
            case ClassifierModel classifier:
                if (test.IsMultiLabel)
                {
                    throw new ArgumentException($"{test.Source}: is multi-label, but the model predicts one label per sample.");
                }
                ClassificationReport report = classifier.Evaluate(test);
                double? auc = null;
                if (classifier.Classes.Count == 2)
                {
                    int[] truth = classifier.EncodeLabels(test);
                    double[,] p = classifier.PredictProba(test.Features);
                    var positive = new double[test.Count];
                    for (int i = 0; i < positive.Length; i++)
                    {
                        positive[i] = p[i, 1];
                    }
                    bool both = truth.Contains(0) && truth.Contains(1);
                    auc = both ? ClassificationMetrics.RocAuc(truth, positive) : null;
                }
                return new TabularEvaluation(classifier.Classes.Count == 2 ? "binary" : "multiclass", report, auc, null);
            case TextClassifierModel text when text.IsMultiLabel:
                return new TabularEvaluation("multilabel", null, null, text.EvaluateMultiLabel(test));
            case TextClassifierModel text:
                if (test.IsMultiLabel)
                {
                    throw new ArgumentException($"{test.Source}: is multi-label, but the model predicts one label per text.");
                }
                ClassificationReport textReport = text.Evaluate(test);
                double? textAuc = null;
                if (text.Classes.Count == 2)
                {
                    double[,] p = text.PredictProba(test.Texts!);
                    var truth = new int[test.Count];
                    var positive = new double[test.Count];
                    for (int i = 0; i < positive.Length; i++)
                    {
                        truth[i] = test.Labels[i] == text.Classes[1] ? 1 : 0;
                        positive[i] = p[i, 1];
                    }
                    textAuc = truth.Contains(0) && truth.Contains(1) ? ClassificationMetrics.RocAuc(truth, positive) : null;
                }
                return new TabularEvaluation(text.Classes.Count == 2 ? "binary" : "multiclass", textReport, textAuc, null);
            case MultiLabelModel multi:
                if (!test.IsMultiLabel)
                {
                    throw new ArgumentException($"{test.Source}: is single-label, but the model predicts a set of labels per sample.");
                }
                string[][] predicted = multi.Predict(test.Features);
                var known = new HashSet<string>(multi.Labels, StringComparer.Ordinal);
                for (int i = 0; i < test.Count; i++)
                {
                    foreach (string label in test.LabelSets[i])
                    {
                        if (!known.Contains(label))
                        {
                            throw new ArgumentException($"{test.Describe(i)}: label '{label}' was not seen in training.");
                        }
                    }
                }
                return new TabularEvaluation("multilabel", null, null, MultiLabelMetrics.Report(test.LabelSets, predicted, multi.Labels));
            default:
                throw new ArgumentException($"a {model.Kind} model is not a classifier.");
        }
    }

    /// <summary>The metric fields of the JSON line.</summary>
    public void Write(Utf8JsonWriter json)
    {
        if (Single is { } r)
        {
            json.Number("accuracy", r.Accuracy, 6);
            json.Number("f1_macro", r.MacroF1, 6);
            json.Number("f1_micro", r.MicroF1, 6);
            json.Number("precision_macro", r.MacroPrecision, 6);
            json.Number("recall_macro", r.MacroRecall, 6);
            if (RocAuc is double auc)
            {
                json.Number("roc_auc", auc, 6);
            }
            json.WriteStartObject("per_class");
            for (int c = 0; c < r.Names.Count; c++)
            {
                json.WriteStartObject(r.Names[c]);
                json.Number("precision", r.Precision[c], 6);
                json.Number("recall", r.Recall[c], 6);
                json.Number("f1", r.F1[c], 6);
                json.WriteNumber("support", r.Support[c]);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        else if (Multi is { } m)
        {
            json.Number("hamming_loss", m.HammingLoss, 6);
            json.Number("subset_accuracy", m.SubsetAccuracy, 6);
            json.Number("f1_micro", m.MicroF1, 6);
            json.Number("f1_macro", m.MacroF1, 6);
            json.Number("f1_samples", m.SamplesF1, 6);
        }
    }

    /// <summary>The scikit-learn-style report for people.</summary>
    public void Print()
    {
        Console.WriteLine(Single?.ToText(4) ?? Multi!.ToText(4));
        if (RocAuc is double auc)
        {
            Console.WriteLine($"roc_auc {auc:F4}");
        }
    }
}
