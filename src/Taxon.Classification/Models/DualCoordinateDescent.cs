using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// Dual coordinate descent for a binary L2-regularised linear SVM (Hsieh et al. 2008; liblinear's
/// <c>solve_l2r_l1l2_svc</c>, which scikit-learn's LinearSVC runs): minimises
/// <c>½αᵀ(Q + D)α − Σα</c> over 0 ≤ αᵢ ≤ U, with Qᵢⱼ = yᵢyⱼxᵢ·xⱼ, keeping w = Σ yᵢαᵢxᵢ. Hinge loss: U = C, D = 0;
/// squared hinge: U = ∞, D = I/(2C). Samples are visited in a fresh random order each pass, and those whose
/// bound is clearly active are set aside (shrinking) until the remaining ones converge.
/// </summary>
internal static class DualCoordinateDescent
{
    /// <summary>
    /// Solves for the labels <paramref name="positive"/> (true: +1) and returns the passes made. <paramref name="w"/>
    /// holds the feature weights, then the weight of the constant feature <paramref name="bias"/> when it is
    /// positive; <paramref name="squaredNorms"/>[i] is ‖xᵢ‖² plus bias². When <paramref name="ownSquares"/> is
    /// given, x lacks the columns only one sample uses and <paramref name="ownSquares"/>[i] is the squared norm of
    /// sample i's part in them: their weights are yᵢαᵢ times its values, so they add yᵢαᵢ·ownSquares[i] to its
    /// margin and nothing to anyone else's. <paramref name="alpha"/> (zeros in) receives the dual variables.
    /// </summary>
    public static int Solve(FeatureMatrix x, ReadOnlySpan<bool> positive, double[] squaredNorms, double[]? ownSquares, double[] w, double[] alpha,
        double bias, double c, bool hinge, double tolerance, int maxIterations, Generator generator, CancellationToken cancellationToken)
    {
        int n = x.Rows, d = x.Columns;
        double diagonal = hinge ? 0 : 0.5 / c;
        double upper = hinge ? c : double.PositiveInfinity;
        var index = new int[n];
        for (int i = 0; i < n; i++)
        {
            index[i] = i;
        }
        Span<double> weights = w.AsSpan(0, d);
        int active = n;
        double maxOld = double.PositiveInfinity, minOld = double.NegativeInfinity;
        int iteration = 0;
        while (iteration < maxIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double maxNew = double.NegativeInfinity, minNew = double.PositiveInfinity;
            for (int s = 0; s < active; s++)
            {
                int j = s + generator.NextInt(0, active - s);
                (index[s], index[j]) = (index[j], index[s]);
            }
            for (int s = 0; s < active; s++)
            {
                int i = index[s];
                double yi = positive[i] ? 1 : -1;
                FeatureRow row = x.Row(i);
                double margin = RowKernels.Dot(row, weights) + (bias > 0 ? bias * w[d] : 0)
                    + (ownSquares is null ? 0 : yi * alpha[i] * ownSquares[i]);
                double g = yi * margin - 1 + alpha[i] * diagonal;
                double projected = 0;
                if (alpha[i] == 0)
                {
                    if (g > maxOld)
                    {
                        active--;
                        (index[s], index[active]) = (index[active], index[s]);
                        s--;
                        continue;
                    }
                    if (g < 0)
                    {
                        projected = g;
                    }
                }
                else if (alpha[i] == upper)
                {
                    if (g < minOld)
                    {
                        active--;
                        (index[s], index[active]) = (index[active], index[s]);
                        s--;
                        continue;
                    }
                    if (g > 0)
                    {
                        projected = g;
                    }
                }
                else
                {
                    projected = g;
                }
                maxNew = Math.Max(maxNew, projected);
                minNew = Math.Min(minNew, projected);
                double q = squaredNorms[i] + diagonal;
                if (Math.Abs(projected) > 1e-12 && q > 0)
                {
                    double old = alpha[i];
                    alpha[i] = Math.Min(Math.Max(old - g / q, 0), upper);
                    double delta = (alpha[i] - old) * yi;
                    RowKernels.AddScaled(row, weights, delta);
                    if (bias > 0)
                    {
                        w[d] += delta * bias;
                    }
                }
            }
            iteration++;
            if (maxNew - minNew <= tolerance)
            {
                if (active == n)
                {
                    break;
                }
                // Converged on the shrunk set: check every sample once more before stopping.
                active = n;
                maxOld = double.PositiveInfinity;
                minOld = double.NegativeInfinity;
                continue;
            }
            maxOld = maxNew <= 0 ? double.PositiveInfinity : maxNew;
            minOld = minNew >= 0 ? double.NegativeInfinity : minNew;
        }
        return iteration;
    }
}
