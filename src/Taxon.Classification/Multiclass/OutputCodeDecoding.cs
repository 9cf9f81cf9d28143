namespace Taxon.Classification.Multiclass;

/// <summary>What <see cref="OutputCodeModel"/> compares with each class's code word.</summary>
public enum OutputCodeDecoding
{
    /// <summary>
    /// The binary models' decision values against code words of ±1 (scikit-learn's choice whenever the estimator
    /// has a <c>decision_function</c>, which every Taxon model has).
    /// </summary>
    Decision,

    /// <summary>The binary models' probabilities of bit 1 against code words of 0/1 (scikit-learn's choice for estimators with only <c>predict_proba</c>).</summary>
    Probability,
}
