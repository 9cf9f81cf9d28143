using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Features;

/// <summary>A fitted <see cref="MinMaxScaler"/>: x ↦ x · <see cref="Scale"/> + <see cref="Shift"/> per column (then clipped, with <see cref="MinMaxScalerOptions.Clip"/>).</summary>
public sealed class MinMaxScalerModel : TransformerModel
{
    internal const string SparseMessage =
        "min-max-scaler: cannot shift sparse data without making it dense (scikit-learn refuses it too); scale it with a standard-scaler with WithMean = false instead.";

    private readonly double[] _scale;
    private readonly double[] _shift;
    private readonly double[] _dataMin;
    private readonly double[] _dataMax;

    internal MinMaxScalerModel(double[] scale, double[] shift, double[] dataMin, double[] dataMax, MinMaxScalerOptions options) : base(scale.Length)
    {
        if (shift.Length != scale.Length || dataMin.Length != scale.Length || dataMax.Length != scale.Length)
        {
            throw new ArgumentException("MinMaxScalerModel: scale, shift, minimum and maximum need one value per column.");
        }
        options.Validate();
        _scale = scale;
        _shift = shift;
        _dataMin = dataMin;
        _dataMax = dataMax;
        Options = options;
    }

    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "min-max-scaler";

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <inheritdoc />
    public override int OutputColumns => FeatureCount;

    /// <summary>The settings it was fitted with.</summary>
    public MinMaxScalerOptions Options { get; }

    /// <summary>Each column's factor (scikit-learn: <c>scale_</c>).</summary>
    public IReadOnlyList<double> Scale => _scale;

    /// <summary>Each column's offset after scaling (scikit-learn: <c>min_</c>).</summary>
    public IReadOnlyList<double> Shift => _shift;

    /// <summary>Each column's training minimum (scikit-learn: <c>data_min_</c>).</summary>
    public IReadOnlyList<double> DataMin => _dataMin;

    /// <summary>Each column's training maximum (scikit-learn: <c>data_max_</c>).</summary>
    public IReadOnlyList<double> DataMax => _dataMax;

    /// <inheritdoc />
    protected override FeatureMatrix TransformCore(FeatureMatrix x)
    {
        if (x.IsSparse)
        {
            throw new ArgumentException(SparseMessage);
        }
        int d = FeatureCount;
        ReadOnlySpan<float> source = x.ToDense().Values;
        var result = new float[source.Length];
        for (int i = 0; i < x.Rows; i++)
        {
            int at = i * d;
            for (int j = 0; j < d; j++)
            {
                double v = source[at + j] * _scale[j] + _shift[j];
                if (Options.Clip)
                {
                    v = Math.Clamp(v, Options.RangeMin, Options.RangeMax);
                }
                result[at + j] = (float)v;
            }
        }
        return new DenseMatrix(result, x.Rows, d);
    }

    /// <inheritdoc />
    protected internal override void Write(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteJson("feature_count", FeatureCount);
        writer.WriteJson("options", Options);
        writer.Write("scale", _scale);
        writer.Write("shift", _shift);
        writer.Write("data_min", _dataMin);
        writer.Write("data_max", _dataMax);
    }

    internal static MinMaxScalerModel Read(ModelReader reader)
    {
        int d = reader.ReadJson<int>("feature_count");
        return new MinMaxScalerModel(reader.ReadDoubles("scale", d), reader.ReadDoubles("shift", d), reader.ReadDoubles("data_min", d),
            reader.ReadDoubles("data_max", d), reader.ReadJson<MinMaxScalerOptions>("options"));
    }
}
