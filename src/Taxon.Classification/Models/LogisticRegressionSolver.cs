namespace Taxon.Classification.Models;

/// <summary>How <see cref="LogisticRegression"/> minimises its objective (scikit-learn: <c>solver</c>).</summary>
public enum LogisticRegressionSolver
{
    /// <summary>
    /// L-BFGS on the whole data each iteration (scikit-learn: <c>'lbfgs'</c>), with OWL-QN, its orthant-wise
    /// variant, for the L1 penalty. Accurate and fast up to data that fits comfortably in memory.
    /// </summary>
    Lbfgs,

    /// <summary>
    /// Mini-batch stochastic gradient descent on the same objective, seeded (scikit-learn: the role of
    /// <c>'sag'</c>/<c>'saga'</c>; <c>SGDClassifier(loss='log_loss')</c> is plain SGD): a step per batch, for large
    /// or sparse data where a pass per iteration is too slow.
    /// </summary>
    Sgd,
}
