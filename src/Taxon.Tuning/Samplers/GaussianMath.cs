namespace Taxon.Tuning.Samplers;

/// <summary>
/// The standard normal's log density, log CDF and log interval mass, accurate far into the tails (where the
/// plain CDF underflows), and truncated-normal sampling: what TPE's Parzen estimators need. The BCL has no erf,
/// so erfc is computed here: its Maclaurin series below 2, Laplace's continued fraction above.
/// </summary>
internal static class GaussianMath
{
    private const double LogSqrt2Pi = 0.91893853320467274178;
    private const double LogSqrtPi = 0.57236494292470008707;
    private static readonly double Sqrt2 = Math.Sqrt(2);

    public static double LogPdf(double z) => -0.5 * z * z - LogSqrt2Pi;

    /// <summary>erfc(x) for x &gt;= 0.</summary>
    public static double Erfc(double x) => x < 2 ? 1 - ErfSeries(x) : Math.Exp(LogErfcLarge(x));

    /// <summary>log Φ(x), the log of the standard normal CDF.</summary>
    public static double LogCdf(double x)
    {
        if (x >= 0)
        {
            return Math.Log(1 - 0.5 * Erfc(x / Sqrt2));
        }
        double t = -x / Sqrt2;
        return t < 2 ? Math.Log(0.5 * Erfc(t)) : Math.Log(0.5) + LogErfcLarge(t);
    }

    /// <summary>log(Φ(b) − Φ(a)) for a &lt;= b: the log of the standard normal mass of [a, b].</summary>
    public static double LogMass(double a, double b)
    {
        if (a > 0)
        {
            // The mass of [a, b] equals that of [-b, -a]: work in the left tail, where the CDF keeps its precision.
            (a, b) = (-b, -a);
        }
        if (b <= 0)
        {
            double lb = LogCdf(b);
            double la = LogCdf(a);
            return la == double.NegativeInfinity ? lb : lb + Math.Log(-double.ExpM1(la - lb));
        }
        // a < 0 < b: one minus the two tails, each below one half.
        double left = Math.Exp(LogCdf(a));
        double right = Math.Exp(LogCdf(-b));
        return Math.Log(1 - left - right);
    }

    /// <summary>A sample of N(mu, sigma²) truncated to [low, high].</summary>
    public static double SampleTruncated(RandomSource random, double mu, double sigma, double low, double high)
    {
        double a = (low - mu) / sigma;
        double b = (high - mu) / sigma;
        // TPE's kernels are centred inside their bounds, so at least a third of the mass lies in them and
        // rejection needs three draws on average; the inverse-CDF search below covers any other case.
        for (int attempt = 0; attempt < 64; attempt++)
        {
            double z = random.NextGaussian();
            if (z >= a && z <= b)
            {
                return mu + sigma * z;
            }
        }
        double logTotal = LogMass(a, b);
        double target = Math.Log(random.NextDouble()) + logTotal;
        double lo = a, hi = b;
        for (int i = 0; i < 200 && hi - lo > 1e-12 * Math.Max(1, Math.Abs(lo)); i++)
        {
            double mid = 0.5 * (lo + hi);
            if (LogMass(a, mid) < target)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return Math.Clamp(mu + sigma * 0.5 * (lo + hi), low, high);
    }

    private static double ErfSeries(double x)
    {
        // erf(x) = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1)); below 2 the terms fall fast enough for full precision.
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++)
        {
            term *= -x2 / n;
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.Abs(add) < 1e-17 * Math.Abs(sum))
            {
                break;
            }
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    /// <summary>log erfc(x) for x &gt;= 2, from erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))).</summary>
    private static double LogErfcLarge(double x)
    {
        // Modified Lentz evaluation of x + (1/2)/(x + 1/(x + (3/2)/(x + ...))), stopping once a term changes the
        // value by less than a rounding error: about 40 terms at x = 2, a dozen at x = 6.
        const double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int n = 1; n < 500; n++)
        {
            double a = n * 0.5;
            d = x + a * d;
            d = d == 0 ? 1 / tiny : 1 / d;
            c = x + a / c;
            if (c == 0)
            {
                c = tiny;
            }
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }
        return -x * x - LogSqrtPi - Math.Log(f);
    }
}
