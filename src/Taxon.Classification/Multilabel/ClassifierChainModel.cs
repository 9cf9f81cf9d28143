using System.Buffers;
using Taxon.Classification.Data;
using Taxon.Classification.Models;
using Taxon.Classification.Multiclass;

namespace Taxon.Classification.Multilabel;

/// <summary>
/// A fitted <see cref="ClassifierChain"/> (scikit-learn: a fitted <c>ClassifierChain</c>). Link c predicts label
/// <c>Order[c]</c> from the features followed by the 0/1 predictions of links 0..c−1, which are hard decisions
/// fed forward, as scikit-learn 1.2's <c>predict</c> and <c>predict_proba</c> both do. The decision fed forward for
/// a label is exactly the one reported for it: its probability reaches its threshold (<see
/// cref="MultiLabelModel.Thresholds"/>, 0.5 unless set). So changing one label's threshold changes the
/// probabilities of the labels after it in the chain, <see cref="MultiLabelModel.PredictProba(FeatureRow, Span{double})"/>
/// and the predicted set always agree, and <see cref="ThresholdTuning"/> tunes the links in chain order. With the
/// default thresholds this is scikit-learn's chain for any base model whose <c>predict</c> is its probability
/// reaching 0.5 (a probability of exactly 0.5 counts as the label here).
/// </summary>
public sealed class ClassifierChainModel : MultiLabelModel
{
    private readonly ClassifierModel[] _links;
    private readonly int[] _order;

    internal ClassifierChainModel(IReadOnlyList<string> labels, int featureCount, int[] order, ClassifierModel[] links) : base(labels, featureCount)
    {
        int width = labels.Count;
        if (order.Length != width || links.Length != width)
        {
            throw new ArgumentException($"{KindName}: {links.Length} links and an order of {order.Length} for {width} labels.");
        }
        var seen = new bool[width];
        foreach (int j in order)
        {
            if ((uint)j >= (uint)width || seen[j])
            {
                throw new ArgumentException($"{KindName}: the order [{string.Join(", ", order)}] is not a permutation of the {width} labels.");
            }
            seen[j] = true;
        }
        for (int c = 0; c < links.Length; c++)
        {
            BinaryOutputs.CheckBinary(links[c], featureCount + c, KindName, c);
        }
        _order = order;
        _links = links;
    }

    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "classifier-chain";

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>The label index (into <see cref="MultiLabelModel.Labels"/>) of each link, first link first (scikit-learn: <c>order_</c>).</summary>
    public IReadOnlyList<int> Order => _order;

    /// <summary>The binary models in chain order; link c takes FeatureCount + c features (scikit-learn: <c>estimators_</c>).</summary>
    public IReadOnlyList<ClassifierModel> Links => _links;

    /// <inheritdoc />
    public override void PredictProba(FeatureRow row, Span<double> probabilities)
    {
        int d = FeatureCount, width = _links.Length;
        IReadOnlyList<double> thresholds = Thresholds;
        if (row.IsDense)
        {
            float[] buffer = ArrayPool<float>.Shared.Rent(d + width);
            try
            {
                row.CopyTo(buffer);
                for (int c = 0; c < width; c++)
                {
                    int label = _order[c];
                    double p = BinaryOutputs.PositiveProbability(_links[c], new FeatureRow(buffer.AsSpan(0, d + c)));
                    probabilities[label] = p;
                    buffer[d + c] = p >= thresholds[label] ? 1f : 0f;
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
            return;
        }
        int stored = row.StoredCount;
        int[] indices = ArrayPool<int>.Shared.Rent(stored + width);
        float[] values = ArrayPool<float>.Shared.Rent(stored + width);
        try
        {
            row.Indices.CopyTo(indices);
            row.Values.CopyTo(values);
            int count = stored;
            for (int c = 0; c < width; c++)
            {
                int label = _order[c];
                var augmented = new FeatureRow(indices.AsSpan(0, count), values.AsSpan(0, count), d + c);
                double p = BinaryOutputs.PositiveProbability(_links[c], augmented);
                probabilities[label] = p;
                if (p >= thresholds[label])
                {
                    // A sparse row stores only the labels fed forward as 1, as scipy's hstack would.
                    indices[count] = d + c;
                    values[count] = 1f;
                    count++;
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indices);
            ArrayPool<float>.Shared.Return(values);
        }
    }

    /// <inheritdoc />
    protected internal override void Write(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteLabels(writer);
        writer.WriteJson("feature_count", FeatureCount);
        writer.Write("order", _order);
        for (int c = 0; c < _links.Length; c++)
        {
            writer.WriteModel($"links.{c}", _links[c]);
        }
    }

    internal static ClassifierChainModel Read(ModelReader reader)
    {
        string[] labels = ReadLabels(reader);
        int[] order = reader.ReadInts("order", labels.Length);
        var links = new ClassifierModel[labels.Length];
        for (int c = 0; c < links.Length; c++)
        {
            links[c] = reader.ReadModel<ClassifierModel>($"links.{c}");
        }
        var model = new ClassifierChainModel(labels, reader.ReadJson<int>("feature_count"), order, links);
        model.ReadThresholds(reader);
        return model;
    }
}
