using System.Buffers;
using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Multilabel;

/// <summary>
/// A fitted <see cref="EnsembleClassifierChain"/>: a label's probability is the mean of the chains' probabilities,
/// each chain feeding forward its own decisions at its own thresholds (0.5). The ensemble's
/// <see cref="MultiLabelModel.Thresholds"/> apply to the mean only, so they do not change the probabilities.
/// </summary>
public sealed class EnsembleClassifierChainModel : MultiLabelModel
{
    private readonly ClassifierChainModel[] _chains;

    internal EnsembleClassifierChainModel(IReadOnlyList<string> labels, int featureCount, ClassifierChainModel[] chains) : base(labels, featureCount)
    {
        if (chains.Length == 0)
        {
            throw new ArgumentException($"{KindName}: an ensemble needs at least one chain.");
        }
        foreach (ClassifierChainModel chain in chains)
        {
            if (chain.FeatureCount != featureCount || !chain.Labels.SequenceEqual(labels, StringComparer.Ordinal))
            {
                throw new ArgumentException($"{KindName}: a chain's labels or feature count differ from the ensemble's.");
            }
        }
        _chains = chains;
    }

    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "ensemble-classifier-chain";

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>The chains, each with its own random order.</summary>
    public IReadOnlyList<ClassifierChainModel> Chains => _chains;

    /// <inheritdoc />
    public override void PredictProba(FeatureRow row, Span<double> probabilities)
    {
        int width = Labels.Count;
        double[] one = ArrayPool<double>.Shared.Rent(width);
        try
        {
            Span<double> mean = probabilities[..width];
            mean.Clear();
            foreach (ClassifierChainModel chain in _chains)
            {
                chain.PredictProba(row, one);
                for (int j = 0; j < width; j++)
                {
                    mean[j] += one[j];
                }
            }
            for (int j = 0; j < width; j++)
            {
                mean[j] /= _chains.Length;
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(one);
        }
    }

    /// <inheritdoc />
    protected internal override void Write(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteLabels(writer);
        writer.WriteJson("feature_count", FeatureCount);
        writer.WriteJson("chain_count", _chains.Length);
        for (int m = 0; m < _chains.Length; m++)
        {
            writer.WriteModel($"chains.{m}", _chains[m]);
        }
    }

    internal static EnsembleClassifierChainModel Read(ModelReader reader)
    {
        string[] labels = ReadLabels(reader);
        int count = reader.ReadJson<int>("chain_count");
        if (count < 1)
        {
            throw reader.Corrupt("chain_count", $"{count} chains");
        }
        var chains = new ClassifierChainModel[count];
        for (int m = 0; m < count; m++)
        {
            chains[m] = reader.ReadModel<ClassifierChainModel>($"chains.{m}");
        }
        var model = new EnsembleClassifierChainModel(labels, reader.ReadJson<int>("feature_count"), chains);
        model.ReadThresholds(reader);
        return model;
    }
}
