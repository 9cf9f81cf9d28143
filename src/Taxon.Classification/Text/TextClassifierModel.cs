using Taxon.Classification.Data;
using Taxon.Classification.Metrics;
using Taxon.Classification.Models;

namespace Taxon.Classification.Text;

/// <summary>
/// A fitted text classifier: raw text in, labels out (scikit-learn: a fitted text <c>Pipeline</c>; fastText:
/// <c>predict</c> / <c>predict-prob</c>). Column j of every score matrix belongs to <c>Classes[j]</c>. Single-label
/// models give probabilities that sum to 1; multi-label ones (<see cref="IsMultiLabel"/>) give one independent
/// probability per label and predict the labels at or above <see cref="Threshold"/>. Models are immutable and safe
/// to use from many threads; the batch methods score texts in parallel.
/// </summary>
public abstract class TextClassifierModel : Model
{
    private readonly string[] _classes;

    /// <summary>Sets the classes (in the order of the score columns) and whether the model is multi-label.</summary>
    protected TextClassifierModel(IReadOnlyList<string> classes, bool isMultiLabel) : base(0)
    {
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.Count == 0)
        {
            throw new ArgumentException("TextClassifierModel: a classifier needs at least one class.", nameof(classes));
        }
        _classes = [.. classes];
        IsMultiLabel = isMultiLabel;
    }

    /// <summary>The class labels, in the order of the probability columns (scikit-learn: <c>classes_</c>).</summary>
    public IReadOnlyList<string> Classes => _classes;

    /// <summary>Whether each text gets a set of labels (independent probabilities) rather than one.</summary>
    public bool IsMultiLabel { get; }

    /// <summary>Multi-label models: the probability at or above which a label is predicted (fastText: <c>-t</c>); 0.5 unless the model says otherwise.</summary>
    public virtual double Threshold => 0.5;

    /// <summary>
    /// How the model's training texts were made from raw e-mail messages, or null when they were plain texts.
    /// <see cref="PrepareMessage"/> turns a raw message into such a text; the command line's <c>predict</c> does so for
    /// every input.
    /// </summary>
    public EmailTextOptions? EmailText { get; internal set; }

    /// <summary>Writes one probability per class for <paramref name="text"/> into <paramref name="probabilities"/>.</summary>
    public abstract void PredictProba(string text, Span<double> probabilities);

    /// <summary>The index into <see cref="Classes"/> of the most probable class (first on ties).</summary>
    public virtual int PredictIndex(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<double> p = _classes.Length <= 256 ? stackalloc double[_classes.Length] : new double[_classes.Length];
        PredictProba(text, p);
        int best = 0;
        for (int j = 1; j < p.Length; j++)
        {
            if (p[j] > p[best])
            {
                best = j;
            }
        }
        return best;
    }

    /// <summary>The most probable class of one text.</summary>
    public string Predict(string text) => _classes[PredictIndex(text)];

    /// <summary>The text a raw message becomes for this model: its <see cref="EmailMessage.ToText(EmailTextOptions?)"/> when the model was trained on messages, else the input unchanged.</summary>
    public string PrepareMessage(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return EmailText is { } options ? EmailMessage.Parse(raw).ToText(options) : raw;
    }

    /// <summary>The most probable class of each text (scikit-learn: <c>predict</c>).</summary>
    public string[] Predict(IReadOnlyList<string> texts)
    {
        int[] indices = PredictIndices(texts);
        var labels = new string[indices.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = _classes[indices[i]];
        }
        return labels;
    }

    /// <summary>The index into <see cref="Classes"/> of each text's most probable class.</summary>
    public virtual int[] PredictIndices(IReadOnlyList<string> texts)
    {
        CheckTexts(texts);
        var result = new int[texts.Count];
        Parallel.For(0, texts.Count, i => result[i] = PredictIndex(texts[i]));
        return result;
    }

    /// <summary>Class probabilities [texts, classes] (scikit-learn: <c>predict_proba</c>).</summary>
    public virtual double[,] PredictProba(IReadOnlyList<string> texts)
    {
        CheckTexts(texts);
        int width = _classes.Length;
        var result = new double[texts.Count, width];
        Parallel.For(0, texts.Count, () => new double[width], (i, _, row) =>
        {
            PredictProba(texts[i], row);
            for (int j = 0; j < width; j++)
            {
                result[i, j] = row[j];
            }
            return row;
        }, _ => { });
        return result;
    }

    /// <summary>
    /// The <paramref name="k"/> most probable classes of one text whose probability is at least
    /// <paramref name="threshold"/>, most probable first (fastText: <c>predict-prob model - k threshold</c>).
    /// </summary>
    public (string Label, double Probability)[] PredictTopK(string text, int k, double threshold = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var p = new double[_classes.Length];
        PredictProba(text, p);
        int[] order = new int[p.Length];
        for (int j = 0; j < order.Length; j++)
        {
            order[j] = j;
        }
        Array.Sort(order, (a, b) => p[b] != p[a] ? p[b].CompareTo(p[a]) : a.CompareTo(b));
        var top = new List<(string, double)>(Math.Min(k, order.Length));
        for (int r = 0; r < order.Length && top.Count < k && p[order[r]] >= threshold; r++)
        {
            top.Add((_classes[order[r]], p[order[r]]));
        }
        return [.. top];
    }

    /// <summary>Multi-label models: the labels of one text at or above <see cref="Threshold"/>, in class order; single-label models: the one predicted class.</summary>
    public string[] PredictLabels(string text)
    {
        if (!IsMultiLabel)
        {
            return [Predict(text)];
        }
        var p = new double[_classes.Length];
        PredictProba(text, p);
        var labels = new List<string>();
        for (int j = 0; j < p.Length; j++)
        {
            if (p[j] >= Threshold)
            {
                labels.Add(_classes[j]);
            }
        }
        return [.. labels];
    }

    /// <summary>Every single-label metric on labelled texts, per class (see <see cref="Classes"/>); a label unseen in training is an error naming the sample.</summary>
    public ClassificationReport Evaluate(LabeledData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        IReadOnlyList<string> texts = data.Texts ?? throw new ArgumentException($"{data.Source ?? "the data"}: holds numeric features, not texts.");
        if (data.IsMultiLabel)
        {
            throw new ArgumentException($"{data.Source ?? "the data"}: is multi-label; use EvaluateMultiLabel.");
        }
        var index = new Dictionary<string, int>(_classes.Length, StringComparer.Ordinal);
        for (int j = 0; j < _classes.Length; j++)
        {
            index[_classes[j]] = j;
        }
        var truth = new int[data.Count];
        for (int i = 0; i < truth.Length; i++)
        {
            if (!index.TryGetValue(data.Labels[i], out truth[i]))
            {
                throw new ArgumentException(
                    $"{data.Describe(i)}: label '{data.Labels[i]}' was not seen in training; this model knows {ClassifierModel.LabelList(_classes)}.");
            }
        }
        var labels = new int[_classes.Length];
        for (int j = 0; j < labels.Length; j++)
        {
            labels[j] = j;
        }
        return ClassificationMetrics.Report(truth, PredictIndices(texts), labels, [.. _classes], zeroDivision: 0);
    }

    /// <summary>Every multi-label metric on texts with label sets (labels unseen in training count as never predicted).</summary>
    public MultiLabelReport EvaluateMultiLabel(LabeledData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        IReadOnlyList<string> texts = data.Texts ?? throw new ArgumentException($"{data.Source ?? "the data"}: holds numeric features, not texts.");
        var predicted = new IReadOnlyList<string>[texts.Count];
        Parallel.For(0, texts.Count, i => predicted[i] = PredictLabels(texts[i]));
        var names = new SortedSet<string>(_classes, StringComparer.Ordinal);
        IReadOnlyList<IReadOnlyList<string>> truth = data.IsMultiLabel ? data.LabelSets : data.Labels.Select(l => (IReadOnlyList<string>)[l]).ToArray();
        foreach (IReadOnlyList<string> set in truth)
        {
            names.UnionWith(set);
        }
        return MultiLabelMetrics.Report(truth, predicted, [.. names], zeroDivision: 0);
    }

    /// <summary>Loads a text classifier saved by <see cref="Model.Save"/>.</summary>
    public static TextClassifierModel Load(string path) => ModelFile.Load(path) as TextClassifierModel
        ?? throw new InvalidDataException($"{path}: holds a model that is not a text classifier.");

    /// <summary>Writes the classes and the e-mail setting; subclasses call this from <see cref="Model.Write"/>.</summary>
    protected void WriteTextModel(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteJson("classes", _classes);
        writer.WriteJson("multi_label", IsMultiLabel);
        if (EmailText is not null)
        {
            writer.WriteJson("email_text", EmailText);
        }
    }

    /// <summary>Reads the classes written by <see cref="WriteTextModel"/>.</summary>
    protected static string[] ReadClasses(ModelReader reader) => ClassifierModel.ReadClassList(reader);

    /// <summary>Reads whether the model is multi-label, written by <see cref="WriteTextModel"/>.</summary>
    protected static bool ReadMultiLabel(ModelReader reader) => reader.ReadJson<bool>("multi_label");

    /// <summary>Sets the e-mail setting written by <see cref="WriteTextModel"/> on a loaded model and returns it.</summary>
    protected static T WithEmailText<T>(T model, ModelReader reader) where T : TextClassifierModel
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(reader);
        model.EmailText = reader.Contains("email_text") ? reader.ReadJson<EmailTextOptions>("email_text") : null;
        return model;
    }

    private static void CheckTexts(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        for (int i = 0; i < texts.Count; i++)
        {
            if (texts[i] is null)
            {
                throw new ArgumentException($"text {i} is null.");
            }
        }
    }
}
