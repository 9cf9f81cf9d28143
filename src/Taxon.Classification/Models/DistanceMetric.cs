namespace Taxon.Classification.Models;

/// <summary>How far apart two samples are (scikit-learn: the <c>metric</c> of <c>KNeighborsClassifier</c>).</summary>
public enum DistanceMetric
{
    /// <summary>The straight-line distance, √Σ(x − y)² (scikit-learn: <c>"euclidean"</c>, the default <c>"minkowski"</c> with p=2).</summary>
    Euclidean,

    /// <summary>The sum of absolute differences, Σ|x − y| (scikit-learn: <c>"manhattan"</c>).</summary>
    Manhattan,

    /// <summary>One minus the cosine of the angle, 1 − x·y / (‖x‖ ‖y‖); a zero vector has similarity 0 to everything (scikit-learn: <c>"cosine"</c>).</summary>
    Cosine,
}
