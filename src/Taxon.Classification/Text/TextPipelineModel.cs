using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Text;

/// <summary>
/// A fitted <see cref="TextPipeline"/>: texts become sparse features, then the classifier scores them. Batches are
/// featurised once and scored the classifier's batched way; one text goes through reused per-thread buffers.
/// </summary>
public sealed class TextPipelineModel : TextClassifierModel
{
    [ThreadStatic]
    private static int[]? t_columns;

    [ThreadStatic]
    private static float[]? t_values;

    /// <summary>Chains a fitted featuriser and a classifier fitted on its features.</summary>
    public TextPipelineModel(TextVectorizerModel vectorizer, ClassifierModel classifier)
        : base(classifier?.Classes ?? throw new ArgumentNullException(nameof(classifier)), isMultiLabel: false)
    {
        ArgumentNullException.ThrowIfNull(vectorizer);
        if (classifier.FeatureCount != vectorizer.OutputColumns)
        {
            throw new ArgumentException($"TextPipelineModel: the {classifier.Kind} classifier takes {classifier.FeatureCount} features, but the {vectorizer.Kind} featuriser gives {vectorizer.OutputColumns}.");
        }
        Vectorizer = vectorizer;
        Classifier = classifier;
    }

    /// <summary>The name its file records.</summary>
    public const string KindName = "text-pipeline";

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <summary>The fitted featuriser.</summary>
    public TextVectorizerModel Vectorizer { get; }

    /// <summary>The fitted classifier.</summary>
    public ClassifierModel Classifier { get; }

    /// <inheritdoc/>
    public override void PredictProba(string text, Span<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(text);
        int[] columns = t_columns ??= new int[256];
        float[] values = t_values ??= new float[256];
        int count = Vectorizer.Transform(text, ref columns, ref values);
        (t_columns, t_values) = (columns, values);
        Classifier.PredictProba(new FeatureRow(columns.AsSpan(0, count), values.AsSpan(0, count), Vectorizer.OutputColumns), probabilities);
    }

    /// <inheritdoc/>
    public override int PredictIndex(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int[] columns = t_columns ??= new int[256];
        float[] values = t_values ??= new float[256];
        int count = Vectorizer.Transform(text, ref columns, ref values);
        (t_columns, t_values) = (columns, values);
        return Classifier.PredictIndex(new FeatureRow(columns.AsSpan(0, count), values.AsSpan(0, count), Vectorizer.OutputColumns));
    }

    /// <inheritdoc/>
    public override int[] PredictIndices(IReadOnlyList<string> texts) => Classifier.PredictIndices(Vectorizer.Transform(texts));

    /// <inheritdoc/>
    public override double[,] PredictProba(IReadOnlyList<string> texts) => Classifier.PredictProba(Vectorizer.Transform(texts));

    /// <inheritdoc/>
    protected internal override void Write(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteTextModel(writer);
        writer.WriteModel("vectorizer", Vectorizer);
        writer.WriteModel("classifier", Classifier);
    }

    internal static TextPipelineModel Read(ModelReader reader)
    {
        string[] classes = ReadClasses(reader);
        var vectorizer = reader.ReadModel<TextVectorizerModel>("vectorizer");
        var classifier = reader.ReadModel<ClassifierModel>("classifier");
        if (!classifier.Classes.SequenceEqual(classes, StringComparer.Ordinal))
        {
            throw reader.Corrupt("classes", "they differ from the nested classifier's");
        }
        if (classifier.FeatureCount != vectorizer.OutputColumns)
        {
            throw reader.Corrupt("classifier", $"it takes {classifier.FeatureCount} features, but the featuriser gives {vectorizer.OutputColumns}");
        }
        return WithEmailText(new TextPipelineModel(vectorizer, classifier), reader);
    }
}
