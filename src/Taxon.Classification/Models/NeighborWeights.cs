namespace Taxon.Classification.Models;

/// <summary>How the neighbours' votes are weighted (scikit-learn: <c>KNeighborsClassifier(weights=...)</c>).</summary>
public enum NeighborWeights
{
    /// <summary>Every neighbour counts the same (scikit-learn: <c>"uniform"</c>).</summary>
    Uniform,

    /// <summary>A neighbour counts 1 / its distance; neighbours at distance 0, when there are any, take all the weight (scikit-learn: <c>"distance"</c>).</summary>
    Distance,
}
