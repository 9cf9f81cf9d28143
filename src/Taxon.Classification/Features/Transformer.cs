using Taxon.Classification.Data;

namespace Taxon.Classification.Features;

/// <summary>
/// A feature transformer before fitting (scikit-learn: a transformer such as <c>StandardScaler()</c> before
/// <c>fit</c>): immutable options in, a fitted <see cref="TransformerModel"/> out, so one transformer can fit many
/// times (a <see cref="Models.Pipeline"/> fits each of its steps on the output of the one before).
/// </summary>
public abstract class Transformer
{
    /// <summary>The short name used in messages and pipeline names, e.g. <c>standard-scaler</c>.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Learns what the transformation needs from <paramref name="x"/> (scikit-learn: <c>fit(X)</c>); no samples or a
    /// NaN or infinite value is an <see cref="ArgumentException"/>.
    /// </summary>
    public TransformerModel Fit(FeatureMatrix x, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rows == 0)
        {
            throw new ArgumentException($"{Name}: no samples to fit on.");
        }
        x.CheckFinite(Name);
        return FitCore(x, cancellationToken);
    }

    /// <summary>Fits, then transforms the same samples (scikit-learn: <c>fit_transform</c>).</summary>
    public FeatureMatrix FitTransform(FeatureMatrix x, CancellationToken cancellationToken = default) => Fit(x, cancellationToken).Transform(x);

    /// <summary>Fits to checked samples: at least one row, all values finite.</summary>
    protected abstract TransformerModel FitCore(FeatureMatrix x, CancellationToken cancellationToken);
}
