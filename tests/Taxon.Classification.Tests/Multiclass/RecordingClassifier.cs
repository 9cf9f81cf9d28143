using System.Collections.Concurrent;
using Taxon.Classification.Data;
using Taxon.Classification.Models;
using Taxon.Classification.Tests.Conformance;

namespace Taxon.Classification.Tests.Multiclass;

/// <summary>A nearest-centroid estimator that records what every sub-problem it is fitted on looks like.</summary>
internal sealed class RecordingClassifier : Classifier
{
    public sealed record Call(float[][] Rows, int[] Y, string[] Classes);

    private readonly CentroidClassifier _inner = new();

    public ConcurrentQueue<Call> Calls { get; } = new();

    public override string Name => "recording";

    protected override ClassifierModel FitCore(FeatureMatrix x, int[] y, IReadOnlyList<string> classes, CancellationToken cancellationToken)
    {
        var rows = new float[x.Rows][];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = new float[x.Columns];
            x.Row(i).CopyTo(rows[i]);
        }
        Calls.Enqueue(new Call(rows, [.. y], [.. classes]));
        return _inner.Fit(x, y, classes, cancellationToken);
    }
}
