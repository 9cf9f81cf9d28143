using Taxon.Classification.Data;
using Taxon.Classification.Features;

namespace Taxon.Classification.Models;

/// <summary>
/// A fitted <see cref="Pipeline"/>: transforms each sample through <see cref="Steps"/>, then asks
/// <see cref="Classifier"/>. It saves as one model file, the steps and the classifier nested in it.
/// </summary>
public sealed class PipelineModel : ClassifierModel
{
    private readonly TransformerModel[] _steps;

    /// <summary>Chains fitted <paramref name="steps"/> and <paramref name="classifier"/>; each must take what the one before gives.</summary>
    public PipelineModel(IReadOnlyList<TransformerModel> steps, ClassifierModel classifier, int featureCount)
        : base(classifier?.Classes ?? throw new ArgumentNullException(nameof(classifier)), featureCount)
    {
        ArgumentNullException.ThrowIfNull(steps);
        int columns = featureCount;
        for (int s = 0; s < steps.Count; s++)
        {
            TransformerModel step = steps[s] ?? throw new ArgumentException($"PipelineModel: step {s} is null.", nameof(steps));
            if (step.InputColumns != columns)
            {
                throw new ArgumentException($"PipelineModel: step {s} ({step.Kind}) takes {step.InputColumns} columns, but receives {columns}.");
            }
            columns = step.OutputColumns;
        }
        if (classifier.FeatureCount != columns)
        {
            throw new ArgumentException($"PipelineModel: the {classifier.Kind} classifier takes {classifier.FeatureCount} features, but the steps give {columns}.");
        }
        _steps = [.. steps];
        Classifier = classifier;
    }

    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "pipeline";

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>The fitted transformers, in the order they run.</summary>
    public IReadOnlyList<TransformerModel> Steps => _steps;

    /// <summary>The fitted classifier, which sees transformed samples.</summary>
    public ClassifierModel Classifier { get; }

    /// <inheritdoc />
    public override int DecisionWidth => Classifier.DecisionWidth;

    /// <summary>The samples as the classifier sees them: transformed by every step.</summary>
    public FeatureMatrix Transform(FeatureMatrix x)
    {
        CheckInput(x);
        foreach (TransformerModel step in _steps)
        {
            x = step.Transform(x);
        }
        return x;
    }

    // The batch methods transform the whole matrix once (Transform checks it), then let the classifier score it its own batched way.

    /// <inheritdoc />
    public override int[] PredictIndices(FeatureMatrix x)
        => Classifier.PredictIndices(Transform(x));

    /// <inheritdoc />
    public override double[,] PredictProba(FeatureMatrix x)
        => Classifier.PredictProba(Transform(x));

    /// <inheritdoc />
    public override double[,] DecisionFunction(FeatureMatrix x)
        => Classifier.DecisionFunction(Transform(x));

    /// <inheritdoc />
    public override void DecisionFunction(FeatureRow row, Span<double> scores) => Classifier.DecisionFunction(TransformRow(row).Row(0), scores);

    /// <inheritdoc />
    public override void PredictProba(FeatureRow row, Span<double> probabilities) => Classifier.PredictProba(TransformRow(row).Row(0), probabilities);

    /// <inheritdoc />
    public override int PredictIndex(FeatureRow row) => Classifier.PredictIndex(TransformRow(row).Row(0));

    /// <summary>
    /// One sample through the steps, as a one-row matrix: models score row by row while transformers work on
    /// matrices, so each row is wrapped (a copy of the row per step; the batch methods pay it per sample).
    /// </summary>
    private FeatureMatrix TransformRow(FeatureRow row)
    {
        FeatureMatrix x = row.IsDense
            ? new DenseMatrix(row.Values.ToArray(), 1, row.Length)
            : new SparseMatrix([0, row.StoredCount], row.Indices.ToArray(), row.Values.ToArray(), row.Length);
        foreach (TransformerModel step in _steps)
        {
            x = step.Transform(x);
        }
        return x;
    }

    /// <inheritdoc />
    protected internal override void Write(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteClasses(writer);
        writer.WriteJson("feature_count", FeatureCount);
        writer.WriteJson("step_count", _steps.Length);
        for (int s = 0; s < _steps.Length; s++)
        {
            writer.WriteModel($"steps.{s}", _steps[s]);
        }
        writer.WriteModel("classifier", Classifier);
    }

    internal static PipelineModel Read(ModelReader reader)
    {
        string[] classes = ReadClasses(reader);
        int count = reader.ReadJson<int>("step_count");
        if (count < 0)
        {
            throw reader.Corrupt("step_count", $"{count} is negative");
        }
        var steps = new TransformerModel[count];
        for (int s = 0; s < count; s++)
        {
            steps[s] = reader.ReadModel<TransformerModel>($"steps.{s}");
        }
        ClassifierModel classifier = reader.ReadModel<ClassifierModel>("classifier");
        if (!classifier.Classes.SequenceEqual(classes, StringComparer.Ordinal))
        {
            throw reader.Corrupt("classes", "they differ from the nested classifier's");
        }
        return new PipelineModel(steps, classifier, reader.ReadJson<int>("feature_count"));
    }
}
