using System.Globalization;

namespace Taxon.Classification.Models;

/// <summary>
/// Hyperparameters of <see cref="LogisticRegression"/> (scikit-learn: <c>LogisticRegression(...)</c>, same names
/// and defaults). The model minimises <c>C · Σᵢ log-loss(xᵢ, yᵢ) + R(w)</c> with R = ½‖w‖² (L2), ‖w‖₁ (L1) or 0;
/// the intercept is not penalised. Immutable; derive variants with <c>with</c>.
/// </summary>
public sealed record LogisticRegressionOptions
{
    /// <summary>Inverse regularisation strength: larger C fits the training data more closely (scikit-learn: <c>C</c>). Default 1.</summary>
    public double C { get; init; } = 1.0;

    /// <summary>The penalty on the weights (scikit-learn: <c>penalty</c>). Default L2.</summary>
    public Penalty Penalty { get; init; } = Penalty.L2;

    /// <summary>Whether to fit an unpenalised intercept (scikit-learn: <c>fit_intercept</c>). Default true.</summary>
    public bool FitIntercept { get; init; } = true;

    /// <summary>
    /// Stopping tolerance (scikit-learn: <c>tol</c>). L-BFGS stops when no component of the gradient of
    /// <c>Σ log-loss + R(w)/C</c> exceeds it (as scikit-learn's <c>gtol</c>), or when an iteration lowers that
    /// objective by a relative min(2.2e-9, tol²) or less (SciPy's default <c>ftol</c> at the default tol); SGD stops
    /// when an epoch changes no weight by more than tol times the largest weight. Default 1e-4.
    /// </summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>The most iterations (L-BFGS) or epochs (SGD) (scikit-learn: <c>max_iter</c>). Default 100.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>The optimiser (scikit-learn: <c>solver</c>). Default L-BFGS (OWL-QN for the L1 penalty).</summary>
    public LogisticRegressionSolver Solver { get; init; } = LogisticRegressionSolver.Lbfgs;

    /// <summary>Samples per step of the SGD solver. Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// The initial step size of the SGD solver, which decays as 1/√epoch; null picks 1/L, where L is the expected
    /// curvature of the loss over a batch of <see cref="BatchSize"/> samples (from the largest row norm and the
    /// data's largest eigenvalue), so larger batches take larger steps. Default null.
    /// </summary>
    public double? LearningRate { get; init; }

    /// <summary>Seeds the SGD solver's shuffling (scikit-learn: <c>random_state</c>); L-BFGS is deterministic. Default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Check(double.IsFinite(C) && C > 0, $"C must be a positive number, got {Format(C)}.");
        Check(Enum.IsDefined(Penalty), $"Penalty {Penalty} is not known.");
        Check(double.IsFinite(Tolerance) && Tolerance >= 0, $"Tolerance must be zero or positive, got {Format(Tolerance)}.");
        Check(MaxIterations >= 1, $"MaxIterations must be at least 1, got {MaxIterations}.");
        Check(Enum.IsDefined(Solver), $"Solver {Solver} is not known.");
        Check(BatchSize >= 1, $"BatchSize must be at least 1, got {BatchSize}.");
        Check(LearningRate is null || (double.IsFinite(LearningRate.Value) && LearningRate > 0),
            $"LearningRate must be a positive number or null (automatic), got {(LearningRate is double r ? Format(r) : "null")}.");
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentException($"{nameof(LogisticRegressionOptions)}: {message}");
        }
    }
}
