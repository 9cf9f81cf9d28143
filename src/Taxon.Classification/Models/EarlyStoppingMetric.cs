namespace Taxon.Classification.Models;

/// <summary>What early stopping watches on the validation split (Keras: <c>EarlyStopping(monitor=...)</c>).</summary>
public enum EarlyStoppingMetric
{
    /// <summary>Mean cross-entropy on the validation split; lower is better.</summary>
    Loss,

    /// <summary>Accuracy on the validation split; higher is better (scikit-learn's choice for <c>early_stopping=True</c>).</summary>
    Accuracy,
}
