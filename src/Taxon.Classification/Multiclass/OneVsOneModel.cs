using System.Buffers;
using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Multiclass;

/// <summary>
/// A fitted <see cref="OneVsOneClassifier"/> (scikit-learn: a fitted <c>OneVsOneClassifier</c>). Model p scores
/// pair p = (i, j) in lexicographic order, class j positive. Decision values are scikit-learn's
/// <c>_ovr_decision_function</c>: each class's votes plus its summed pairwise confidences mapped into (−1/3, 1/3),
/// which only breaks ties between equal vote counts; the prediction is the largest (the first on exact ties), so it
/// is the class with most votes. For two classes the single decision value is that of the second class, as
/// scikit-learn returns. Probabilities couple the pairwise probabilities P(i | i or j) with Wu, Lin and Weng's
/// method 2 as LIBSVM does (scikit-learn's <c>OneVsOneClassifier</c> has no <c>predict_proba</c>).
/// </summary>
public sealed class OneVsOneModel : ClassifierModel
{
    private readonly ClassifierModel[] _estimators;

    internal OneVsOneModel(IReadOnlyList<string> classes, int featureCount, ClassifierModel[] estimators) : base(classes, featureCount)
    {
        int k = classes.Count;
        if (estimators.Length != k * (k - 1) / 2)
        {
            throw new ArgumentException($"{KindName}: {estimators.Length} pairwise models for {k} classes; expected {k * (k - 1) / 2}.");
        }
        for (int p = 0; p < estimators.Length; p++)
        {
            BinaryOutputs.CheckBinary(estimators[p], featureCount, KindName, p);
        }
        _estimators = estimators;
    }

    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "one-vs-one";

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>The pairwise models, for pairs (0, 1), (0, 2), …, (1, 2), … (scikit-learn: <c>estimators_</c>).</summary>
    public IReadOnlyList<ClassifierModel> Estimators => _estimators;

    /// <inheritdoc />
    public override void DecisionFunction(FeatureRow row, Span<double> scores)
    {
        int k = Classes.Count;
        Span<double> all = k <= 64 ? stackalloc double[k] : new double[k];
        Votes(row, all);
        if (k == 2)
        {
            scores[0] = all[1];
            return;
        }
        all.CopyTo(scores);
    }

    /// <inheritdoc />
    public override int PredictIndex(FeatureRow row)
    {
        int k = Classes.Count;
        Span<double> all = k <= 64 ? stackalloc double[k] : new double[k];
        Votes(row, all);
        if (k == 2)
        {
            return all[1] > 0 ? 1 : 0;
        }
        int best = 0;
        for (int c = 1; c < k; c++)
        {
            if (all[c] > all[best])
            {
                best = c;
            }
        }
        return best;
    }

    private void Votes(FeatureRow row, Span<double> scores)
    {
        int pairs = _estimators.Length;
        int[] predictions = ArrayPool<int>.Shared.Rent(pairs);
        double[] confidences = ArrayPool<double>.Shared.Rent(pairs);
        try
        {
            for (int p = 0; p < pairs; p++)
            {
                predictions[p] = _estimators[p].PredictIndex(row);
                confidences[p] = BinaryOutputs.Decision(_estimators[p], row);
            }
            PairwiseVoting.Scores(predictions.AsSpan(0, pairs), confidences.AsSpan(0, pairs), scores);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(predictions);
            ArrayPool<double>.Shared.Return(confidences);
        }
    }

    /// <inheritdoc />
    public override void PredictProba(FeatureRow row, Span<double> probabilities)
    {
        int k = Classes.Count;
        double[] buffer = ArrayPool<double>.Shared.Rent(2 * k * k + k);
        try
        {
            Span<double> r = buffer.AsSpan(0, k * k);
            Span<double> pair = stackalloc double[2];
            int p = 0;
            for (int i = 0; i < k; i++)
            {
                for (int j = i + 1; j < k; j++, p++)
                {
                    _estimators[p].PredictProba(row, pair);
                    double rij = PairwiseCoupling.Clip(pair[0]);
                    r[i * k + j] = rij;
                    r[j * k + i] = 1 - rij;
                }
            }
            PairwiseCoupling.Couple(r, probabilities[..k], buffer.AsSpan(k * k, k * k + k));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc />
    protected internal override void Write(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteClasses(writer);
        writer.WriteJson("feature_count", FeatureCount);
        for (int p = 0; p < _estimators.Length; p++)
        {
            writer.WriteModel($"estimators.{p}", _estimators[p]);
        }
    }

    internal static OneVsOneModel Read(ModelReader reader)
    {
        string[] classes = ReadClasses(reader);
        var estimators = new ClassifierModel[classes.Length * (classes.Length - 1) / 2];
        for (int p = 0; p < estimators.Length; p++)
        {
            estimators[p] = reader.ReadModel<ClassifierModel>($"estimators.{p}");
        }
        return new OneVsOneModel(classes, reader.ReadJson<int>("feature_count"), estimators);
    }
}
