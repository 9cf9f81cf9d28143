using Taxon.Classification.Data;
using Taxon.Kernels;

namespace Taxon.Classification.Models;

/// <summary>
/// A linear support vector classifier (scikit-learn: <c>LinearSVC</c>, liblinear's dual solver): hinge or squared
/// hinge loss with an L2 penalty, one binary problem for two classes (scoring <c>Classes[1]</c>) and one-vs-rest
/// problems for more, each solved by dual coordinate descent on dense or sparse features. The binary problems are
/// independent and run in parallel (up to <see cref="Parallelism.MaxThreads"/>), each with its own seeded order, so
/// the model does not depend on the thread count. Fit returns a <see cref="LinearSvcModel"/> (a
/// <see cref="ConstantClassifierModel"/> for a single class).
/// </summary>
public sealed class LinearSvc : Classifier
{
    // From this many sparse columns the solver works on a copy with columns ordered by use and single-sample columns
    // folded into per-sample norms (exact; see SparseMatrix.WithSharedColumnsByFrequency); below it the weights fit
    // in cache whatever their order and the copy is not worth making.
    private const int FrequencyOrderColumns = 1 << 15;

    /// <summary>Creates the estimator; invalid options throw <see cref="ArgumentException"/> here rather than in Fit.</summary>
    public LinearSvc(LinearSvcOptions? options = null)
    {
        Options = options ?? new LinearSvcOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters (scikit-learn: <c>get_params()</c>).</summary>
    public LinearSvcOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "linear-svc";

    /// <inheritdoc />
    protected override ClassifierModel FitCore(FeatureMatrix x, int[] y, IReadOnlyList<string> classes, CancellationToken cancellationToken)
    {
        int n = x.Rows, d = x.Columns;
        int rows = classes.Count == 2 ? 1 : classes.Count;
        int[]? newColumnOf = null;
        double[]? singletonSquares = null;
        FeatureMatrix solveOn = x;
        SparseMatrix? original = x as SparseMatrix;
        if (original is not null && d >= FrequencyOrderColumns)
        {
            solveOn = original.WithSharedColumnsByFrequency(out newColumnOf, out singletonSquares);
        }
        double bias = Options.FitIntercept ? Options.InterceptScaling : 0;
        var squaredNorms = new double[n];
        for (int i = 0; i < n; i++)
        {
            squaredNorms[i] = x.Row(i).SquaredNorm() + bias * bias;
        }
        int solved = solveOn.Columns;
        var intercepts = new double[rows];
        var iterations = new int[rows];
        var solutions = new double[rows][];
        var duals = new double[rows][];
        var positives = new bool[rows][];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism.MaxThreads, CancellationToken = cancellationToken };
        Parallel.For(0, rows, parallel, k =>
        {
            bool[] positive = positives[k] = Positive(y, rows, k);
            var w = new double[solved + 1];
            var alpha = new double[n];
            var generator = new Generator(Options.Seed + (ulong)k * 0x9E3779B97F4A7C15UL);
            iterations[k] = DualCoordinateDescent.Solve(solveOn, positive, squaredNorms, singletonSquares, w, alpha, bias, Options.C,
                Options.Loss == LinearSvcLoss.Hinge, Options.Tolerance, Options.MaxIterations, generator, cancellationToken);
            intercepts[k] = bias * w[solved];
            solutions[k] = w;
            duals[k] = alpha;
        });
        // Feature-major, as the model keeps them: all rows' weights of a feature side by side.
        var coefficients = new double[(long)rows * d];
        for (int c = 0; c < d; c++)
        {
            int from = newColumnOf is null ? c : newColumnOf[c];
            if (from >= 0)
            {
                for (int k = 0; k < rows; k++)
                {
                    coefficients[(long)c * rows + k] = solutions[k][from];
                }
            }
        }
        if (newColumnOf is not null)
        {
            // w = Σ yᵢαᵢxᵢ, and only sample i has a value in its own columns.
            for (int i = 0; i < n; i++)
            {
                FeatureRow row = original!.Row(i);
                for (int e = 0; e < row.Indices.Length; e++)
                {
                    int c = row.Indices[e];
                    if (newColumnOf[c] < 0)
                    {
                        for (int k = 0; k < rows; k++)
                        {
                            double scale = positives[k][i] ? duals[k][i] : -duals[k][i];
                            coefficients[(long)c * rows + k] = scale * row.Values[e];
                        }
                    }
                }
            }
        }
        return new LinearSvcModel(classes, d, coefficients, intercepts, Options, iterations.Max(), featureMajor: true);
    }

    /// <summary>The labels of binary problem <paramref name="k"/>: two classes, Classes[1] positive; otherwise class k against the rest.</summary>
    private static bool[] Positive(int[] y, int rows, int k)
    {
        int target = rows == 1 ? 1 : k;
        var positive = new bool[y.Length];
        for (int i = 0; i < y.Length; i++)
        {
            positive[i] = y[i] == target;
        }
        return positive;
    }
}
