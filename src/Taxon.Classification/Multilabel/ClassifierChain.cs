using Taxon.Classification.Data;
using Taxon.Classification.Models;
using Taxon.Classification.Multiclass;

namespace Taxon.Classification.Multilabel;

/// <summary>
/// A classifier chain (Read et al. 2009; scikit-learn: <c>ClassifierChain</c>): one binary model per label, in a
/// chain order; the model of the c-th label sees the features followed by the c labels before it in the chain.
/// Training feeds the true labels forward; prediction feeds each link's predicted label (see
/// <see cref="ClassifierChainModel"/>).
/// </summary>
public sealed class ClassifierChain : MultiLabelClassifier
{
    /// <summary>Wraps <paramref name="estimator"/>; invalid options throw <see cref="ArgumentException"/> here.</summary>
    public ClassifierChain(Classifier estimator, ClassifierChainOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        Estimator = estimator;
        Options = options ?? new ClassifierChainOptions();
        Options.Validate();
    }

    /// <summary>The binary estimator fitted once per label (scikit-learn: <c>base_estimator</c>).</summary>
    public Classifier Estimator { get; }

    /// <summary>The settings.</summary>
    public ClassifierChainOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "chain";

    /// <inheritdoc />
    protected override MultiLabelModel FitCore(FeatureMatrix x, byte[] y, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        int[] order = Options.RandomOrder ? RandomPermutation(labels.Count, new Generator(Options.Seed)) : ResolveOrder(labels);
        ClassifierModel[] links = ParallelFits.Run(labels.Count, Options.MaxParallelism,
            c => FitLink(Estimator, x, y, labels, order, c, cancellationToken), cancellationToken);
        return new ClassifierChainModel(labels, x.Columns, order, links);
    }

    /// <summary>Fits a whole chain on one thread (what an ensemble of chains does, fitting chains in parallel instead).</summary>
    internal static ClassifierChainModel FitChain(Classifier estimator, FeatureMatrix x, byte[] y, IReadOnlyList<string> labels, int[] order,
        CancellationToken cancellationToken)
    {
        var links = new ClassifierModel[labels.Count];
        for (int c = 0; c < links.Length; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            links[c] = FitLink(estimator, x, y, labels, order, c, cancellationToken);
        }
        return new ClassifierChainModel(labels, x.Columns, order, links);
    }

    /// <summary>Link <paramref name="c"/>: label order[c] from the features and the true labels order[0..c).</summary>
    private static ClassifierModel FitLink(Classifier estimator, FeatureMatrix x, byte[] y, IReadOnlyList<string> labels, int[] order, int c,
        CancellationToken cancellationToken)
    {
        int width = labels.Count, n = x.Rows;
        FeatureMatrix input = x;
        if (c > 0)
        {
            var previous = new float[n * c];
            for (int i = 0; i < n; i++)
            {
                for (int p = 0; p < c; p++)
                {
                    previous[i * c + p] = y[i * width + order[p]];
                }
            }
            input = FeatureMatrix.ConcatColumns(x, new DenseMatrix(previous, n, c));
        }
        int label = order[c];
        return estimator.Fit(input, LabelColumns.Column(y, width, label), LabelColumns.BinaryClasses(labels[label]), cancellationToken);
    }

    private int[] ResolveOrder(IReadOnlyList<string> labels)
    {
        if (Options.Order is null)
        {
            int[] identity = new int[labels.Count];
            for (int j = 0; j < identity.Length; j++)
            {
                identity[j] = j;
            }
            return identity;
        }
        var index = new Dictionary<string, int>(labels.Count, StringComparer.Ordinal);
        for (int j = 0; j < labels.Count; j++)
        {
            index[labels[j]] = j;
        }
        if (Options.Order.Count != labels.Count)
        {
            throw new ArgumentException(
                $"{nameof(ClassifierChainOptions)}: Order names {Options.Order.Count} labels but the data has {labels.Count}: {ClassifierModel.LabelList(labels)}.");
        }
        var order = new int[labels.Count];
        for (int c = 0; c < order.Length; c++)
        {
            if (!index.TryGetValue(Options.Order[c], out order[c]))
            {
                throw new ArgumentException(
                    $"{nameof(ClassifierChainOptions)}: Order names label '{Options.Order[c]}', which the data does not have; its labels are {ClassifierModel.LabelList(labels)}.");
            }
        }
        return order;
    }

    /// <summary>A uniformly random permutation of 0..count−1 (Fisher–Yates).</summary>
    internal static int[] RandomPermutation(int count, Generator generator)
    {
        var order = new int[count];
        for (int j = 0; j < count; j++)
        {
            order[j] = j;
        }
        for (int j = count - 1; j > 0; j--)
        {
            int other = generator.NextInt(0, j + 1);
            (order[j], order[other]) = (order[other], order[j]);
        }
        return order;
    }
}
