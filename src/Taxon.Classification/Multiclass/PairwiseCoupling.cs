namespace Taxon.Classification.Multiclass;

/// <summary>
/// Class probabilities from pairwise ones (Wu, Lin and Weng 2004, "Probability estimates for multi-class
/// classification by pairwise coupling", method 2, solved by the fixed-point iteration LIBSVM uses, as scikit-learn's
/// <c>SVC(probability=True)</c> does): p minimises Σᵢ Σⱼ≠ᵢ (rⱼᵢ pᵢ − rᵢⱼ pⱼ)² subject to Σ p = 1, where rᵢⱼ is the
/// probability of class i given that the sample is class i or j.
/// </summary>
internal static class PairwiseCoupling
{
    /// <summary>LIBSVM clips pairwise probabilities to [MinProbability, 1 − MinProbability] so the iteration never divides by zero.</summary>
    public const double MinProbability = 1e-7;

    /// <summary>Clips a pairwise probability as LIBSVM does.</summary>
    public static double Clip(double r) => Math.Min(Math.Max(r, MinProbability), 1 - MinProbability);

    /// <summary>
    /// Couples the row-major k×k matrix <paramref name="r"/> (rᵢⱼ for i ≠ j, with rⱼᵢ = 1 − rᵢⱼ; the diagonal is
    /// ignored) into <paramref name="p"/> (k entries). <paramref name="work"/> needs k·k + k entries.
    /// </summary>
    public static void Couple(ReadOnlySpan<double> r, Span<double> p, Span<double> work)
    {
        int k = p.Length;
        if (k == 2)
        {
            // LIBSVM's own shortcut: with two classes the pairwise probability is the answer.
            p[0] = r[1];
            p[1] = r[k];
            return;
        }
        Span<double> q = work[..(k * k)];
        Span<double> qp = work.Slice(k * k, k);
        // Q = the quadratic form of the objective: Q_tt = Σ_{j≠t} r_jt², Q_tj = −r_jt · r_tj.
        for (int t = 0; t < k; t++)
        {
            p[t] = 1.0 / k;
            double diagonal = 0;
            for (int j = 0; j < k; j++)
            {
                if (j != t)
                {
                    double rjt = r[j * k + t];
                    diagonal += rjt * rjt;
                    q[t * k + j] = -rjt * r[t * k + j];
                }
            }
            q[t * k + t] = diagonal;
        }
        int maxIterations = Math.Max(100, k);
        double tolerance = 0.005 / k;
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            // Recomputed from scratch each sweep: the incremental updates below drift.
            double pqp = 0;
            for (int t = 0; t < k; t++)
            {
                double s = 0;
                for (int j = 0; j < k; j++)
                {
                    s += q[t * k + j] * p[j];
                }
                qp[t] = s;
                pqp += p[t] * s;
            }
            double maxError = 0;
            for (int t = 0; t < k; t++)
            {
                maxError = Math.Max(maxError, Math.Abs(qp[t] - pqp));
            }
            if (maxError < tolerance)
            {
                break;
            }
            for (int t = 0; t < k; t++)
            {
                double qtt = q[t * k + t];
                double diff = (pqp - qp[t]) / qtt;
                p[t] += diff;
                double scale = 1 + diff;
                pqp = (pqp + diff * (diff * qtt + 2 * qp[t])) / scale / scale;
                for (int j = 0; j < k; j++)
                {
                    qp[j] = (qp[j] + diff * q[t * k + j]) / scale;
                    p[j] /= scale;
                }
            }
        }
    }
}
