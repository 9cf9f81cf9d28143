namespace Taxon.Classification.Models;

/// <summary>
/// Limited-memory BFGS (Nocedal 1980; scikit-learn's <c>lbfgs</c> solver runs SciPy's L-BFGS-B with no bounds) and
/// its orthant-wise variant OWL-QN for an added L1 term (Andrew and Gao 2007). Minimises
/// <c>f(w) + Σ l1[j]·|w[j]|</c> for a smooth convex <c>f</c>.
/// </summary>
internal static class QuasiNewton
{
    /// <summary>A smooth objective: its value at <c>w</c>, with its gradient written into the second array.</summary>
    public delegate double Objective(double[] w, double[] gradient);

    /// <summary>Corrections kept (SciPy: <c>maxcor</c>, default 10).</summary>
    public const int Memory = 10;

    private const int MaxLineSearchSteps = 50;
    private const double Armijo = 1e-4;

    /// <summary>
    /// Minimises from <paramref name="w"/> (updated in place) and returns the number of iterations. It stops when
    /// the largest (pseudo-)gradient component is at most <paramref name="gradientTolerance"/> (SciPy: <c>gtol</c>),
    /// when an iteration lowers the objective by a relative <paramref name="relativeDecrease"/> or less (SciPy:
    /// <c>ftol</c>), after <paramref name="maxIterations"/>, or when no step along the search direction lowers it.
    /// </summary>
    public static int Minimize(Objective f, double[] w, double[]? l1, int maxIterations, double gradientTolerance,
        double relativeDecrease, CancellationToken cancellationToken)
    {
        int p = w.Length;
        double[] result = w;
        var g = new double[p];
        var pg = new double[p];
        var d = new double[p];
        var wNew = new double[p];
        var gNew = new double[p];
        var s = new double[Memory][];
        var y = new double[Memory][];
        var rho = new double[Memory];
        var alpha = new double[Memory];
        for (int m = 0; m < Memory; m++)
        {
            s[m] = new double[p];
            y[m] = new double[p];
        }
        int stored = 0, newest = -1;

        double fx = f(w, g) + L1Norm(w, l1);
        PseudoGradient(w, g, l1, pg);
        if (MaxAbs(pg) <= gradientTolerance)
        {
            return 0;
        }
        for (int iteration = 1; iteration <= maxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Direction(pg, d, s, y, rho, alpha, stored, newest);
            if (l1 is not null)
            {
                // OWL-QN: a component that would move against the pseudo-gradient's descent direction is dropped.
                for (int j = 0; j < p; j++)
                {
                    if (l1[j] > 0 && d[j] * pg[j] >= 0)
                    {
                        d[j] = 0;
                    }
                }
            }
            double slope = Dot(pg, d);
            if (!(slope < 0))
            {
                // The curvature pairs gave no descent direction (rounding); restart from steepest descent.
                stored = 0;
                newest = -1;
                for (int j = 0; j < p; j++)
                {
                    d[j] = -pg[j];
                }
                slope = -Dot(pg, pg);
                if (!(slope < 0))
                {
                    return Finish(w, result, iteration - 1);
                }
            }
            // The first step is scaled as SciPy's is, to length 1; later steps try the quasi-Newton step first.
            double step = stored == 0 ? Math.Min(1.0, 1.0 / Math.Sqrt(Dot(d, d))) : 1.0;
            double fNew = double.NaN;
            bool accepted = false;
            for (int trial = 0; trial < MaxLineSearchSteps; trial++)
            {
                for (int j = 0; j < p; j++)
                {
                    double v = w[j] + step * d[j];
                    if (l1 is not null && l1[j] > 0)
                    {
                        // Stay in the orthant of w (or, at zero, the one the pseudo-gradient points into).
                        double orthant = w[j] != 0 ? w[j] : -pg[j];
                        if (v * orthant <= 0)
                        {
                            v = 0;
                        }
                    }
                    wNew[j] = v;
                }
                fNew = f(wNew, gNew) + L1Norm(wNew, l1);
                double expected = l1 is null ? step * slope : DotDifference(pg, wNew, w);
                if (fNew <= fx + Armijo * expected)
                {
                    accepted = true;
                    break;
                }
                // Minimum of the quadratic through f(0), f'(0) and f(step), kept within [0.1, 0.5] of the step.
                double denominator = 2 * (fNew - fx - slope * step);
                double next = denominator > 0 && double.IsFinite(fNew) ? -slope * step * step / denominator : 0.5 * step;
                step = Math.Clamp(next, 0.1 * step, 0.5 * step);
            }
            if (!accepted)
            {
                return Finish(w, result, iteration);
            }
            int slot = (newest + 1) % Memory;
            double sy = 0, yy = 0;
            double[] sk = s[slot], yk = y[slot];
            for (int j = 0; j < p; j++)
            {
                sk[j] = wNew[j] - w[j];
                yk[j] = gNew[j] - g[j];
                sy += sk[j] * yk[j];
                yy += yk[j] * yk[j];
            }
            // f is convex, so s·y > 0 unless the step was tiny; a pair without curvature would break the update.
            if (sy > 1e-12 * yy && yy > 0)
            {
                rho[slot] = 1 / sy;
                newest = slot;
                stored = Math.Min(stored + 1, Memory);
            }
            double fOld = fx;
            (w, wNew) = (wNew, w);
            (g, gNew) = (gNew, g);
            fx = fNew;
            PseudoGradient(w, g, l1, pg);
            bool done = MaxAbs(pg) <= gradientTolerance ||
                (fOld - fx) <= relativeDecrease * Math.Max(Math.Max(Math.Abs(fOld), Math.Abs(fx)), 1);
            if (done)
            {
                return Finish(w, result, iteration);
            }
        }
        return Finish(w, result, maxIterations);
    }

