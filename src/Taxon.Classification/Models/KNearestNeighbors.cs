using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// k-nearest-neighbours classification by brute-force search (scikit-learn: <c>KNeighborsClassifier</c> with
/// <c>algorithm="brute"</c>): a sample gets the (weighted) majority class of its k nearest training samples.
/// Fitting stores the training set; dense and sparse features are both searched as stored.
/// </summary>
public sealed class KNearestNeighbors : Classifier
{
    /// <summary>Creates the estimator; invalid options throw <see cref="ArgumentException"/> here.</summary>
    public KNearestNeighbors(KNearestNeighborsOptions? options = null)
    {
        Options = options ?? new KNearestNeighborsOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters (scikit-learn: <c>get_params()</c>).</summary>
    public KNearestNeighborsOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "knn";

    /// <inheritdoc />
    protected override ClassifierModel FitCore(FeatureMatrix x, int[] y, IReadOnlyList<string> classes, CancellationToken cancellationToken)
    {
        if (Options.Neighbors > x.Rows)
        {
            throw new ArgumentException(
                $"{Name}: Neighbors is {Options.Neighbors} but there are only {x.Rows} training samples; lower Neighbors to at most {x.Rows}.");
        }
        return new KNearestNeighborsModel(Options, classes, x, y);
    }
}
