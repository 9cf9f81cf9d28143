using Taxon.Classification.Data;
using Taxon.NN;

namespace Taxon.Classification.Models;

/// <summary>
/// A fitted <see cref="MlpClassifier"/> on <see cref="LabeledData"/> (scikit-learn: a fitted <c>MLPClassifier</c>):
/// the network, its string classes and options. Probabilities are the softmax of the network's logits; decision
/// values are the logits, and for two classes the single log-odds <c>logit[1] − logit[0]</c>. The batch methods run
/// the network over chunks of densified rows; saved through <see cref="ModelWriter"/> with the weights as float32
/// tensors under their PyTorch names, so a loaded model computes exactly the same values.
/// </summary>
public sealed class MlpModel : ClassifierModel
{
    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "mlp";

    private readonly int _evaluationBatch;

    internal MlpModel(MlpClassifierOptions options, IReadOnlyList<string> classes, int featureCount, Sequential network, TrainingHistory? history)
        : base(classes, featureCount)
    {
        Options = options;
        Network = network;
        History = history;
        _evaluationBatch = EvaluationBatchFor(options, featureCount, classes.Count);
        network.Eval();
    }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>The options the model was trained with.</summary>
    public MlpClassifierOptions Options { get; }

    /// <summary>The network (PyTorch: the <c>nn.Module</c>), in evaluation mode; its output is one logit per class.</summary>
    public Sequential Network { get; }

    /// <summary>How training went; saved with the model.</summary>
    public TrainingHistory? History { get; }

    /// <summary>Samples per forward pass when predicting: the most whose widest layer stays within the evaluation budget.</summary>
    internal static int EvaluationBatchFor(MlpClassifierOptions options, int features, int classes)
    {
        long widest = Math.Max(Math.Max(features, classes), options.HiddenSizes.Count == 0 ? 0 : options.HiddenSizes.Max());
        return (int)Math.Clamp(MiniBatchTrainer.EvaluationActivationBytes / (sizeof(float) * Math.Max(1L, widest)), 16, MiniBatchTrainer.MaxEvaluationBatch);
    }

    /// <inheritdoc />
    public override void DecisionFunction(FeatureRow row, Span<double> scores)
    {
        float[] logits = RowLogits(row);
        if (logits.Length == 2)
        {
            scores[0] = (double)logits[1] - logits[0];
            return;
        }
        for (int c = 0; c < logits.Length; c++)
        {
            scores[c] = logits[c];
        }
    }

    /// <inheritdoc />
    public override void PredictProba(FeatureRow row, Span<double> probabilities) => Softmax(RowLogits(row), probabilities);

    /// <inheritdoc />
    public override int PredictIndex(FeatureRow row) => ArgMax(RowLogits(row));

    /// <inheritdoc />
    public override int[] PredictIndices(FeatureMatrix x)
    {
        CheckInput(x);
        int k = Classes.Count;
        float[] logits = Logits(x);
        var result = new int[x.Rows];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = ArgMax(logits.AsSpan(i * k, k));
        }
        return result;
    }

    /// <inheritdoc />
    public override double[,] PredictProba(FeatureMatrix x)
    {
        CheckInput(x);
        int k = Classes.Count;
        float[] logits = Logits(x);
        var result = new double[x.Rows, k];
        Span<double> row = k <= 128 ? stackalloc double[k] : new double[k];
        for (int i = 0; i < x.Rows; i++)
        {
            Softmax(logits.AsSpan(i * k, k), row);
            for (int c = 0; c < k; c++)
            {
                result[i, c] = row[c];
            }
        }
        return result;
    }

    /// <inheritdoc />
    public override double[,] DecisionFunction(FeatureMatrix x)
    {
        CheckInput(x);
        int k = Classes.Count;
        float[] logits = Logits(x);
        var result = new double[x.Rows, DecisionWidth];
        for (int i = 0; i < x.Rows; i++)
        {
            if (k == 2)
            {
                result[i, 0] = (double)logits[i * 2 + 1] - logits[i * 2];
                continue;
            }
            for (int c = 0; c < k; c++)
            {
                result[i, c] = logits[i * k + c];
            }
        }
        return result;
    }

    /// <inheritdoc />
    protected internal override void Write(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteClasses(writer);
        writer.WriteJson("feature_count", FeatureCount);
        writer.WriteJson("options", Options);
        if (History is not null)
        {
            writer.WriteJson("history", History);
        }
        foreach (var (name, tensor) in Network.StateDict())
        {
            writer.Write("weights." + name, tensor);
        }
    }

    internal static MlpModel Read(ModelReader reader)
    {
        string[] classes = ReadClasses(reader);
        int features = reader.ReadJson<int>("feature_count");
        if (features < 1 || classes.Length < 2)
        {
            throw reader.Corrupt("feature_count", $"{features} features and {classes.Length} classes do not make a network");
        }
        var options = reader.ReadJson<MlpClassifierOptions>("options");
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw reader.Corrupt("options", e.Message);
        }
        TrainingHistory? history = reader.Contains("history") ? reader.ReadJson<TrainingHistory>("history") : null;
        Sequential network = MlpClassifierModel.BuildNetwork(options, features, classes.Length, new Generator(options.Seed));
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in network.StateDict())
        {
            state[name] = reader.ReadTensor("weights." + name, [.. tensor.Shape]);
        }
        network.LoadStateDict(state, strict: true, source: reader.Source);
        return new MlpModel(options, classes, features, network, history);
    }

    /// <summary>The logits of one row: a forward pass over a batch of one, without the graph.</summary>
    private float[] RowLogits(FeatureRow row)
    {
        var values = new float[FeatureCount];
        row.CopyTo(values);
        using (Autograd.NoGrad())
        {
            return Network.Forward(Tensor.FromArray(values, 1, FeatureCount)).ToArray();
        }
    }

    /// <summary>The logits of every row, [rows × classes] row-major, computed in chunks of densified rows.</summary>
    private float[] Logits(FeatureMatrix x)
    {
        int k = Classes.Count, batch = _evaluationBatch;
        var result = new float[(long)x.Rows * k];
        if (x.Rows == 0)
        {
            return result;
        }
        var buffer = new BatchBuffer(Math.Min(batch, x.Rows), [FeatureCount]);
        using (Autograd.NoGrad())
        {
            for (int start = 0; start < x.Rows; start += batch)
            {
                int n = Math.Min(batch, x.Rows - start);
                Network.Forward(buffer.Slice(x, start, n)).ToArray().CopyTo(result, start * k);
            }
        }
        return result;
    }

    private static void Softmax(ReadOnlySpan<float> logits, Span<double> probabilities)
    {
        double max = double.NegativeInfinity;
        foreach (float l in logits)
        {
            max = Math.Max(max, l);
        }
        double sum = 0;
        for (int c = 0; c < logits.Length; c++)
        {
            probabilities[c] = Math.Exp(logits[c] - max);
            sum += probabilities[c];
        }
        for (int c = 0; c < logits.Length; c++)
        {
            probabilities[c] /= sum;
        }
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int c = 1; c < values.Length; c++)
        {
            if (values[c] > values[best])
            {
                best = c;
            }
        }
        return best;
    }
}
