using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Multiclass;

/// <summary>
/// One-vs-rest (one-vs-all) decomposition of a multi-class problem into one binary problem per class, each fitted
/// with any <see cref="Classifier"/> (scikit-learn: <c>OneVsRestClassifier</c> on a multi-class <c>y</c>). With two
/// classes a single binary model is fitted on the problem itself, as scikit-learn does.
/// </summary>
public sealed class OneVsRestClassifier : Classifier
{
    /// <summary>Wraps <paramref name="estimator"/>; invalid options throw <see cref="ArgumentException"/> here.</summary>
    public OneVsRestClassifier(Classifier estimator, OneVsRestClassifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        Estimator = estimator;
        Options = options ?? new OneVsRestClassifierOptions();
        Options.Validate();
    }

    /// <summary>The binary estimator fitted once per class (scikit-learn: <c>estimator</c>).</summary>
    public Classifier Estimator { get; }

    /// <summary>The settings.</summary>
    public OneVsRestClassifierOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "ovr";

    /// <inheritdoc />
    protected override ClassifierModel FitCore(FeatureMatrix x, int[] y, IReadOnlyList<string> classes, CancellationToken cancellationToken)
    {
        int k = classes.Count;
        if (k == 2)
        {
            return new OneVsRestModel(classes, x.Columns, [Estimator.Fit(x, y, classes, cancellationToken)]);
        }
        ClassifierModel[] estimators = ParallelFits.Run(k, Options.MaxParallelism, c =>
        {
            var binary = new int[y.Length];
            for (int i = 0; i < y.Length; i++)
            {
                binary[i] = y[i] == c ? 1 : 0;
            }
            return Estimator.Fit(x, binary, ["not " + classes[c], classes[c]], cancellationToken);
        }, cancellationToken);
        return new OneVsRestModel(classes, x.Columns, estimators);
    }
}
