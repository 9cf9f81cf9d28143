using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// Logistic regression (scikit-learn: <c>LogisticRegression</c>): a binary model with one weight vector for two
/// classes, a multinomial (softmax) model for more, fitted by L-BFGS (OWL-QN for L1) or mini-batch SGD on dense or
/// sparse features. The estimator only holds options; <see cref="Classifier.Fit(LabeledData, CancellationToken)"/>
/// returns a <see cref="LogisticRegressionModel"/> (a <see cref="ConstantClassifierModel"/> for a single class).
/// </summary>
public sealed class LogisticRegression : Classifier
{
    /// <summary>Creates the estimator; invalid options throw <see cref="ArgumentException"/> here rather than in Fit.</summary>
    public LogisticRegression(LogisticRegressionOptions? options = null)
    {
        Options = options ?? new LogisticRegressionOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters (scikit-learn: <c>get_params()</c>).</summary>
    public LogisticRegressionOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "logreg";

    /// <inheritdoc />
    protected override ClassifierModel FitCore(FeatureMatrix x, int[] y, IReadOnlyList<string> classes, CancellationToken cancellationToken)
    {
        var loss = new LogisticLoss(x, y, classes.Count, Options.FitIntercept);
        var w = new double[loss.ParameterCount];
        int iterations = Options.Solver == LogisticRegressionSolver.Sgd
            ? LogisticSgd.Minimize(loss, w, Options, cancellationToken)
            : MinimizeLbfgs(loss, w, cancellationToken);

        int rows = loss.Rows, d = loss.Features;
        var coefficients = new double[rows * d];
        var intercepts = new double[rows];
        for (int k = 0; k < rows; k++)
        {
            Array.Copy(w, k * loss.Stride, coefficients, k * d, d);
            intercepts[k] = Options.FitIntercept ? w[k * loss.Stride + d] : 0;
        }
        if (rows > 1 && Options.FitIntercept)
        {
            // Softmax ignores a shift shared by all classes and the intercept is not penalised, so it is not
            // unique; centring it gives the same answer whatever the solver's path.
            double mean = intercepts.Average();
            for (int k = 0; k < rows; k++)
            {
                intercepts[k] -= mean;
            }
        }
        return new LogisticRegressionModel(classes, d, coefficients, intercepts, Options, iterations);
    }

    private int MinimizeLbfgs(LogisticLoss loss, double[] w, CancellationToken cancellationToken)
    {
        double[]? l1 = null;
        if (Options.Penalty == Penalty.L1)
        {
            l1 = new double[w.Length];
            for (int k = 0; k < loss.Rows; k++)
            {
                Array.Fill(l1, 1 / Options.C, k * loss.Stride, loss.Features);
            }
        }
        double tolerance = Options.Tolerance;
        double relativeDecrease = Math.Min(2.220446049250313e-09, tolerance * tolerance);
        return QuasiNewton.Minimize(SmoothObjective(loss), w, l1, Options.MaxIterations, tolerance, relativeDecrease, cancellationToken);
    }

    /// <summary>
    /// The smooth part of the objective in scikit-learn's scaling, <c>Σ log-loss + ‖w‖²/(2C)</c> for L2 and
    /// <c>Σ log-loss</c> otherwise (the L1 term, ‖w‖₁/C, is left to OWL-QN), so its gtol and ftol mean the same here.
    /// </summary>
    internal QuasiNewton.Objective SmoothObjective(LogisticLoss loss)
    {
        double inverseC = 1 / Options.C;
        bool l2 = Options.Penalty == Penalty.L2;
        int stride = loss.Stride, d = loss.Features, rows = loss.Rows;
        return (w, gradient) =>
        {
            double f = loss.Evaluate(w, gradient);
            if (!l2)
            {
                return f;
            }
            double squares = 0;
            for (int k = 0; k < rows; k++)
            {
                for (int j = k * stride; j < k * stride + d; j++)
                {
                    squares += w[j] * w[j];
                    gradient[j] += inverseC * w[j];
                }
            }
            return f + 0.5 * inverseC * squares;
        };
    }
}
