using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Taxon.Classification.Data;
using Taxon.Classification.Metrics;
using Taxon.NN;
using Taxon.Serialization;

namespace Taxon.Classification.Models;

/// <summary>
/// A fitted neural-network classifier over fixed-shape samples with integer labels (scikit-learn: a fitted estimator with <c>classes_</c>, <c>predict</c>,
/// <c>predict_proba</c>, <c>score</c>). Saved as one safetensors file: the network's weights under PyTorch's names,
/// and in the file's metadata the model kind, its options, the classes and the input shape, so
/// <see cref="Load"/> rebuilds it without other files.
/// </summary>
public abstract class NetworkModel
{
    private const string FormatKey = "taxon.format";
    private const string FormatVersion = "1";
    private const string KindKey = "taxon.model";
    private const string OptionsKey = "taxon.options";
    private const string ClassesKey = "taxon.classes";
    private const string InputShapeKey = "taxon.input_shape";
    private const string HistoryKey = "taxon.history";

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly int[] _classes;
    private readonly int[] _inputShape;

    private protected NetworkModel(Sequential network, int[] classes, int[] inputShape, TrainingHistory? history)
    {
        Network = network;
        _classes = classes;
        _inputShape = inputShape;
        History = history;
        network.Eval();
    }

    /// <summary>The model kind stored in saved files: <c>mlp</c> or <c>cnn</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>The options the model was trained with.</summary>
    public abstract NeuralNetworkOptions Options { get; }

    /// <summary>The network (PyTorch: the <c>nn.Module</c>), in evaluation mode; its output is one logit per class.</summary>
    public Sequential Network { get; }

    /// <summary>The class labels, sorted; output column i of <see cref="PredictProba(Dataset)"/> is class <c>Classes[i]</c> (scikit-learn: <c>classes_</c>).</summary>
    public IReadOnlyList<int> Classes => _classes;

    /// <summary>The shape of one input sample as the network takes it, e.g. [784] for an MLP or [1, 28, 28] for a CNN.</summary>
    public IReadOnlyList<int> InputShape => _inputShape;

    /// <summary>The number of values in one input sample (scikit-learn: <c>n_features_in_</c>).</summary>
    public int FeatureCount
    {
        get
        {
            int n = 1;
            foreach (int d in _inputShape)
            {
                n *= d;
            }
            return n;
        }
    }

    /// <summary>Samples per forward pass in prediction and validation: the most whose largest activation stays small.</summary>
    internal int EvaluationBatch => (int)Math.Clamp(
        MiniBatchTrainer.EvaluationActivationBytes / (sizeof(float) * Math.Max(1L, LargestActivation)), 16, MiniBatchTrainer.MaxEvaluationBatch);

    /// <summary>The most values any layer produces per sample, which sizes evaluation batches.</summary>
    private protected abstract long LargestActivation { get; }

    /// <summary>How training went; saved with the model.</summary>
    public TrainingHistory? History { get; internal set; }

    /// <summary>The most likely class of each sample (scikit-learn: <c>predict</c>).</summary>
    public int[] Predict(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckFeatures(data.FeatureCount, data.SampleShape, data.Source);
        return ToClasses(Run(data.Count, (buffer, start, count) => buffer.Slice(data, start, count), probabilities: false));
    }

    /// <summary>The most likely class of each sample of <paramref name="x"/> [n, ...], whose samples hold <see cref="FeatureCount"/> values.</summary>
    public int[] Predict(Tensor x) => ToClasses(RunTensor(x, probabilities: false));

    /// <summary>Class probabilities [n, classes], columns in the order of <see cref="Classes"/> (scikit-learn: <c>predict_proba</c>).</summary>
    public Tensor PredictProba(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckFeatures(data.FeatureCount, data.SampleShape, data.Source);
        float[] p = Run(data.Count, (buffer, start, count) => buffer.Slice(data, start, count), probabilities: true);
        return Tensor.FromArray(p, data.Count, _classes.Length);
    }

    /// <summary>Class probabilities [n, classes] for the samples of <paramref name="x"/> [n, ...].</summary>
    public Tensor PredictProba(Tensor x) => Tensor.FromArray(RunTensor(x, probabilities: true), x.Size(0), _classes.Length);

    /// <summary>The accuracy on labelled data (scikit-learn: <c>score</c>).</summary>
    public double Score(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return ClassificationMetrics.Accuracy(data.Labels, Predict(data));
    }

    /// <summary>Every metric on labelled data: accuracy, per-class and averaged precision/recall/F1, the confusion matrix.</summary>
    public ClassificationReport Evaluate(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return ClassificationMetrics.Report(data.Labels, Predict(data));
    }

