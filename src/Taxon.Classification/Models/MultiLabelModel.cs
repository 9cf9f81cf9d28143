using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// A fitted multi-label model: for each sample, a probability per label and the set of labels predicted
/// (scikit-learn: a fitted multi-label classifier's <c>predict</c> / <c>predict_proba</c>). By default a label is
/// predicted when its probability reaches 0.5; <see cref="WithThresholds"/> sets one threshold per label (e.g.
/// tuned on validation data), and <see cref="PredictTopK"/> takes the k most likely labels instead.
/// </summary>
public abstract class MultiLabelModel : Model
{
    private readonly string[] _labels;
    private double[] _thresholds;

    /// <summary>Sets the labels (the order of the probability columns) and the number of input features.</summary>
    protected MultiLabelModel(IReadOnlyList<string> labels, int featureCount) : base(featureCount)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count == 0)
        {
            throw new ArgumentException("MultiLabelModel: a multi-label model needs at least one label.", nameof(labels));
        }
        _labels = [.. labels];
        _thresholds = new double[_labels.Length];
        Array.Fill(_thresholds, 0.5);
    }

    /// <summary>The labels, in the order of the probability columns (scikit-learn: <c>MultiLabelBinarizer.classes_</c>).</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>The probability each label needs to be predicted; 0.5 unless set by <see cref="WithThresholds"/>.</summary>
    public IReadOnlyList<double> Thresholds => _thresholds;

    /// <summary>Writes each label's probability for one sample into <paramref name="probabilities"/> (scikit-learn: <c>predict_proba</c>).</summary>
    public abstract void PredictProba(FeatureRow row, Span<double> probabilities);

    /// <summary>
    /// Writes 1 into <paramref name="predicted"/>[j] when label j is predicted, else 0. By default a label whose
    /// probability reaches its threshold; models that predict labels jointly (chains) override this.
    /// </summary>
    public virtual void PredictIndicator(FeatureRow row, Span<byte> predicted)
    {
        Span<double> p = _labels.Length <= 256 ? stackalloc double[_labels.Length] : new double[_labels.Length];
        PredictProba(row, p);
        for (int j = 0; j < p.Length; j++)
        {
            predicted[j] = p[j] >= _thresholds[j] ? (byte)1 : (byte)0;
        }
    }

    /// <summary>The predicted label set of each sample (scikit-learn: <c>predict</c>, decoded).</summary>
    public string[][] Predict(FeatureMatrix x) => LabelIndicator.Decode(PredictIndicator(x), _labels);

    /// <summary>The row-major [samples, labels] 0/1 indicator of predicted labels (scikit-learn: <c>predict</c>).</summary>
    public byte[] PredictIndicator(FeatureMatrix x)
    {
        CheckInput(x);
        var y = new byte[x.Rows * _labels.Length];
        for (int i = 0; i < x.Rows; i++)
        {
            PredictIndicator(x.Row(i), y.AsSpan(i * _labels.Length, _labels.Length));
        }
        return y;
    }

    /// <summary>Label probabilities [samples, labels] (scikit-learn: <c>predict_proba</c>).</summary>
    public double[,] PredictProba(FeatureMatrix x)
    {
        CheckInput(x);
        var result = new double[x.Rows, _labels.Length];
        var row = new double[_labels.Length];
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

    /// <summary>The <paramref name="k"/> most probable labels of each sample, most probable first (ties: the earlier label).</summary>
    public string[][] PredictTopK(FeatureMatrix x, int k)
    {
        CheckInput(x);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        k = Math.Min(k, _labels.Length);
        var result = new string[x.Rows][];
        var p = new double[_labels.Length];
        var order = new int[_labels.Length];
        for (int i = 0; i < x.Rows; i++)
        {
            PredictProba(x.Row(i), p);
            for (int j = 0; j < order.Length; j++)
            {
                order[j] = j;
            }
            // Stable by index on ties: sort by (-p, index).
            Array.Sort(order, (a, b) => p[b] != p[a] ? p[b].CompareTo(p[a]) : a.CompareTo(b));
            var top = new string[k];
            for (int j = 0; j < k; j++)
            {
                top[j] = _labels[order[j]];
            }
            result[i] = top;
        }
        return result;
    }

    /// <summary>A copy of this model that predicts label j when its probability reaches <paramref name="thresholds"/>[j].</summary>
    public MultiLabelModel WithThresholds(IReadOnlyList<double> thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        if (thresholds.Count != _labels.Length)
        {
            throw new ArgumentException($"{Kind}: {thresholds.Count} thresholds for {_labels.Length} labels.");
        }
        foreach (double t in thresholds)
        {
            if (!(t >= 0 && t <= 1))
            {
                throw new ArgumentException($"{Kind}: threshold {t} is outside [0, 1].");
            }
        }
        var copy = (MultiLabelModel)MemberwiseClone();
        copy._thresholds = [.. thresholds];
        return copy;
    }

    /// <summary>Loads a multi-label model saved by <see cref="Model.Save"/>.</summary>
    public static MultiLabelModel Load(string path) => ModelFile.Load(path) as MultiLabelModel
        ?? throw new InvalidDataException($"{path}: holds a model that is not a multi-label model.");

    /// <summary>Writes the labels and thresholds; subclasses call this from <see cref="Model.Write"/>.</summary>
    protected void WriteLabels(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteJson("labels", _labels);
        writer.Write("thresholds", _thresholds);
    }

    /// <summary>Reads the labels written by <see cref="WriteLabels"/>.</summary>
    protected static string[] ReadLabels(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string[] labels = reader.ReadJson<string[]>("labels");
        if (labels.Length == 0 || labels.Distinct(StringComparer.Ordinal).Count() != labels.Length)
        {
            throw reader.Corrupt("labels", "the label list is empty or has a duplicate");
        }
        return labels;
    }

    /// <summary>Restores the thresholds written by <see cref="WriteLabels"/> into a freshly read model.</summary>
    protected void ReadThresholds(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        double[] t = reader.ReadDoubles("thresholds", _labels.Length);
        foreach (double v in t)
        {
            if (!(v >= 0 && v <= 1))
            {
                throw reader.Corrupt("thresholds", $"threshold {v} is outside [0, 1]");
            }
        }
        _thresholds = t;
    }
}
