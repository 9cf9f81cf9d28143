using Taxon.Classification.Data;

namespace Taxon.Classification.ModelSelection;

/// <summary>
/// The sample indices of one split: a training part and a test part, disjoint (scikit-learn: one <c>(train, test)</c>
/// pair yielded by a splitter's <c>split</c>). A k-fold split is an array of these, one per fold.
/// </summary>
/// <param name="Train">The training samples' indices.</param>
/// <param name="Test">The test samples' indices.</param>
public sealed record TrainTestSplit(int[] Train, int[] Test)
{
    /// <summary>The two parts of <paramref name="data"/> (scikit-learn: <c>X[train], X[test]</c>, with their labels).</summary>
    public (LabeledData Train, LabeledData Test) Apply(LabeledData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return (data.Subset(Train), data.Subset(Test));
    }
}
