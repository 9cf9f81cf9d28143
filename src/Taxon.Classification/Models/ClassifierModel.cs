using Taxon.Classification.Data;
using Taxon.Classification.Metrics;

namespace Taxon.Classification.Models;

/// <summary>
/// A fitted single-label classifier (scikit-learn: a fitted classifier with <c>classes_</c>, <c>predict</c>,
/// <c>predict_proba</c>, <c>decision_function</c>, <c>score</c>). Labels are strings; column j of every score matrix
/// belongs to <c>Classes[j]</c>. Subclasses score one row at a time; the batch methods here build on that, and a
/// subclass may override them to score many rows at once (in parallel, or through a network in batches).
/// </summary>
public abstract class ClassifierModel : Model
{
    private readonly string[] _classes;

    /// <summary>Sets the classes (in the order of the score columns) and the number of input features.</summary>
    protected ClassifierModel(IReadOnlyList<string> classes, int featureCount) : base(featureCount)
    {
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.Count == 0)
        {
            throw new ArgumentException("ClassifierModel: a classifier needs at least one class.", nameof(classes));
        }
        _classes = [.. classes];
    }

    /// <summary>The class labels, in the order of the probability columns (scikit-learn: <c>classes_</c>).</summary>
    public IReadOnlyList<string> Classes => _classes;

    /// <summary>
    /// The number of decision values per sample: 1 for two classes (the score of <c>Classes[1]</c>, positive means
    /// <c>Classes[1]</c>, as scikit-learn's binary <c>decision_function</c>), otherwise one per class.
    /// </summary>
    public virtual int DecisionWidth => _classes.Length == 2 ? 1 : _classes.Length;

    /// <summary>Writes <see cref="DecisionWidth"/> decision values of one sample into <paramref name="scores"/> (scikit-learn: <c>decision_function</c>).</summary>
    public abstract void DecisionFunction(FeatureRow row, Span<double> scores);

    /// <summary>Writes one probability per class into <paramref name="probabilities"/>; they lie in [0, 1] and sum to 1 (scikit-learn: <c>predict_proba</c>).</summary>
    public abstract void PredictProba(FeatureRow row, Span<double> probabilities);

    /// <summary>The index into <see cref="Classes"/> of the predicted class: the largest decision value (first on ties), or for two classes, class 1 when its score is positive.</summary>
    public virtual int PredictIndex(FeatureRow row)
    {
        int width = DecisionWidth;
        Span<double> scores = width <= 64 ? stackalloc double[width] : new double[width];
        DecisionFunction(row, scores);
        if (_classes.Length == 2 && width == 1)
        {
            return scores[0] > 0 ? 1 : 0;
        }
        int best = 0;
        for (int j = 1; j < scores.Length; j++)
        {
            if (scores[j] > scores[best])
            {
                best = j;
            }
        }
        return best;
    }

    /// <summary>The predicted class of one sample.</summary>
    public string Predict(FeatureRow row)
    {
        CheckInput(row);
        return _classes[PredictIndex(row)];
    }

    /// <summary>The predicted class of each sample (scikit-learn: <c>predict</c>).</summary>
    public string[] Predict(FeatureMatrix x)
    {
        int[] indices = PredictIndices(x);
        var labels = new string[indices.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = _classes[indices[i]];
        }
        return labels;
    }

    /// <summary>The index into <see cref="Classes"/> of each sample's predicted class.</summary>
    public virtual int[] PredictIndices(FeatureMatrix x)
    {
        CheckInput(x);
        var result = new int[x.Rows];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = PredictIndex(x.Row(i));
        }
        return result;
    }

    /// <summary>Class probabilities [samples, classes] (scikit-learn: <c>predict_proba</c>).</summary>
    public virtual double[,] PredictProba(FeatureMatrix x)
    {
        CheckInput(x);
        var result = new double[x.Rows, _classes.Length];
        var row = new double[_classes.Length];
        for (int i = 0; i < x.Rows; i++)
        {
            PredictProba(x.Row(i), row);
            for (int j = 0; j < row.Length; j++)
            {
                result[i, j] = row[j];
            }
        }
        return result;
    }

    /// <summary>Decision values [samples, <see cref="DecisionWidth"/>] (scikit-learn: <c>decision_function</c>).</summary>
    public virtual double[,] DecisionFunction(FeatureMatrix x)
    {
        CheckInput(x);
        int width = DecisionWidth;
        var result = new double[x.Rows, width];
        var row = new double[width];
        for (int i = 0; i < x.Rows; i++)
        {
            DecisionFunction(x.Row(i), row);
            for (int j = 0; j < width; j++)
            {
                result[i, j] = row[j];
            }
        }
        return result;
    }

    /// <summary>
    /// Each sample's label as an index into <see cref="Classes"/>; a label the model never saw in training is an
    /// <see cref="ArgumentException"/> naming the sample's file and line.
    /// </summary>
    public int[] EncodeLabels(LabeledData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        IReadOnlyList<string> labels = data.Labels;
        var index = new Dictionary<string, int>(_classes.Length, StringComparer.Ordinal);
        for (int j = 0; j < _classes.Length; j++)
        {
            index[_classes[j]] = j;
        }
        var y = new int[labels.Count];
        for (int i = 0; i < y.Length; i++)
        {
            if (!index.TryGetValue(labels[i], out y[i]))
            {
                throw new ArgumentException(
                    $"{data.Describe(i)}: label '{labels[i]}' was not seen in training; this model knows {LabelList(_classes)}.");
            }
        }
        return y;
    }

    /// <summary>The accuracy on labelled data (scikit-learn: <c>score</c>).</summary>
    public double Score(LabeledData data)
    {
        int[] truth = EncodeLabels(data);
        return ClassificationMetrics.Accuracy(truth, PredictIndices(data.Features));
    }

    /// <summary>Every single-label metric on labelled data, per class index (see <see cref="Classes"/>), named by class (<see cref="ClassificationReport.Names"/>).</summary>
    public ClassificationReport Evaluate(LabeledData data)
    {
        int[] truth = EncodeLabels(data);
        var labels = new int[_classes.Length];
        for (int j = 0; j < labels.Length; j++)
        {
            labels[j] = j;
        }
        return ClassificationMetrics.Report(truth, PredictIndices(data.Features), labels, [.. _classes], zeroDivision: 0);
    }

    /// <summary>Loads a single-label classifier saved by <see cref="Model.Save"/>.</summary>
    public static ClassifierModel Load(string path) => ModelFile.Load(path) as ClassifierModel
        ?? throw new InvalidDataException($"{path}: holds a model that is not a single-label classifier.");

    /// <summary>Writes the classes; subclasses call this from <see cref="Model.Write"/>.</summary>
    protected void WriteClasses(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteJson("classes", _classes);
    }

    /// <summary>Reads the classes written by <see cref="WriteClasses"/>.</summary>
    protected static string[] ReadClasses(ModelReader reader) => ReadClassList(reader);

    /// <summary>The class list under <c>classes</c>: present, non-empty and without duplicates (text models share it).</summary>
    internal static string[] ReadClassList(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string[] classes = reader.ReadJson<string[]>("classes");
        if (classes.Length == 0 || classes.Distinct(StringComparer.Ordinal).Count() != classes.Length)
        {
            throw reader.Corrupt("classes", "the class list is empty or has a duplicate");
        }
        return classes;
    }

    internal static string LabelList(IReadOnlyList<string> labels) =>
        labels.Count <= 20 ? "[" + string.Join(", ", labels.Select(l => $"'{l}'")) + "]" : $"{labels.Count} labels";
}
