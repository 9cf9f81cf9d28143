using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Multiclass;

/// <summary>
/// One-vs-one decomposition: one binary model per pair of classes (i, j), i &lt; j, fitted with any
/// <see cref="Classifier"/> on the samples of those two classes only (scikit-learn: <c>OneVsOneClassifier</c>).
/// Predictions are by vote; probabilities come from pairwise coupling (see <see cref="OneVsOneModel"/>).
/// </summary>
public sealed class OneVsOneClassifier : Classifier
{
    /// <summary>Wraps <paramref name="estimator"/>; invalid options throw <see cref="ArgumentException"/> here.</summary>
    public OneVsOneClassifier(Classifier estimator, OneVsOneClassifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        Estimator = estimator;
        Options = options ?? new OneVsOneClassifierOptions();
        Options.Validate();
    }

    /// <summary>The binary estimator fitted once per pair of classes (scikit-learn: <c>estimator</c>).</summary>
    public Classifier Estimator { get; }

    /// <summary>The settings.</summary>
    public OneVsOneClassifierOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "ovo";

    /// <inheritdoc />
    protected override ClassifierModel FitCore(FeatureMatrix x, int[] y, IReadOnlyList<string> classes, CancellationToken cancellationToken)
    {
        int k = classes.Count;
        var pairs = new (int I, int J)[k * (k - 1) / 2];
        for (int i = 0, p = 0; i < k; i++)
        {
            for (int j = i + 1; j < k; j++)
            {
                pairs[p++] = (i, j);
            }
        }
        ClassifierModel[] estimators = ParallelFits.Run(pairs.Length, Options.MaxParallelism, p =>
        {
            var (i, j) = pairs[p];
            var rows = new List<int>();
            var binary = new List<int>();
            for (int s = 0; s < y.Length; s++)
            {
                if (y[s] == i || y[s] == j)
                {
                    rows.Add(s);
                    binary.Add(y[s] == j ? 1 : 0);
                }
            }
            string[] pairClasses = [classes[i], classes[j]];
            // Two classes with no training samples (possible only when classes were given explicitly): nothing to
            // learn, so the pair abstains in favour of the first.
            return rows.Count == 0
                ? new ConstantClassifierModel(pairClasses, 0, x.Columns)
                : Estimator.Fit(x.SelectRows(rows.ToArray()), binary.ToArray(), pairClasses, cancellationToken);
        }, cancellationToken);
        return new OneVsOneModel(classes, x.Columns, estimators);
    }
}
