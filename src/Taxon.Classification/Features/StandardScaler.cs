using Taxon.Classification.Data;

namespace Taxon.Classification.Features;

/// <summary>
/// Standardises each column: (x − mean) / std, with the population standard deviation (scikit-learn:
/// <c>StandardScaler</c>). A constant column keeps scale 1. Sparse input stays sparse and needs
/// <see cref="StandardScalerOptions.WithMean"/> = false, as in scikit-learn, since centring would fill it in.
/// </summary>
public sealed class StandardScaler(StandardScalerOptions? options = null) : Transformer
{
    /// <summary>The settings.</summary>
    public StandardScalerOptions Options { get; } = options ?? new StandardScalerOptions();

    /// <inheritdoc />
    public override string Name => "standard-scaler";

    /// <inheritdoc />
    protected override TransformerModel FitCore(FeatureMatrix x, CancellationToken cancellationToken)
    {
        Options.Validate();
        if (Options.WithMean && x.IsSparse)
        {
            throw new ArgumentException(StandardScalerModel.SparseCentringMessage);
        }
        int d = x.Columns, n = x.Rows;
        var mean = new double[d];
        for (int i = 0; i < n; i++)
        {
            x.Row(i).AddScaledTo(mean, 1);
        }
        for (int j = 0; j < d; j++)
        {
            mean[j] /= n;
        }
        // Two passes (sum of squared deviations) rather than E[x²] − E[x]², which cancels badly for large means.
        var variance = new double[d];
        var stored = new int[d];
        for (int i = 0; i < n; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            FeatureRow row = x.Row(i);
            for (int k = 0; k < row.StoredCount; k++)
            {
                int j = row.ColumnAt(k);
                double diff = row.Values[k] - mean[j];
                variance[j] += diff * diff;
                stored[j]++;
            }
        }
        var scale = new double[d];
        for (int j = 0; j < d; j++)
        {
            // Values a sparse row does not store are zeros, each off the mean by -mean.
            variance[j] = (variance[j] + (double)(n - stored[j]) * mean[j] * mean[j]) / n;
            scale[j] = Options.WithStd && !IsConstant(variance[j], mean[j], n) ? Math.Sqrt(variance[j]) : 1;
        }
        return new StandardScalerModel(Options.WithMean ? mean : new double[d], scale, Options.WithMean, Options.WithStd, mean, variance);
    }

    /// <summary>
    /// Whether a variance is within rounding error of zero (scikit-learn: <c>_is_constant_feature</c>), so that a
    /// constant column is not divided by a standard deviation that is only noise.
    /// </summary>
    private static bool IsConstant(double variance, double mean, int n)
    {
        const double eps = 2.220446049250313e-16; // NumPy: finfo(float64).eps
        double bound = n * eps * variance + (n * mean * eps) * (n * mean * eps);
        return variance <= bound;
    }
}
