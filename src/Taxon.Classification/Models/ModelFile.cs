using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Taxon.Classification.Multiclass;
using Taxon.Classification.Multilabel;
using Taxon.Serialization;

namespace Taxon.Classification.Models;

/// <summary>
/// Saves and loads any <see cref="Model"/> as one safetensors file: arrays stored exactly (F64 coefficients, I32
/// indices) and settings as JSON in the header's metadata, under <c>model.</c>, with the model's kind at
/// <c>model.kind</c>. A SHA-256 checksum over names, shapes, data and settings makes a damaged file fail with a
/// clear message instead of loading wrong numbers. Writing is atomic: a temporary file renamed over the target.
/// </summary>
public static class ModelFile
{
    /// <summary>The metadata entry naming a model's kind, under the model's prefix.</summary>
    public const string KindEntry = "kind";

    private const string FormatKey = "taxon.format";
    private const string FormatValue = "taxon-model/1";
    private const string ChecksumKey = "taxon.checksum";
    private const string RootName = "model";

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly ConcurrentDictionary<string, Func<ModelReader, Model>> Loaders = new(StringComparer.Ordinal)
    {
        [ConstantClassifierModel.KindName] = ConstantClassifierModel.Read,
        [OneVsRestModel.KindName] = OneVsRestModel.Read,
        [OneVsOneModel.KindName] = OneVsOneModel.Read,
        [OutputCodeModel.KindName] = OutputCodeModel.Read,
        [BinaryRelevanceModel.KindName] = BinaryRelevanceModel.Read,
        [ClassifierChainModel.KindName] = ClassifierChainModel.Read,
        [EnsembleClassifierChainModel.KindName] = EnsembleClassifierChainModel.Read,
        [MultiLabelNetworkModel.KindName] = MultiLabelNetworkModel.Read,
        [MultinomialNaiveBayesModel.KindName] = MultinomialNaiveBayesModel.Read,
        [BernoulliNaiveBayesModel.KindName] = BernoulliNaiveBayesModel.Read,
        [ComplementNaiveBayesModel.KindName] = ComplementNaiveBayesModel.Read,
        [GaussianNaiveBayesModel.KindName] = GaussianNaiveBayesModel.Read,
        [KNearestNeighborsModel.KindName] = KNearestNeighborsModel.Read,
        [MlpModel.KindName] = MlpModel.Read,
        [PipelineModel.KindName] = PipelineModel.Read,
        [Text.TextPipelineModel.KindName] = Text.TextPipelineModel.Read,
        [Features.StandardScalerModel.KindName] = Features.StandardScalerModel.Read,
        [Features.MinMaxScalerModel.KindName] = Features.MinMaxScalerModel.Read,
        [Features.OneHotEncoderModel.KindName] = Features.OneHotEncoderModel.Read,
        [Features.SplineTransformerModel.KindName] = Features.SplineTransformerModel.Read,
        [LogisticRegressionModel.KindName] = LogisticRegressionModel.Read,
        [LinearSvcModel.KindName] = LinearSvcModel.Read,
        [Text.TfidfVectorizerModel.KindName] = Text.TfidfVectorizerModel.Read,
        [Text.FastTextModel.KindName] = Text.FastTextModel.Read,
        [Text.HashingVectorizerModel.KindName] = Text.HashingVectorizerModel.Read,
    };

    /// <summary>
    /// Makes <see cref="Load"/> read models of <paramref name="kind"/> with <paramref name="load"/> (for models
    /// defined outside Taxon); registering a kind twice with different loaders is an error.
    /// </summary>
    public static void Register(string kind, Func<ModelReader, Model> load)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(load);
        if (Loaders.GetOrAdd(kind, load) != load)
        {
            throw new InvalidOperationException($"ModelFile: a loader for kind '{kind}' is already registered.");
        }
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, Model model)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(model);
        var arrays = new Dictionary<string, SafeTensorsArray>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        new ModelWriter("", arrays, metadata).WriteModel(RootName, model);
        metadata[FormatKey] = FormatValue;
        metadata[ChecksumKey] = Checksum(arrays, metadata);
        SafeTensors.SaveArrays(path, arrays, metadata);
    }

    /// <summary>
    /// Reads a model saved by <see cref="Save"/>, whatever its kind. A missing file is a
    /// <see cref="FileNotFoundException"/>; a file that is not a Taxon model, is damaged, or holds a kind no
    /// loader knows is an <see cref="InvalidDataException"/> naming the file.
    /// </summary>
    public static Model Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(Directory.Exists(path) ? $"{path}: is a folder, not a model file." : $"{path}: no such model file.", path);
        }
        Dictionary<string, SafeTensorsArray> arrays;
        Dictionary<string, string> metadata;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            (arrays, metadata) = SafeTensors.LoadArrays(stream, path);
        }
        if (!metadata.TryGetValue(FormatKey, out string? format))
        {
            throw new InvalidDataException(metadata.ContainsKey("taxon.model")
                ? $"{path}: holds a network over fixed-shape samples (taxon train on images); load it with NetworkModel.Load."
                : $"{path}: not a Taxon model file: its safetensors metadata has no '{FormatKey}' entry.");
        }
        if (format != FormatValue)
        {
            throw new InvalidDataException($"{path}: model format '{format}' is not supported; this Taxon reads '{FormatValue}'.");
        }
        if (!metadata.TryGetValue(ChecksumKey, out string? stored) || stored != Checksum(arrays, metadata))
        {
            throw new InvalidDataException($"{path}: the model file is damaged: its checksum does not match its contents (was it modified or partly overwritten?).");
        }
        var reader = new ModelReader(path, "", arrays, metadata);
        return reader.ReadModel(RootName);
    }

    internal static Model Read(ModelReader reader, string kind)
    {
        if (!Loaders.TryGetValue(kind, out var load))
        {
            throw new InvalidDataException($"{reader.Source}: holds a model of kind '{kind}', which this Taxon cannot load.");
        }
        try
        {
            return load(reader);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{reader.Source}: the stored {kind} model is inconsistent: {e.Message}", e);
        }
    }

    private static string Checksum(Dictionary<string, SafeTensorsArray> arrays, Dictionary<string, string> metadata)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string name in arrays.Keys.Order(StringComparer.Ordinal))
        {
            SafeTensorsArray a = arrays[name];
            hash.AppendData(Encoding.UTF8.GetBytes($"{name}\0{a.DType}\0{string.Join(",", a.Shape)}\0"));
            hash.AppendData(a.Data);
        }
        foreach (string key in metadata.Keys.Where(k => k != ChecksumKey).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{key}\0{metadata[key]}\0"));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
