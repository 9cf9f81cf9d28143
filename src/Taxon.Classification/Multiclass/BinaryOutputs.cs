using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Multiclass;

/// <summary>
/// Reads a two-class sub-model's outputs as meta-estimators use them (scikit-learn: <c>_predict_binary</c>): the
/// decision value of class 1 and the probability of class 1.
/// </summary>
internal static class BinaryOutputs
{
    /// <summary>The decision value for class 1 (positive means class 1).</summary>
    public static double Decision(ClassifierModel model, FeatureRow row)
    {
        int width = model.DecisionWidth;
        Span<double> scores = width <= 64 ? stackalloc double[width] : new double[width];
        model.DecisionFunction(row, scores);
        // A model may report one score per class even for two classes; their difference is the binary margin.
        return width == 1 ? scores[0] : scores[1] - scores[0];
    }

    /// <summary>The probability of class 1.</summary>
    public static double PositiveProbability(ClassifierModel model, FeatureRow row)
    {
        Span<double> p = stackalloc double[2];
        model.PredictProba(row, p);
        return p[1];
    }

    /// <summary>Checks that a stored sub-model is a two-class model over <paramref name="featureCount"/> features.</summary>
    public static void CheckBinary(ClassifierModel model, int featureCount, string owner, int index)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Classes.Count != 2)
        {
            throw new ArgumentException($"{owner}: sub-model {index} has {model.Classes.Count} classes; binary sub-models need 2.");
        }
        if (model.FeatureCount != featureCount)
        {
            throw new ArgumentException($"{owner}: sub-model {index} takes {model.FeatureCount} features where {featureCount} were expected.");
        }
    }
}
