using System.Globalization;

namespace Taxon.Classification.Models;

/// <summary>
/// Hyperparameters of <see cref="LinearSvc"/> (scikit-learn: <c>LinearSVC(...)</c>, same names and defaults, dual
/// solver). The model minimises <c>½‖w‖² + C · Σᵢ loss(yᵢ · w·xᵢ)</c>, where xᵢ carries the extra constant feature
/// <see cref="InterceptScaling"/> whose weight (the intercept) is penalised like the others, as in liblinear.
/// Immutable; derive variants with <c>with</c>.
/// </summary>
public sealed record LinearSvcOptions
{
    /// <summary>Inverse regularisation strength (scikit-learn: <c>C</c>). Default 1.</summary>
    public double C { get; init; } = 1.0;

    /// <summary>The loss (scikit-learn: <c>loss</c>). Default squared hinge.</summary>
    public LinearSvcLoss Loss { get; init; } = LinearSvcLoss.SquaredHinge;

    /// <summary>Whether to fit an intercept, as a constant feature (scikit-learn: <c>fit_intercept</c>). Default true.</summary>
    public bool FitIntercept { get; init; } = true;

    /// <summary>The value of the constant feature; larger values penalise the intercept less (scikit-learn: <c>intercept_scaling</c>). Default 1.</summary>
    public double InterceptScaling { get; init; } = 1.0;

    /// <summary>
    /// Stopping tolerance on the spread of the dual projected gradient (scikit-learn / liblinear: <c>tol</c> / <c>eps</c>).
    /// Default 1e-4.
    /// </summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>The most passes over the samples per binary problem (scikit-learn: <c>max_iter</c>). Default 1000.</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>Seeds the order in which coordinates are visited each pass (scikit-learn: <c>random_state</c>). Default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Check(double.IsFinite(C) && C > 0, $"C must be a positive number, got {Format(C)}.");
        Check(Enum.IsDefined(Loss), $"Loss {Loss} is not known.");
        Check(double.IsFinite(InterceptScaling) && InterceptScaling > 0, $"InterceptScaling must be a positive number, got {Format(InterceptScaling)}.");
        Check(double.IsFinite(Tolerance) && Tolerance > 0, $"Tolerance must be a positive number, got {Format(Tolerance)}.");
        Check(MaxIterations >= 1, $"MaxIterations must be at least 1, got {MaxIterations}.");
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentException($"{nameof(LinearSvcOptions)}: {message}");
        }
    }
}