    /// <summary>Leaves the final point in the caller's array (the loop swaps buffers rather than copying them).</summary>
    private static int Finish(double[] w, double[] result, int iterations)
    {
        if (!ReferenceEquals(w, result))
        {
            Array.Copy(w, result, w.Length);
        }
        return iterations;
    }

    /// <summary>d = −H·pg by the two-loop recursion over the stored pairs, newest first.</summary>
    private static void Direction(double[] pg, double[] d, double[][] s, double[][] y, double[] rho, double[] alpha, int stored, int newest)
    {
        int p = pg.Length;
        for (int j = 0; j < p; j++)
        {
            d[j] = -pg[j];
        }
        for (int m = 0, slot = newest; m < stored; m++, slot = (slot - 1 + Memory) % Memory)
        {
            alpha[slot] = rho[slot] * Dot(s[slot], d);
            Axpy(-alpha[slot], y[slot], d);
        }
        if (stored > 0)
        {
            double[] yk = y[newest];
            double gamma = 1 / (rho[newest] * Dot(yk, yk));
            for (int j = 0; j < p; j++)
            {
                d[j] *= gamma;
            }
        }
        for (int m = stored - 1; m >= 0; m--)
        {
            int slot = ((newest - m) % Memory + Memory) % Memory;
            double beta = rho[slot] * Dot(y[slot], d);
            Axpy(alpha[slot] - beta, s[slot], d);
        }
    }

    /// <summary>The gradient of f plus the L1 term's subgradient of least norm (for l1 = null, the gradient).</summary>
    private static void PseudoGradient(double[] w, double[] g, double[]? l1, double[] pg)
    {
        if (l1 is null)
        {
            Array.Copy(g, pg, g.Length);
            return;
        }
        for (int j = 0; j < w.Length; j++)
        {
            double c = l1[j];
            if (w[j] > 0)
            {
                pg[j] = g[j] + c;
            }
            else if (w[j] < 0)
            {
                pg[j] = g[j] - c;
            }
            else if (g[j] + c < 0)
            {
                pg[j] = g[j] + c;
            }
            else if (g[j] - c > 0)
            {
                pg[j] = g[j] - c;
            }
            else
            {
                pg[j] = 0;
            }
        }
    }

    private static double L1Norm(double[] w, double[]? l1)
    {
        if (l1 is null)
        {
            return 0;
        }
        double sum = 0;
        for (int j = 0; j < w.Length; j++)
        {
            sum += l1[j] * Math.Abs(w[j]);
        }
        return sum;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++)
        {
            sum += a[j] * b[j];
        }
        return sum;
    }

    private static double DotDifference(double[] a, double[] b, double[] c)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++)
        {
            sum += a[j] * (b[j] - c[j]);
        }
        return sum;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (int j = 0; j < x.Length; j++)
        {
            y[j] += a * x[j];
        }
    }

    private static double MaxAbs(double[] a)
    {
        double max = 0;
        foreach (double v in a)
        {
            max = Math.Max(max, Math.Abs(v));
        }
        return max;
    }
}
