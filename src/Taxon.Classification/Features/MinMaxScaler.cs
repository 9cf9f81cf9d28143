using Taxon.Classification.Data;

namespace Taxon.Classification.Features;

/// <summary>
/// Maps each column linearly so that its training minimum and maximum become <see cref="MinMaxScalerOptions.RangeMin"/>
/// and <see cref="MinMaxScalerOptions.RangeMax"/> (scikit-learn: <c>MinMaxScaler</c>); a constant column is only
/// shifted. Sparse input is refused, as in scikit-learn, since shifting zeros would make it dense.
/// </summary>
public sealed class MinMaxScaler(MinMaxScalerOptions? options = null) : Transformer
{
    /// <summary>The settings.</summary>
    public MinMaxScalerOptions Options { get; } = options ?? new MinMaxScalerOptions();

    /// <inheritdoc />
    public override string Name => "min-max-scaler";

    /// <inheritdoc />
    protected override TransformerModel FitCore(FeatureMatrix x, CancellationToken cancellationToken)
    {
        Options.Validate();
        if (x.IsSparse)
        {
            throw new ArgumentException(MinMaxScalerModel.SparseMessage);
        }
        int d = x.Columns;
        var min = new double[d];
        var max = new double[d];
        Array.Fill(min, double.PositiveInfinity);
        Array.Fill(max, double.NegativeInfinity);
        for (int i = 0; i < x.Rows; i++)
        {
            ReadOnlySpan<float> row = x.Row(i).Values;
            for (int j = 0; j < d; j++)
            {
                min[j] = Math.Min(min[j], row[j]);
                max[j] = Math.Max(max[j], row[j]);
            }
        }
        var scale = new double[d];
        var shift = new double[d];
        double width = Options.RangeMax - Options.RangeMin;
        for (int j = 0; j < d; j++)
        {
            double range = max[j] - min[j];
            // scikit-learn's _handle_zeros_in_scale: a range within rounding of zero counts as 1.
            scale[j] = width / (range < 10 * 2.220446049250313e-16 ? 1 : range);
            shift[j] = Options.RangeMin - min[j] * scale[j];
        }
        return new MinMaxScalerModel(scale, shift, min, max, Options);
    }
}
