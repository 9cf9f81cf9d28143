using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Features;

/// <summary>A fitted <see cref="StandardScaler"/>: x ↦ (x − <see cref="Offset"/>) / <see cref="Scale"/> per column.</summary>
public sealed class StandardScalerModel : TransformerModel
{
    internal const string SparseCentringMessage =
        "standard-scaler: cannot centre sparse data without making it dense; set WithMean = false (scikit-learn: with_mean=False).";

    private readonly double[] _offset;
    private readonly double[] _scale;
    private readonly double[] _mean;
    private readonly double[] _variance;

    internal StandardScalerModel(double[] offset, double[] scale, bool withMean, bool withStd, double[] mean, double[] variance)
        : base(scale.Length)
    {
        if (offset.Length != scale.Length || mean.Length != scale.Length || variance.Length != scale.Length)
        {
            throw new ArgumentException($"StandardScalerModel: {offset.Length} offsets, {scale.Length} scales, {mean.Length} means and {variance.Length} variances; all need one per column.");
        }
        foreach (double s in scale)
        {
            if (!(s > 0) || !double.IsFinite(s))
            {
                throw new ArgumentException($"StandardScalerModel: scale {s} is not a positive finite number.");
            }
        }
        _offset = offset;
        _scale = scale;
        _mean = mean;
        _variance = variance;
        WithMean = withMean;
        WithStd = withStd;
    }

    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "standard-scaler";

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <inheritdoc />
    public override int OutputColumns => FeatureCount;

    /// <summary>Whether the mean is subtracted.</summary>
    public bool WithMean { get; }

    /// <summary>Whether values are divided by the standard deviation.</summary>
    public bool WithStd { get; }

    /// <summary>What is subtracted from each column: its mean, or 0 without <see cref="WithMean"/>.</summary>
    public IReadOnlyList<double> Offset => _offset;

    /// <summary>What each column is divided by (scikit-learn: <c>scale_</c>, with 1 for constant columns and without <see cref="WithStd"/>).</summary>
    public IReadOnlyList<double> Scale => _scale;

    /// <summary>Each column's mean in the training data (scikit-learn: <c>mean_</c>).</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>Each column's population variance in the training data (scikit-learn: <c>var_</c>).</summary>
    public IReadOnlyList<double> Variance => _variance;

    /// <inheritdoc />
    protected override FeatureMatrix TransformCore(FeatureMatrix x)
    {
        int d = FeatureCount;
        if (x is SparseMatrix sparse)
        {
            if (WithMean)
            {
                throw new ArgumentException(SparseCentringMessage);
            }
            float[] values = sparse.Values.ToArray();
            ReadOnlySpan<int> columns = sparse.ColumnIndices;
            for (int k = 0; k < values.Length; k++)
            {
                values[k] = (float)(values[k] / _scale[columns[k]]);
            }
            return new SparseMatrix(sparse.RowPointers.ToArray(), columns.ToArray(), values, d);
        }
        DenseMatrix dense = x.ToDense();
        var result = new float[dense.Values.Length];
        ReadOnlySpan<float> source = dense.Values;
        for (int i = 0; i < dense.Rows; i++)
        {
            int at = i * d;
            for (int j = 0; j < d; j++)
            {
                result[at + j] = (float)((source[at + j] - _offset[j]) / _scale[j]);
            }
        }
        return new DenseMatrix(result, x.Rows, d);
    }

    /// <inheritdoc />
    protected internal override void Write(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteJson("feature_count", FeatureCount);
        writer.WriteJson("with_mean", WithMean);
        writer.WriteJson("with_std", WithStd);
        writer.Write("offset", _offset);
        writer.Write("scale", _scale);
        writer.Write("mean", _mean);
        writer.Write("variance", _variance);
    }

    internal static StandardScalerModel Read(ModelReader reader)
    {
        int d = reader.ReadJson<int>("feature_count");
        return new StandardScalerModel(reader.ReadDoubles("offset", d), reader.ReadDoubles("scale", d), reader.ReadJson<bool>("with_mean"),
            reader.ReadJson<bool>("with_std"), reader.ReadDoubles("mean", d), reader.ReadDoubles("variance", d));
    }
}
