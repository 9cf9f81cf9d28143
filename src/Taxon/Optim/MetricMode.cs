namespace Taxon.Optim;

/// <summary>Whether a monitored metric improves by going down (a loss) or up (an accuracy).</summary>
public enum MetricMode
{
    /// <summary>Lower is better (PyTorch: <c>mode="min"</c>).</summary>
    Min,

    /// <summary>Higher is better (PyTorch: <c>mode="max"</c>).</summary>
    Max,
}
