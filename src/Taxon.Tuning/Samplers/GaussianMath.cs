namespace Taxon.Tuning.Samplers;

/// <summary>
/// The standard normal's log density, log CDF and log interval mass, accurate far into the tails (where the
/// plain CDF underflows), and the truncated normal's quantile function: what TPE's Parzen estimators need. The BCL has no erf,
/// so erfc is computed here: its Maclaurin series below 2, Laplace's continued fraction above.
/// </summary>
internal static class GaussianMath
{
    private const double LogSqrt2Pi = 0.91893853320467274178;
    private const double LogSqrtPi = 0.57236494292470008707;
    private const double LogTwo = 0.69314718055994530942;
    private static readonly double Sqrt2 = Math.Sqrt(2);

    public static double LogPdf(double z) => -0.5 * z * z - LogSqrt2Pi;

    /// <summary>erfc(x) for x &gt;= 0.</summary>
    public static double Erfc(double x) => x < 2 ? 1 - ErfSeries(x) : Math.Exp(LogErfcLarge(x));

    /// <summary>log Φ(x), the log of the standard normal CDF.</summary>
    public static double LogCdf(double x)
    {
        if (x >= 0)
        {
            // log1p keeps log Φ's tiny negative values far right, where inverting it needs them.
            return Log1P(-0.5 * Erfc(x / Sqrt2));
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

    /// <summary>
    /// The quantile of the standard normal truncated to [a, b] at <paramref name="q"/> in [0, 1] (Optuna 3.1:
    /// <c>_truncnorm.ppf</c>), which TPE applies to one uniform draw per candidate. As Optuna, it inverts log Φ in
    /// the tail the interval starts in (the left one when a &lt; 0, else the mirrored right one), so that kernels far
    /// from the bounds keep their precision. Optuna bisects; Halley's method reaches the same root to rounding in
    /// two steps, where bisection needs 60 or more.
    /// </summary>
    public static double TruncatedPpf(double q, double a, double b) =>
        TruncatedPpf(q, a, b, LogMass(a, b), a < 0 ? LogCdf(a) : LogCdf(-b));

    /// <summary>
    /// <see cref="TruncatedPpf(double, double, double)"/> with the parts that depend only on the interval given:
    /// <paramref name="logMass"/> = <see cref="LogMass"/>(a, b) and <paramref name="logTail"/> = log Φ(a) when
    /// a &lt; 0, else log Φ(−b). A kernel computes them once for all its draws.
    /// </summary>
    public static double TruncatedPpf(double q, double a, double b, double logMass, double logTail)
    {
        if (a == b)
        {
            return double.NaN;
        }
        if (q == 0)
        {
            return a;
        }
        if (q == 1)
        {
            return b;
        }
        double x = a < 0
            ? InverseLogCdf(LogAddExp(logTail, Math.Log(q) + logMass))
            : -InverseLogCdf(LogAddExp(logTail, Log1P(-q) + logMass));
        // The root lies in [a, b]; rounding may put it a hair outside, where the kernel has no mass.
        return Math.Clamp(x, a, b);
    }

    /// <summary>The x with log Φ(x) = <paramref name="y"/> (Optuna 3.1: <c>_ndtri_exp</c>).</summary>
    public static double InverseLogCdf(double y)
    {
        if (!(y < 0))
        {
            return y == 0 ? double.PositiveInfinity : double.NaN;
        }
        if (double.IsNegativeInfinity(y))
        {
            return double.NegativeInfinity;
        }
        // Start within 4.5e-4 (Abramowitz and Stegun 26.2.23, in whichever tail holds the root), then Halley's
        // method on log Φ, whose derivatives are r = φ/Φ and −r(x + r): the error goes to about (1 + x²) e³.
        bool lower = y < -LogTwo;
        double t = Math.Sqrt(-2 * (lower ? y : Math.Log(-double.ExpM1(y))));
        double guess = t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
        double x = lower ? -guess : guess;
        for (int i = 0; i < 20; i++)
        {
            double logCdf = LogCdf(x);
            double r = Math.Exp(LogPdf(x) - logCdf);
            double newton = (logCdf - y) / r;
            double step = newton / (1 + 0.5 * newton * (x + r));
            x -= step;
            double size = Math.Abs(step);
            if (!(size * size * size * (1 + x * x) > 1e-17 * Math.Max(1, Math.Abs(x))))
            {
                // What this step left is below rounding (or the step is NaN, and so is x).
                break;
            }
        }
        return x;
    }

    /// <summary>log(e^x + e^y) without overflow (NumPy: <c>logaddexp</c>).</summary>
    private static double LogAddExp(double x, double y)
    {
        if (x == y)
        {
            // Also the case of two infinities of the same sign, where x − y is NaN.
            return x + LogTwo;
        }
        double max = Math.Max(x, y);
        return max + Log1P(Math.Exp(-Math.Abs(x - y)));
    }

    /// <summary>log(1 + x), accurate for small x (the BCL has none): the rounding of 1 + x is divided back out.</summary>
    private static double Log1P(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
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