    /// <summary>
    /// Saves the model as one safetensors file, atomically: written beside <paramref name="path"/> and renamed over
    /// it, so a failure never leaves a half-written file where a good model was.
    /// </summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            [FormatKey] = FormatVersion,
            [KindKey] = Kind,
            [OptionsKey] = JsonSerializer.Serialize(Options, Json),
            [ClassesKey] = JsonSerializer.Serialize(_classes, Json),
            [InputShapeKey] = JsonSerializer.Serialize(_inputShape, Json),
        };
        if (History is not null)
        {
            metadata[HistoryKey] = JsonSerializer.Serialize(History, Json);
        }
        SafeTensors.Save(path, Network.StateDict(), metadata);
    }

    /// <summary>
    /// Loads a model saved by <see cref="Save"/>, whatever its kind. A file that is not such a model, or whose weights
    /// do not match its description, fails with an <see cref="InvalidDataException"/> naming the file.
    /// </summary>
    public static NetworkModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(Directory.Exists(path) ? $"{path}: is a folder, not a model file." : $"{path}: no such model file.", path);
        }
        var (tensors, metadata) = SafeTensors.Load(path);
        string kind = metadata.TryGetValue(KindKey, out string? k) ? k : throw new InvalidDataException(
            $"{path}: not a Taxon classifier: its safetensors metadata has no '{KindKey}' entry (weights saved by Module.Save carry no model description).");
        if (metadata.TryGetValue(FormatKey, out string? version) && version != FormatVersion)
        {
            throw new InvalidDataException($"{path}: model format version {version} is not supported; this Taxon reads version {FormatVersion}.");
        }
        var options = Read<NeuralNetworkOptions>(metadata, OptionsKey, path);
        int[] classes = Read<int[]>(metadata, ClassesKey, path);
        int[] inputShape = Read<int[]>(metadata, InputShapeKey, path);
        TrainingHistory? history = metadata.ContainsKey(HistoryKey) ? Read<TrainingHistory>(metadata, HistoryKey, path) : null;
        if (classes.Length < 2 || inputShape.Length == 0 || inputShape.Any(d => d < 1))
        {
            throw new InvalidDataException($"{path}: the model description is inconsistent: {classes.Length} classes, input shape [{string.Join(", ", inputShape)}].");
        }
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: the stored options are invalid: {e.Message}", e);
        }
        NetworkModel model = (kind, options) switch
        {
            ("mlp", MlpClassifierOptions o) when inputShape.Length == 1 => new MlpClassifierModel(o, classes, inputShape, history, new Generator(o.Seed)),
            ("cnn", CnnClassifierOptions o) when inputShape.Length == 3 => new CnnClassifierModel(o, classes, inputShape, history, new Generator(o.Seed)),
            _ => throw new InvalidDataException($"{path}: model kind '{kind}' with {options.GetType().Name} is not one this Taxon can load."),
        };
        model.Network.LoadStateDict(tensors, strict: true, source: path);
        model.Network.Eval();
        return model;
    }

    /// <summary>Maps labels to class indices: the sorted distinct labels and each sample's position among them.</summary>
    internal static (int[] Classes, int[] Targets) EncodeLabels(ReadOnlySpan<int> labels)
    {
        var distinct = new SortedSet<int>();
        foreach (int y in labels)
        {
            distinct.Add(y);
        }
        int[] classes = [.. distinct];
        var targets = new int[labels.Length];
        bool dense = classes[0] == 0 && classes[^1] == classes.Length - 1;
        var index = dense ? null : classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        for (int i = 0; i < labels.Length; i++)
        {
            targets[i] = dense ? labels[i] : index![labels[i]];
        }
        return (classes, targets);
    }

    private static T Read<T>(Dictionary<string, string> metadata, string key, string path)
    {
        if (!metadata.TryGetValue(key, out string? text))
        {
            throw new InvalidDataException($"{path}: the model metadata has no '{key}' entry.");
        }
        try
        {
            return JsonSerializer.Deserialize<T>(text, Json) ?? throw new InvalidDataException($"{path}: the metadata entry '{key}' is null.");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new InvalidDataException($"{path}: the metadata entry '{key}' is not valid: {e.Message}", e);
        }
    }

    private int[] ToClasses(float[] predictedIndices)
    {
        var result = new int[predictedIndices.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = _classes[(int)predictedIndices[i]];
        }
        return result;
    }

    private float[] RunTensor(Tensor x, bool probabilities)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Dim < 1)
        {
            throw new ArgumentException($"{GetType().Name}: expected a batch of samples [n, ...], got a 0-dimensional tensor.");
        }
        int n = x.Size(0);
        int perSample = n == 0 ? FeatureCount : x.NumElements / n;
        CheckFeatures(perSample, x.Shape[1..], "the input tensor");
        Tensor flat = x.Contiguous().Reshape([n, .. _inputShape]);
        return Run(n, (_, start, count) => flat.Narrow(0, start, count), probabilities);
    }

    /// <summary>
    /// Runs the network over <paramref name="count"/> samples in chunks without the graph; returns per sample the
    /// index of the best class, or the class probabilities row after row.
    /// </summary>
    private float[] Run(int count, Func<BatchBuffer, int, int, Tensor> chunkAt, bool probabilities)
    {
        int classes = _classes.Length;
        var result = new float[probabilities ? count * classes : count];
        if (count == 0)
        {
            return result;
        }
        int batch = EvaluationBatch;
        var buffer = new BatchBuffer(Math.Min(batch, count), _inputShape);
        Network.Eval();
        using (Autograd.NoGrad())
        {
            for (int start = 0; start < count; start += batch)
            {
                int n = Math.Min(batch, count - start);
                Tensor logits = Network.Forward(chunkAt(buffer, start, n));
                if (probabilities)
                {
                    logits.Softmax(1).ToArray().CopyTo(result, start * classes);
                }
                else
                {
                    ReadOnlySpan<int> best = logits.ArgMax(1).Span;
                    for (int i = 0; i < n; i++)
                    {
                        result[start + i] = best[i];
                    }
                }
            }
        }
        return result;
    }

    private void CheckFeatures(int features, ReadOnlySpan<int> sampleShape, string? source)
    {
        if (features != FeatureCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{source ?? "the data"}: samples of shape [{string.Join(", ", sampleShape.ToArray())}] ({features} values) do not fit this {Kind} model, which takes [{string.Join(", ", _inputShape)}] ({FeatureCount} values)."));
        }
    }
}
