using System.Buffers;
using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Multilabel;

/// <summary>
/// A fitted <see cref="MultiLabelNetwork"/>: label j's probability is the sigmoid of output j. The float32 weights
/// trained on the engine are kept as saved; inference reads them in double, one sample at a time, so a sparse row
/// costs only its non-zero features in the first layer.
/// </summary>
public sealed class MultiLabelNetworkModel : MultiLabelModel
{
    private readonly int[] _sizes;
    private readonly float[][] _weights;
    private readonly float[][] _biases;
    private readonly double[][] _weightsDouble;
    private readonly int _widest;

    internal MultiLabelNetworkModel(IReadOnlyList<string> labels, int[] sizes, float[][] weights, float[][] biases) : base(labels, sizes[0])
    {
        if (sizes.Length < 2 || sizes[^1] != labels.Count || weights.Length != sizes.Length - 1 || biases.Length != weights.Length)
        {
            throw new ArgumentException($"{KindName}: layer sizes [{string.Join(", ", sizes)}] do not fit {weights.Length} layers and {labels.Count} labels.");
        }
        _weightsDouble = new double[weights.Length][];
        for (int l = 0; l < weights.Length; l++)
        {
            if (weights[l].Length != sizes[l] * sizes[l + 1] || biases[l].Length != sizes[l + 1])
            {
                throw new ArgumentException($"{KindName}: layer {l} has {weights[l].Length} weights and {biases[l].Length} biases for {sizes[l]} → {sizes[l + 1]}.");
            }
            _weightsDouble[l] = Array.ConvertAll(weights[l], w => (double)w);
        }
        _sizes = sizes;
        _weights = weights;
        _biases = biases;
        _widest = sizes.Max();
    }

    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "multilabel-network";

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>The width of every layer: the features, the hidden layers, then one output per label.</summary>
    public IReadOnlyList<int> LayerSizes => _sizes;

    /// <inheritdoc />
    public override void PredictProba(FeatureRow row, Span<double> probabilities)
    {
        double[] buffer = ArrayPool<double>.Shared.Rent(2 * _widest);
        try
        {
            Span<double> current = buffer.AsSpan(0, _widest), next = buffer.AsSpan(_widest, _widest);
            int layers = _weights.Length;
            for (int l = 0; l < layers; l++)
            {
                int inputs = _sizes[l], outputs = _sizes[l + 1];
                double[] w = _weightsDouble[l];
                float[] b = _biases[l];
                for (int o = 0; o < outputs; o++)
                {
                    ReadOnlySpan<double> weightRow = w.AsSpan(o * inputs, inputs);
                    double s = b[o];
                    if (l == 0)
                    {
                        s += row.Dot(weightRow);
                    }
                    else
                    {
                        for (int i = 0; i < inputs; i++)
                        {
                            s += weightRow[i] * current[i];
                        }
                    }
                    next[o] = l < layers - 1 ? Math.Max(s, 0) : s;
                }
                Span<double> swap = current;
                current = next;
                next = swap;
            }
            for (int j = 0; j < _sizes[^1]; j++)
            {
                probabilities[j] = 1 / (1 + Math.Exp(-current[j]));
            }
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
        WriteLabels(writer);
        writer.WriteJson("layer_sizes", _sizes);
        for (int l = 0; l < _weights.Length; l++)
        {
            writer.Write($"layers.{l}.weight", Tensor.FromArray(_weights[l], _sizes[l + 1], _sizes[l]));
            writer.Write($"layers.{l}.bias", Tensor.FromArray(_biases[l], _sizes[l + 1]));
        }
    }

    internal static MultiLabelNetworkModel Read(ModelReader reader)
    {
        string[] labels = ReadLabels(reader);
        int[] sizes = reader.ReadJson<int[]>("layer_sizes");
        if (sizes.Length < 2 || sizes.Any(s => s < 0) || sizes[^1] != labels.Length)
        {
            throw reader.Corrupt("layer_sizes", $"[{string.Join(", ", sizes)}] does not end with the {labels.Length} labels");
        }
        var weights = new float[sizes.Length - 1][];
        var biases = new float[sizes.Length - 1][];
        for (int l = 0; l < weights.Length; l++)
        {
            weights[l] = reader.ReadTensor($"layers.{l}.weight", [sizes[l + 1], sizes[l]]).ToArray();
            biases[l] = reader.ReadTensor($"layers.{l}.bias", [sizes[l + 1]]).ToArray();
        }
        var model = new MultiLabelNetworkModel(labels, sizes, weights, biases);
        model.ReadThresholds(reader);
        return model;
    }
}
