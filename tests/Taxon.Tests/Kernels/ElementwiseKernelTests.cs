using System.Globalization;
using System.Text;
using Taxon.Kernels;

namespace Taxon.Tests.Kernels;

/// <summary>Double-precision references, random layouts and float comparison shared by the kernel tests.</summary>
internal static class KernelReference
{
    /// <summary>0 = the width the CPU picks, then each width forced: 512, 256 and the scalar form.</summary>
    public static readonly int[] Widths = [0, 512, 256, 1];

    public static string WidthName(int width) => width switch
    {
        0 => "auto",
        1 => "scalar",
        _ => width.ToString(CultureInfo.InvariantCulture),
    };

    // ---------------------------------------------------------------- erf / erfc / Φ in double precision

    /// <summary>erf z to about 1e-14 absolute: Maclaurin series below 2.5, the erfc continued fraction above.</summary>
    public static double Erf(double z)
    {
        if (double.IsNaN(z))
        {
            return double.NaN;
        }
        if (Math.Abs(z) < 2.5)
        {
            return ErfSeries(z);
        }
        return z > 0 ? 1 - ErfcFraction(z) : ErfcFraction(-z) - 1;
    }

    /// <summary>erfc z, with relative accuracy in the right tail (so Φ keeps it in the left tail).</summary>
    public static double Erfc(double z)
    {
        if (double.IsNaN(z))
        {
            return double.NaN;
        }
        if (z >= 2.5)
        {
            return ErfcFraction(z);
        }
        if (z <= -2.5)
        {
            return 2 - ErfcFraction(-z);
        }
        return 1 - ErfSeries(z);
    }

    /// <summary>The standard normal CDF Φ(x) = erfc(−x/√2)/2.</summary>
    public static double Phi(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    /// <summary>The standard normal density φ(x).</summary>
    public static double PhiDensity(double x) => Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);

    private static double ErfSeries(double z)
    {
        // erf z = 2/√π · Σ (−1)^n z^(2n+1) / (n! (2n+1))
        double sum = 0, term = z;
        for (int n = 0; n < 300; n++)
        {
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.Abs(add) <= 1e-17 * Math.Abs(sum))
            {
                break;
            }
            term *= -z * z / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    private static double ErfcFraction(double z)
    {
        // erfc z = e^(−z²)/√π · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + 2/(z + ...))))), z > 0, evaluated bottom-up.
        if (double.IsPositiveInfinity(z))
        {
            return 0;
        }
        double f = z;
        for (int k = 400; k >= 1; k--)
        {
            f = z + k * 0.5 / f;
        }
        return Math.Exp(-z * z) / Math.Sqrt(Math.PI) / f;
    }

    /// <summary>log(1 + v) for v ≥ 0 without losing the small v (Goldberg's correction, in double).</summary>
    public static double Log1p(double v)
    {
        double u = 1 + v;
        return u == 1 ? v : Math.Log(u) * v / (u - 1);
    }

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    // ---------------------------------------------------------------- comparison

    /// <summary>
    /// Whether <paramref name="actual"/> is acceptable for the float-rounded reference: NaN exactly where the reference
    /// is NaN, infinities exactly, otherwise within <paramref name="tolerance"/> (or bit-equal when
    /// <paramref name="exact"/>, also in the sign of zero when <paramref name="signedZero"/>).
    /// </summary>
    public static bool Matches(double reference, float actual, double tolerance, bool exact, bool signedZero)
    {
        if (double.IsNaN(reference))
        {
            return float.IsNaN(actual);
        }
        if (float.IsNaN(actual))
        {
            return false;
        }
        float expected = (float)reference;
        if (exact || double.IsInfinity(reference))
        {
            if (actual != expected)
            {
                return false;
            }
            return !signedZero || expected != 0 || float.IsNegative(expected) == float.IsNegative(actual);
        }
        if (actual == expected)
        {
            return true;
        }
        if (float.IsInfinity(actual))
        {
            // A finite reference at the edge of the range: overflowing is right when reference + tolerance rounds to ∞.
            return Math.Sign(actual) == Math.Sign(reference) && float.IsInfinity((float)(Math.Abs(reference) + tolerance));
        }
        return Math.Abs((double)actual - reference) <= tolerance;
    }

    /// <summary>Runs a kernel call at a forced width; the exception it threw, as text, or null.</summary>
    public static string? RunAt(int width, Action kernel)
    {
        using var scope = new ForcedWidthScope(width);
        try
        {
            kernel();
            return null;
        }
        catch (Exception e)
        {
            return $"threw {e.GetType().Name}: {e.Message}";
        }
    }

    public static string F(float v) =>
        v.ToString("R", CultureInfo.InvariantCulture) + (v == 0 && float.IsNegative(v) ? "(-0)" : "");

    public static string D(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static void AssertNoFailures(List<string> failures, string what)
    {
        if (failures.Count == 0)
        {
            return;
        }
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{what}: {failures.Count} mismatches; the first ones:").AppendLine();
        foreach (string f in failures.Take(30))
        {
            sb.Append("  ").AppendLine(f);
        }
        Assert.Fail(sb.ToString());
    }

    // ---------------------------------------------------------------- samplers

    public static Func<Random, float> Uniform(double lo, double hi) => r => (float)(lo + (hi - lo) * r.NextDouble());

    /// <summary>Positive values spread evenly over the decades from <paramref name="lo"/> to <paramref name="hi"/>.</summary>
    public static Func<Random, float> LogUniform(double lo, double hi) =>
        r => (float)Math.Exp(Math.Log(lo) + (Math.Log(hi) - Math.Log(lo)) * r.NextDouble());

    /// <summary>Either sign, magnitudes over 10^±<paramref name="decades"/>.</summary>
    public static Func<Random, float> Wide(double decades) =>
        r => (float)((r.Next(2) == 0 ? -1 : 1) * Math.Pow(10, (2 * r.NextDouble() - 1) * decades));

    /// <summary>Mostly <paramref name="main"/>, one draw in four from <paramref name="other"/>.</summary>
    public static Func<Random, float> Mostly(Func<Random, float> main, Func<Random, float> other) =>
        r => r.Next(4) == 0 ? other(r) : main(r);

    /// <summary>Positions worth a special value in a row of length n: the ends, the last element of each vector body, random ones.</summary>
    public static int[] SpecialPositions(Random rng, int n)
    {
        if (n == 0)
        {
            return [];
        }
        var positions = new List<int> { n - 1, 0, n / 2, rng.Next(n), rng.Next(n) };
        if (n >= 16)
        {
            positions.Add(n / 16 * 16 - 1);
        }
        if (n >= 8)
        {
            positions.Add(n / 8 * 8 - 1);
        }
        return [.. positions];
    }

    // ---------------------------------------------------------------- strided layouts

    /// <summary>
    /// A random view of <paramref name="shape"/> over a fresh buffer: dimensions in random memory order (transposes),
    /// steps of 1, 2 or 3 with padding (strided slices), an offset, stride 0 on some dimensions when
    /// <paramref name="allowBroadcast"/>, and arbitrary strides on size-1 dimensions. Never self-overlapping otherwise.
    /// </summary>
    public static TensorView RandomView(Random rng, int[] shape, Func<Random, float> fill, bool allowBroadcast)
    {
        int rank = shape.Length;
        int[] order = [.. Enumerable.Range(0, rank).OrderBy(_ => rng.Next())];
        var strides = new int[rank];
        int extent = 1;
        for (int k = rank - 1; k >= 0; k--)
        {
            int d = order[k];
            if (shape[d] == 1)
            {
                strides[d] = rng.Next(0, 9);
                continue;
            }
            if (allowBroadcast && rng.Next(4) == 0)
            {
                strides[d] = 0;
                continue;
            }
            int step = rng.Next(4) switch { 0 => 2, 1 => 3, _ => 1 };
            strides[d] = extent * step;
            extent = strides[d] * Math.Max(shape[d] - 1, 0) + extent + (rng.Next(3) == 0 ? rng.Next(1, 3) : 0);
        }
        int offset = rng.Next(0, 4);
        var data = new float[offset + extent + rng.Next(0, 3)];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = fill(rng);
        }
        return new TensorView(data, offset, shape, strides);
    }

    /// <summary>A random view of a smaller shape (leading dims dropped, some dims 1) broadcast to <paramref name="shape"/>.</summary>
    public static TensorView RandomBroadcastView(Random rng, int[] shape, Func<Random, float> fill)
    {
        int drop = rng.Next(0, shape.Length + 1);
        int[] small = [.. shape.Skip(drop)];
        for (int i = 0; i < small.Length; i++)
        {
            if (rng.Next(3) == 0)
            {
                small[i] = 1;
            }
        }
        return RandomView(rng, small, fill, allowBroadcast: false).BroadcastTo(shape);
    }

    /// <summary>0: contiguous, 1: strided/transposed, 2: strided with broadcast dims, 3: broadcast from a smaller shape, 4: one element broadcast everywhere.</summary>
    public static TensorView RandomOperand(Random rng, int[] shape, Func<Random, float> fill, int kind)
    {
        switch (kind)
        {
            case 0:
                {
                    int off = rng.Next(0, 3);
                    var data = new float[off + NumElements(shape) + 1];
                    for (int i = 0; i < data.Length; i++)
                    {
                        data[i] = fill(rng);
                    }
                    return new TensorView(data, off, shape, ShapeMath.ContiguousStrides(shape));
                }
            case 1: return RandomView(rng, shape, fill, allowBroadcast: false);
            case 2: return RandomView(rng, shape, fill, allowBroadcast: true);
            case 3: return RandomBroadcastView(rng, shape, fill);
            default: return new TensorView([fill(rng), fill(rng)], 1, shape, new int[shape.Length]);
        }
    }

    public static int[] RandomShape(Random rng, int maxRank, int maxSize)
    {
        int rank = rng.Next(0, maxRank + 1);
        var shape = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            // Mostly 1..maxSize; a size-1 dim often, now and then an empty one.
            shape[i] = rng.Next(12) switch { 0 => 0, 1 or 2 or 3 => 1, _ => rng.Next(2, maxSize + 1) };
        }
        return shape;
    }

    public static int NumElements(int[] shape)
    {
        int n = 1;
        foreach (int d in shape)
        {
            n *= d;
        }
        return n;
    }

    /// <summary>The buffer offset of row-major element <paramref name="flat"/> of a view.</summary>
    public static int OffsetOf(TensorView v, int flat)
    {
        int offset = v.Offset;
        for (int k = v.Shape.Length - 1; k >= 0; k--)
        {
            int size = v.Shape[k];
            offset += flat % size * v.Strides[k];
            flat /= size;
        }
        return offset;
    }

    public static float At(TensorView v, int flat) => v.Data[OffsetOf(v, flat)];

    public static string Describe(TensorView v) =>
        $"shape [{string.Join(",", v.Shape)}] strides [{string.Join(",", v.Strides)}] offset {v.Offset}";
}

/// <summary>
/// Every element-wise kernel of <see cref="CpuBackend"/> against a double-precision reference written from the op's
/// definition: every op of <see cref="UnaryOp"/> and <see cref="BinaryOp"/>, every length 0..256 (every tail of the
/// 16- and 8-lane loops), every vector width, NaN/±∞/±0/huge/tiny/subnormal values in the body and the tail, the
/// span·span, span·scalar and scalar·span forms, and the strided/broadcast driver.
/// </summary>
/// <remarks>
/// Semantics asserted where IEEE and PyTorch could be read more than one way (each follows PyTorch's float32 CPU result):
/// gelu(−∞) = NaN (PyTorch computes x·½(1 + erf(x/√2)) = −∞·0); the GELU gradient at ±∞ is NaN (x·φ(x) = ∞·0);
/// pow(NaN, 0) = 1 and pow(1, NaN) = 1 (C pow); clamp and relu keep NaN; comparisons with NaN are 0 except
/// NotEqual, which is 1. The backward ops follow their enum definitions, which select (x &gt; 0 ? g : 0) rather than
/// multiply by a mask: ReluBackward, LeakyReluBackward, ClampBackward and AbsBackward give 0 / P0·g when x is NaN,
/// and AbsBackward gives 0 at x = ±0 even for a non-finite g.
/// </remarks>
public class ElementwiseKernelTests
{
    private const int MaxLength = 256;
    private const float Sentinel = -12345.5f;

    private static readonly float[] s_unarySpecials =
    [
        float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 1f, -1f, 0.5f, -0.5f, 2f, -3f,
        1e-30f, -1e-30f, float.Epsilon, -float.Epsilon, 1e-40f, -1e-40f, 1.17549435e-38f,
        1e30f, -1e30f, float.MaxValue, -float.MaxValue, 20f, -20f, 88f, -88f, 100f, -100f, 1e-5f, -1e-5f,
    ];

    private static readonly float[] s_binarySpecials =
    [
        float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 1f, -1f, 2f, 0.5f, -2f, 3f,
        1e-30f, -1e-30f, float.Epsilon, 1e-40f, 1.17549435e-38f, 1e30f, -1e30f, float.MaxValue, -float.MaxValue,
    ];

    // The outputs of sigmoid / tanh fed to their backward ops: values outside [−1, 1] mean nothing there.
    private static readonly float[] s_activationOutputSpecials =
        [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 1f, -1f, 0.5f, 1e-30f, float.Epsilon];

    public static TheoryData<string> UnaryOps() => new(Enum.GetNames<UnaryOp>());

    public static TheoryData<string> BinaryOps() => new(Enum.GetNames<BinaryOp>());

    // ==================================================================================== specifications

    private delegate double UnaryTolerance(double x, double p0, double p1, double expected);

    private delegate double BinaryTolerance(double x, double y, double p0, double p1, double expected);

    private sealed record UnarySpec(
        (float P0, float P1)[] Params,
        Func<double, double, double, double> Reference,
        Func<Random, float> Sample,
        UnaryTolerance? Tolerance, // null: exact
        bool SignedZero = false,
        float[]? Extra = null);

    private sealed record BinarySpec(
        (float P0, float P1)[] Params,
        Func<double, double, double, double, double> Reference,
        Func<Random, float> SampleX,
        Func<Random, float> SampleY,
        BinaryTolerance? Tolerance, // null: exact
        bool SignedZero = false,
        float[]? SpecialsX = null,
        float[]? SpecialsY = null);

    private static UnaryTolerance Rel(double atol, double rtol) => (_, _, _, e) => atol + rtol * Math.Abs(e);

    private static BinaryTolerance RelG(double atol, double rtol) =>
        (_, g, _, _, e) => atol * Math.Max(1, double.IsFinite(g) ? Math.Abs(g) : 1) + rtol * Math.Abs(e);

    private static readonly (float, float)[] s_none = [(0f, 0f)];

    private static UnarySpec Unary(UnaryOp op)
    {
        const double Tiny = 1e-37; // below the smallest normal float: subnormal results only need to be near
        Func<Random, float> general = KernelReference.Mostly(KernelReference.Uniform(-10, 10), KernelReference.Wide(30));
        return op switch
        {
            UnaryOp.Negate => new(s_none, (x, _, _) => -x, general, null, SignedZero: true),
            UnaryOp.Exp => new(s_none, (x, _, _) => Math.Exp(x),
                KernelReference.Mostly(KernelReference.Uniform(-20, 20), KernelReference.Uniform(-105, 89)), Rel(Tiny, 1e-6)),
            UnaryOp.Log => new(s_none, (x, _, _) => Math.Log(x),
                KernelReference.Mostly(KernelReference.LogUniform(1e-30, 1e30), KernelReference.Uniform(0.5, 2)), Rel(1e-7, 1e-6),
                Extra: [1.0000001f, 0.99999994f, 1e-45f, 3e-39f]),
            UnaryOp.Sqrt => new(s_none, (x, _, _) => Math.Sqrt(x),
                KernelReference.Mostly(KernelReference.Uniform(0, 10), KernelReference.LogUniform(1e-44, 3e38)), null, SignedZero: true),
            UnaryOp.Abs => new(s_none, (x, _, _) => Math.Abs(x), general, null, SignedZero: true),
            UnaryOp.Square => new(s_none, (x, _, _) => x * x, general, null, SignedZero: true),
            // torch.allclose's defaults (atol 1e-8, rtol 1e-5): tanh must keep its relative accuracy near 0, as torch.tanh does.
            UnaryOp.Tanh => new(s_none, (x, _, _) => Math.Tanh(x),
                KernelReference.Mostly(KernelReference.Uniform(-10, 10), KernelReference.Wide(6)), Rel(1e-8, 1e-5)),
            UnaryOp.Sigmoid => new(s_none, (x, _, _) => KernelReference.Sigmoid(x),
                KernelReference.Mostly(KernelReference.Uniform(-20, 20), KernelReference.Uniform(-110, 110)), Rel(Tiny, 2e-6)),
            UnaryOp.Relu => new(s_none, (x, _, _) => double.IsNaN(x) ? double.NaN : Math.Max(x, 0), general, null),
            UnaryOp.LeakyRelu => new([(0.01f, 0f), (0.2f, 0f), (-0.5f, 0f)], (x, a, _) => x >= 0 ? x : a * x, general, null),
            UnaryOp.Elu => new([(1f, 0f), (0.5f, 0f), (2f, 0f)], (x, a, _) => x > 0 ? x : a * (Math.Exp(x) - 1),
                KernelReference.Mostly(KernelReference.Uniform(-10, 10), KernelReference.Wide(6)), (x, a, _, e) => 2e-7 * Math.Max(1, a) + 1e-6 * Math.Abs(e)),
            // GELU's erf is Abramowitz–Stegun 7.1.26 (|Δerf| < 1.5e-7): ½|x|·1.5e-7 plus float rounding.
            UnaryOp.Gelu => new(s_none, (x, _, _) => x * KernelReference.Phi(x),
                KernelReference.Mostly(KernelReference.Uniform(-8, 8), KernelReference.Wide(6)), Rel(1e-6, 1e-5)),
            UnaryOp.Softplus => new([(1f, 20f), (2f, 20f), (0.5f, 10f), (1f, 3f)], SoftplusReference,
                KernelReference.Mostly(KernelReference.Uniform(-40, 40), KernelReference.Wide(6)), Rel(Tiny, 1e-5),
                Extra: [3f, 3.0000002f, 5f, 10f, 19.999998f, 20.000002f, 40f, -40f]),
            UnaryOp.Clamp => new([(-0.5f, 0.7f), (0f, float.PositiveInfinity), (float.NegativeInfinity, 1e30f), (1f, -1f)],
                (x, lo, hi) => double.IsNaN(x) ? double.NaN : Math.Min(Math.Max(x, lo), hi), general, null,
                Extra: [0.7f, 0.70000005f, 0.6999999f]),
            UnaryOp.PowScalar => new([(2f, 0f), (3f, 0f), (0.5f, 0f), (-1f, 0f), (-1.5f, 0f), (0f, 0f), (1f / 3, 0f), (2.5f, 0f)],
                (x, p, _) => Math.Pow(x, p),
                KernelReference.Mostly(KernelReference.Uniform(-4, 4), KernelReference.LogUniform(1e-12, 1e12)), Rel(Tiny, 2e-6)),
            UnaryOp.Affine => new([(2.5f, -1f), (-1f, 0f), (1f, 1e-3f), (0.5f, 3f), (0f, 1f)], (x, a, b) => a * x + b, general,
                (x, a, b, e) => 1.2e-7 * (Math.Abs(a * x) + Math.Abs(e)) + 1e-45),
            UnaryOp.ScalarDivide => new([(1f, 0f), (-3.5f, 0f), (0f, 0f)], (x, s, _) => s / x, general, null, SignedZero: true),
            UnaryOp.ScalarPow => new([(2f, 0f), (0.5f, 0f), (10f, 0f), (1f, 0f), (-2f, 0f), (0f, 0f), (2.7182817f, 0f)],
                (x, s, _) => Math.Pow(s, x),
                KernelReference.Mostly(KernelReference.Uniform(-20, 20), KernelReference.Uniform(-160, 160)), Rel(Tiny, 2e-6)),
            _ => throw new InvalidOperationException($"UnaryOp.{op} has no reference in ElementwiseKernelTests: add one."),
        };
    }

    private static double SoftplusReference(double x, double beta, double threshold)
    {
        double bx = beta * x;
        if (bx > threshold)
        {
            return x;
        }
        return (Math.Max(bx, 0) + KernelReference.Log1p(Math.Exp(-Math.Abs(bx)))) / beta;
    }

    private static BinarySpec Binary(BinaryOp op)
    {
        Func<Random, float> general = KernelReference.Mostly(KernelReference.Uniform(-10, 10), KernelReference.Wide(20));
        Func<Random, float> grad = KernelReference.Uniform(-2, 2);
        // Comparisons want ties: small integers a third of the time.
        Func<Random, float> ties = r => r.Next(3) == 0 ? r.Next(-2, 3) : (float)(6 * r.NextDouble() - 3);
        Func<Random, float> signs = r => r.Next(8) switch { 0 => 0f, 1 => -0f, _ => (float)(6 * r.NextDouble() - 3) };
        (float, float)[] clamp = [(-0.5f, 0.7f), (0f, float.PositiveInfinity), (1f, -1f)];
        float[] clampX = [.. s_binarySpecials, -0.5f, 0.7f, -0.50000006f, 0.70000005f];
        return op switch
        {
            BinaryOp.Add => new(s_none, (x, y, _, _) => x + y, general, general, null, SignedZero: true),
            BinaryOp.Subtract => new(s_none, (x, y, _, _) => x - y, general, general, null, SignedZero: true),
            // alpha·y is rounded before the add (or fused): within an ulp of the larger term.
            BinaryOp.AddScaled => new([(1f, 0f), (-0.01f, 0f), (3f, 0f)], (x, y, a, _) => x + (double)(float)(a * y), general, general,
                (x, y, a, _, e) => 2e-7 * (Math.Abs(x) + Math.Abs(a * y))),
            BinaryOp.Multiply => new(s_none, (x, y, _, _) => x * y, general, general, null, SignedZero: true),
            BinaryOp.Divide => new(s_none, (x, y, _, _) => x / y, general, general, null, SignedZero: true),
            BinaryOp.Pow => new(s_none, (x, y, _, _) => Math.Pow(x, y), KernelReference.LogUniform(1e-2, 1e2), KernelReference.Uniform(-8, 8),
                (_, _, _, _, e) => 1e-37 + 2e-6 * Math.Abs(e), SpecialsX: [.. s_binarySpecials, -8f, -0.5f, -3f]),
            BinaryOp.Maximum => new(s_none, (x, y, _, _) => double.IsNaN(x) || double.IsNaN(y) ? double.NaN : Math.Max(x, y), ties, ties, null),
            BinaryOp.Minimum => new(s_none, (x, y, _, _) => double.IsNaN(x) || double.IsNaN(y) ? double.NaN : Math.Min(x, y), ties, ties, null),
            BinaryOp.Equal => new(s_none, (x, y, _, _) => x == y ? 1 : 0, ties, ties, null),
            BinaryOp.NotEqual => new(s_none, (x, y, _, _) => x != y ? 1 : 0, ties, ties, null),
            BinaryOp.Less => new(s_none, (x, y, _, _) => x < y ? 1 : 0, ties, ties, null),
            BinaryOp.LessOrEqual => new(s_none, (x, y, _, _) => x <= y ? 1 : 0, ties, ties, null),
            BinaryOp.Greater => new(s_none, (x, y, _, _) => x > y ? 1 : 0, ties, ties, null),
            BinaryOp.GreaterOrEqual => new(s_none, (x, y, _, _) => x >= y ? 1 : 0, ties, ties, null),
            BinaryOp.ReluBackward => new(s_none, (x, g, _, _) => x > 0 ? g : 0, signs, grad, null),
            BinaryOp.LeakyReluBackward => new([(0.01f, 0f), (0.2f, 0f)], (x, g, a, _) => x > 0 ? g : a * g, signs, grad, null),
            BinaryOp.EluBackward => new([(1f, 0f), (0.5f, 0f)], (x, g, a, _) => x > 0 ? g : a * Math.Exp(x) * g,
                KernelReference.Uniform(-20, 5), grad, RelG(2e-7, 2e-6)),
            BinaryOp.GeluBackward => new(s_none, (x, g, _, _) => (KernelReference.Phi(x) + x * KernelReference.PhiDensity(x)) * g,
                KernelReference.Uniform(-8, 8), grad, RelG(1e-6, 1e-5)),
            BinaryOp.SoftplusBackward => new([(1f, 20f), (2f, 20f), (0.5f, 10f)],
                (x, g, b, t) => b * x > t ? g : g / (1 + Math.Exp(-b * x)),
                KernelReference.Uniform(-40, 40), grad, (_, _, _, _, e) => 1e-37 + 2e-6 * Math.Abs(e),
                SpecialsX: [.. s_binarySpecials, 20f, 20.000002f, 10f, 19.999998f]),
            BinaryOp.TanhBackward => new(s_none, (y, g, _, _) => (1 - y * y) * g, KernelReference.Uniform(-1, 1), grad,
                RelG(2e-7, 2e-7), SpecialsX: s_activationOutputSpecials),
            BinaryOp.SigmoidBackward => new(s_none, (y, g, _, _) => y * (1 - y) * g, KernelReference.Uniform(0, 1), grad,
                RelG(2e-7, 2e-7), SpecialsX: s_activationOutputSpecials),
            BinaryOp.AbsBackward => new(s_none, (x, g, _, _) => x > 0 ? g : x < 0 ? -g : 0, signs, grad, null),
            BinaryOp.ClampBackward => new(clamp, (x, g, lo, hi) => lo <= x && x <= hi ? g : 0, signs, grad, null, SpecialsX: clampX),
            _ => throw new InvalidOperationException($"BinaryOp.{op} has no reference in ElementwiseKernelTests: add one."),
        };
    }

    // ==================================================================================== contiguous, every length and width

    [Theory]
    [MemberData(nameof(UnaryOps))]
    public void Unary_MatchesDoubleReference_EveryLengthAndWidth(string name)
    {
        UnaryOp op = Enum.Parse<UnaryOp>(name);
        UnarySpec spec = Unary(op);
        float[] specials = [.. s_unarySpecials, .. spec.Extra ?? []];
        var failures = new List<string>();
        for (int pi = 0; pi < spec.Params.Length; pi++)
        {
            (float p0, float p1) = spec.Params[pi];
            var rng = new Random(1000 * (int)op + pi);
            for (int n = 0; n <= MaxLength; n++)
            {
                int off = n % 3;
                var x = new float[off + n + 1];
                for (int i = 0; i < x.Length; i++)
                {
                    x[i] = spec.Sample(rng);
                }
                int[] positions = KernelReference.SpecialPositions(rng, n);
                for (int j = 0; j < positions.Length; j++)
                {
                    x[off + positions[j]] = specials[(n + 7 * j + pi) % specials.Length];
                }
                var expected = new double[n];
                for (int i = 0; i < n; i++)
                {
                    expected[i] = spec.Reference(x[off + i], p0, p1);
                }
                var view = new TensorView(x, off, [n], [1]);
                foreach (int width in KernelReference.Widths)
                {
                    var d = new float[n + 32];
                    Array.Fill(d, Sentinel);
                    string? error = KernelReference.RunAt(width, () => CpuBackend.Instance.Unary(op, view, d.AsSpan(16, n), p0, p1));
                    if (error is not null)
                    {
                        failures.Add($"{op}(p0={p0}, p1={p1}) width={KernelReference.WidthName(width)} n={n}: {error}");
                        continue;
                    }
                    for (int i = 0; i < n; i++)
                    {
                        double tol = spec.Tolerance?.Invoke(x[off + i], p0, p1, expected[i]) ?? 0;
                        if (!KernelReference.Matches(expected[i], d[16 + i], tol, spec.Tolerance is null, spec.SignedZero))
                        {
                            failures.Add($"{op}(p0={p0}, p1={p1}) width={KernelReference.WidthName(width)} n={n} i={i}: " +
                                $"x={KernelReference.F(x[off + i])} expected {KernelReference.F((float)expected[i])} " +
                                $"(exact {KernelReference.D(expected[i])}), got {KernelReference.F(d[16 + i])}");
                        }
                    }
                    CheckSentinels(d, 16, n, failures, $"{op} width={KernelReference.WidthName(width)} n={n}");
                }
            }
        }
        KernelReference.AssertNoFailures(failures, $"UnaryOp.{op}");
    }

    private enum Form
    {
        SpanSpan,
        SpanScalar,
        ScalarSpan,
    }

    [Theory]
    [MemberData(nameof(BinaryOps))]
    public void Binary_MatchesDoubleReference_EveryLengthWidthAndForm(string name)
    {
        BinaryOp op = Enum.Parse<BinaryOp>(name);
        BinarySpec spec = Binary(op);
        float[] specialsX = spec.SpecialsX ?? s_binarySpecials;
        float[] specialsY = spec.SpecialsY ?? s_binarySpecials;
        var failures = new List<string>();
        for (int pi = 0; pi < spec.Params.Length; pi++)
        {
            (float p0, float p1) = spec.Params[pi];
            var rng = new Random(5000 + 1000 * (int)op + pi);
            for (int n = 0; n <= MaxLength; n++)
            {
                int offX = n % 3, offY = (n + 1) % 4;
                var x = new float[offX + n + 1];
                var y = new float[offY + n + 1];
                for (int i = 0; i < x.Length; i++)
                {
                    x[i] = spec.SampleX(rng);
                }
                for (int i = 0; i < y.Length; i++)
                {
                    y[i] = spec.SampleY(rng);
                }
                int[] positions = KernelReference.SpecialPositions(rng, n);
                for (int j = 0; j < positions.Length; j++)
                {
                    int p = positions[j];
                    float sx = specialsX[(n + 7 * j + pi) % specialsX.Length];
                    float sy = specialsY[(n + 5 * j + 3 * pi + 1) % specialsY.Length];
                    switch ((n + j) % 4)
                    {
                        case 0: x[offX + p] = sx; break;
                        case 1: y[offY + p] = sy; break;
                        case 2: x[offX + p] = sx; y[offY + p] = sy; break;
                        default:
                            // A tie: both operands the same (special or not), where comparisons and max/min differ.
                            if (rng.Next(2) == 0)
                            {
                                x[offX + p] = sx;
                            }
                            y[offY + p] = x[offX + p];
                            break;
                    }
                }
                // span·span
                RunBinary(op, spec, p0, p1, Form.SpanSpan, new TensorView(x, offX, [n], [1]), new TensorView(y, offY, [n], [1]), failures);
                // span·scalar and scalar·span: one drawn scalar and one special, cycling over the lengths.
                float[] scalarsY = [spec.SampleY(rng), specialsY[n % specialsY.Length]];
                float[] scalarsX = [spec.SampleX(rng), specialsX[(n + 3) % specialsX.Length]];
                foreach (float s in scalarsY)
                {
                    float[] sb = [Sentinel, s, Sentinel];
                    RunBinary(op, spec, p0, p1, Form.SpanScalar, new TensorView(x, offX, [n], [1]), new TensorView(sb, 1, [n], [0]), failures);
                }
                foreach (float s in scalarsX)
                {
                    float[] sb = [Sentinel, Sentinel, s];
                    RunBinary(op, spec, p0, p1, Form.ScalarSpan, new TensorView(sb, 2, [n], [0]), new TensorView(y, offY, [n], [1]), failures);
                }
            }
        }
        KernelReference.AssertNoFailures(failures, $"BinaryOp.{op}");
    }

    private static void RunBinary(BinaryOp op, BinarySpec spec, float p0, float p1, Form form, TensorView x, TensorView y, List<string> failures)
    {
        int n = x.Shape[0];
        var expected = new double[n];
        for (int i = 0; i < n; i++)
        {
            expected[i] = spec.Reference(KernelReference.At(x, i), KernelReference.At(y, i), p0, p1);
        }
        foreach (int width in KernelReference.Widths)
        {
            var d = new float[n + 32];
            Array.Fill(d, Sentinel);
            string? error = KernelReference.RunAt(width, () => CpuBackend.Instance.Binary(op, x, y, d.AsSpan(16, n), p0, p1));
            if (error is not null)
            {
                failures.Add($"{op}(p0={p0}, p1={p1}) {form} width={KernelReference.WidthName(width)} n={n}: {error}");
                continue;
            }
            for (int i = 0; i < n; i++)
            {
                float xi = KernelReference.At(x, i), yi = KernelReference.At(y, i);
                double tol = spec.Tolerance?.Invoke(xi, yi, p0, p1, expected[i]) ?? 0;
                if (!KernelReference.Matches(expected[i], d[16 + i], tol, spec.Tolerance is null, spec.SignedZero))
                {
                    failures.Add($"{op}(p0={p0}, p1={p1}) {form} width={KernelReference.WidthName(width)} n={n} i={i}: " +
                        $"x={KernelReference.F(xi)} y={KernelReference.F(yi)} expected {KernelReference.F((float)expected[i])} " +
                        $"(exact {KernelReference.D(expected[i])}), got {KernelReference.F(d[16 + i])}");
                }
            }
            CheckSentinels(d, 16, n, failures, $"{op} {form} width={KernelReference.WidthName(width)} n={n}");
        }
    }

    private static void CheckSentinels(float[] d, int start, int n, List<string> failures, string what)
    {
        for (int i = 0; i < d.Length; i++)
        {
            if ((i < start || i >= start + n) && BitConverter.SingleToInt32Bits(d[i]) != BitConverter.SingleToInt32Bits(Sentinel))
            {
                failures.Add($"{what}: wrote outside the destination at offset {i - start}");
                return;
            }
        }
    }

    // ==================================================================================== explicit special values

    // (op, p0, p1, x, expected): limits and NaN behaviour written out by hand, not through the reference formulas.
    public static TheoryData<string, float, float, float, float> UnarySpecialCases() => new()
    {
        { "Negate", 0, 0, float.NaN, float.NaN }, { "Negate", 0, 0, float.PositiveInfinity, float.NegativeInfinity },
        { "Negate", 0, 0, 0f, -0f }, { "Negate", 0, 0, -0f, 0f },
        { "Exp", 0, 0, float.NaN, float.NaN }, { "Exp", 0, 0, float.NegativeInfinity, 0f },
        { "Exp", 0, 0, float.PositiveInfinity, float.PositiveInfinity }, { "Exp", 0, 0, 0f, 1f }, { "Exp", 0, 0, -0f, 1f },
        { "Exp", 0, 0, 89f, float.PositiveInfinity }, { "Exp", 0, 0, -104f, 0f }, { "Exp", 0, 0, float.MaxValue, float.PositiveInfinity },
        { "Log", 0, 0, float.NaN, float.NaN }, { "Log", 0, 0, 0f, float.NegativeInfinity }, { "Log", 0, 0, -0f, float.NegativeInfinity },
        { "Log", 0, 0, -1f, float.NaN }, { "Log", 0, 0, float.NegativeInfinity, float.NaN },
        { "Log", 0, 0, float.PositiveInfinity, float.PositiveInfinity }, { "Log", 0, 0, 1f, 0f },
        { "Sqrt", 0, 0, float.NaN, float.NaN }, { "Sqrt", 0, 0, -1f, float.NaN }, { "Sqrt", 0, 0, -0f, -0f },
        { "Sqrt", 0, 0, float.PositiveInfinity, float.PositiveInfinity }, { "Sqrt", 0, 0, float.NegativeInfinity, float.NaN },
        { "Abs", 0, 0, float.NaN, float.NaN }, { "Abs", 0, 0, float.NegativeInfinity, float.PositiveInfinity }, { "Abs", 0, 0, -0f, 0f },
        { "Square", 0, 0, float.NaN, float.NaN }, { "Square", 0, 0, float.NegativeInfinity, float.PositiveInfinity },
        { "Square", 0, 0, 1e20f, float.PositiveInfinity }, { "Square", 0, 0, -0f, 0f },
        { "Tanh", 0, 0, float.NaN, float.NaN }, { "Tanh", 0, 0, float.PositiveInfinity, 1f }, { "Tanh", 0, 0, float.NegativeInfinity, -1f },
        { "Tanh", 0, 0, 0f, 0f }, { "Tanh", 0, 0, -0f, -0f }, { "Tanh", 0, 0, 30f, 1f }, { "Tanh", 0, 0, -30f, -1f },
        { "Tanh", 0, 0, 1e-30f, 1e-30f }, { "Tanh", 0, 0, -1e-5f, -1e-5f },
        { "Sigmoid", 0, 0, float.NaN, float.NaN }, { "Sigmoid", 0, 0, float.PositiveInfinity, 1f },
        { "Sigmoid", 0, 0, float.NegativeInfinity, 0f }, { "Sigmoid", 0, 0, 0f, 0.5f }, { "Sigmoid", 0, 0, 200f, 1f }, { "Sigmoid", 0, 0, -200f, 0f },
        { "Relu", 0, 0, float.NaN, float.NaN }, { "Relu", 0, 0, float.NegativeInfinity, 0f },
        { "Relu", 0, 0, float.PositiveInfinity, float.PositiveInfinity }, { "Relu", 0, 0, -3f, 0f },
        { "LeakyRelu", 0.01f, 0, float.NaN, float.NaN }, { "LeakyRelu", 0.01f, 0, float.NegativeInfinity, float.NegativeInfinity },
        { "LeakyRelu", 0.01f, 0, float.PositiveInfinity, float.PositiveInfinity }, { "LeakyRelu", 0.5f, 0, -3f, -1.5f },
        { "Elu", 1f, 0, float.NaN, float.NaN }, { "Elu", 1f, 0, float.NegativeInfinity, -1f }, { "Elu", 0.5f, 0, float.NegativeInfinity, -0.5f },
        { "Elu", 1f, 0, float.PositiveInfinity, float.PositiveInfinity }, { "Elu", 1f, 0, -1e30f, -1f }, { "Elu", 1f, 0, 0f, 0f }, { "Elu", 2f, 0, -0f, 0f },
        { "Gelu", 0, 0, float.NaN, float.NaN }, { "Gelu", 0, 0, float.PositiveInfinity, float.PositiveInfinity },
        { "Gelu", 0, 0, float.NegativeInfinity, float.NaN }, // PyTorch: −∞ · ½(1 + erf(−∞)) = −∞ · 0 = NaN
        { "Gelu", 0, 0, 0f, 0f }, { "Gelu", 0, 0, -1e30f, 0f }, { "Gelu", 0, 0, 1e30f, 1e30f }, { "Gelu", 0, 0, -100f, 0f },
        { "Softplus", 1f, 20f, float.NaN, float.NaN }, { "Softplus", 1f, 20f, float.PositiveInfinity, float.PositiveInfinity },
        { "Softplus", 1f, 20f, float.NegativeInfinity, 0f }, { "Softplus", 2f, 20f, float.NegativeInfinity, 0f },
        { "Softplus", 1f, 20f, 30f, 30f }, { "Softplus", 1f, 20f, -1e30f, 0f }, { "Softplus", 1f, 20f, 1e30f, 1e30f },
        { "Softplus", 1f, float.PositiveInfinity, float.PositiveInfinity, float.PositiveInfinity },
        { "Softplus", 1f, float.PositiveInfinity, 1e30f, 1e30f }, { "Softplus", 1f, 20f, 0f, MathF.Log(2) },
        { "Clamp", -1f, 1f, float.NaN, float.NaN }, { "Clamp", -1f, 1f, float.PositiveInfinity, 1f },
        { "Clamp", -1f, 1f, float.NegativeInfinity, -1f }, { "Clamp", 1f, -1f, 0f, -1f }, { "Clamp", 1f, -1f, float.NaN, float.NaN },
        { "PowScalar", 2f, 0, float.NaN, float.NaN }, { "PowScalar", 2f, 0, float.NegativeInfinity, float.PositiveInfinity },
        { "PowScalar", 3f, 0, -2f, -8f }, { "PowScalar", 0.5f, 0, -4f, float.NaN }, { "PowScalar", 0f, 0, float.NaN, 1f },
        { "PowScalar", -1f, 0, 0f, float.PositiveInfinity }, { "PowScalar", -1f, 0, -0f, float.NegativeInfinity },
        { "Affine", 2f, 1f, float.NaN, float.NaN }, { "Affine", 2f, 1f, float.PositiveInfinity, float.PositiveInfinity },
        { "Affine", -2f, 1f, float.PositiveInfinity, float.NegativeInfinity }, { "Affine", 2f, 1f, 3f, 7f },
        { "ScalarDivide", 1f, 0, 0f, float.PositiveInfinity }, { "ScalarDivide", 1f, 0, -0f, float.NegativeInfinity },
        { "ScalarDivide", 1f, 0, float.PositiveInfinity, 0f }, { "ScalarDivide", 1f, 0, float.NaN, float.NaN }, { "ScalarDivide", 0f, 0, 0f, float.NaN },
        { "ScalarPow", 2f, 0, float.NegativeInfinity, 0f }, { "ScalarPow", 2f, 0, float.PositiveInfinity, float.PositiveInfinity },
        { "ScalarPow", 0.5f, 0, float.PositiveInfinity, 0f }, { "ScalarPow", 2f, 0, float.NaN, float.NaN }, { "ScalarPow", 1f, 0, float.NaN, 1f },
        { "ScalarPow", 2f, 0, 10f, 1024f }, { "ScalarPow", -2f, 0, 3f, -8f },
    };

    [Theory]
    [MemberData(nameof(UnarySpecialCases))]
    public void Unary_SpecialValue_InBodyAndTail_EveryWidth(string name, float p0, float p1, float x, float expected)
    {
        UnaryOp op = Enum.Parse<UnaryOp>(name);
        // 37 = two 16-lane bodies + a 5-element tail: the value goes through every code path.
        const int N = 37;
        var src = new float[N];
        Array.Fill(src, x);
        foreach (int width in KernelReference.Widths)
        {
            var d = new float[N];
            using (new ForcedWidthScope(width))
            {
                CpuBackend.Instance.Unary(op, TensorView.Contiguous(src, [N]), d, p0, p1);
            }
            for (int i = 0; i < N; i++)
            {
                Assert.True(SameValue(expected, d[i]),
                    $"{op}(p0={p0}, p1={p1}) width={KernelReference.WidthName(width)} i={i}: x={KernelReference.F(x)} " +
                    $"expected {KernelReference.F(expected)}, got {KernelReference.F(d[i])}");
            }
        }
    }

    // (op, p0, p1, x, y, expected)
    public static TheoryData<string, float, float, float, float, float> BinarySpecialCases() => new()
    {
        { "Add", 0, 0, float.PositiveInfinity, float.NegativeInfinity, float.NaN }, { "Add", 0, 0, float.NaN, 1f, float.NaN },
        { "Add", 0, 0, 1f, float.NaN, float.NaN }, { "Add", 0, 0, -0f, -0f, -0f }, { "Add", 0, 0, float.MaxValue, float.MaxValue, float.PositiveInfinity },
        { "Subtract", 0, 0, float.PositiveInfinity, float.PositiveInfinity, float.NaN }, { "Subtract", 0, 0, 0f, 0f, 0f },
        { "Subtract", 0, 0, float.NaN, float.NaN, float.NaN },
        { "AddScaled", -0.5f, 0, 1f, 2f, 0f }, { "AddScaled", 2f, 0, float.NaN, 1f, float.NaN }, { "AddScaled", 0.5f, 0, 1f, float.PositiveInfinity, float.PositiveInfinity },
        { "Multiply", 0, 0, 0f, float.PositiveInfinity, float.NaN }, { "Multiply", 0, 0, -0f, 1f, -0f }, { "Multiply", 0, 0, 1f, float.NaN, float.NaN },
        { "Divide", 0, 0, 0f, 0f, float.NaN }, { "Divide", 0, 0, 1f, 0f, float.PositiveInfinity }, { "Divide", 0, 0, 1f, -0f, float.NegativeInfinity },
        { "Divide", 0, 0, float.PositiveInfinity, float.PositiveInfinity, float.NaN }, { "Divide", 0, 0, 1f, float.NegativeInfinity, -0f },
        { "Pow", 0, 0, float.NaN, 0f, 1f }, { "Pow", 0, 0, 1f, float.NaN, 1f }, { "Pow", 0, 0, -8f, 1f / 3, float.NaN },
        { "Pow", 0, 0, -2f, 3f, -8f }, { "Pow", 0, 0, 0f, -1f, float.PositiveInfinity }, { "Pow", 0, 0, 2f, float.NaN, float.NaN },
        { "Pow", 0, 0, 0.5f, float.PositiveInfinity, 0f }, { "Pow", 0, 0, 2f, float.PositiveInfinity, float.PositiveInfinity },
        { "Pow", 0, 0, -1f, float.PositiveInfinity, 1f }, { "Pow", 0, 0, float.NegativeInfinity, 3f, float.NegativeInfinity },
        { "Maximum", 0, 0, float.NaN, 1f, float.NaN }, { "Maximum", 0, 0, 1f, float.NaN, float.NaN },
        { "Maximum", 0, 0, float.PositiveInfinity, float.NaN, float.NaN }, { "Maximum", 0, 0, float.NegativeInfinity, -1e30f, -1e30f },
        { "Minimum", 0, 0, float.NaN, 1f, float.NaN }, { "Minimum", 0, 0, 1f, float.NaN, float.NaN },
        { "Minimum", 0, 0, float.NegativeInfinity, float.NaN, float.NaN }, { "Minimum", 0, 0, float.PositiveInfinity, 1e30f, 1e30f },
        { "Equal", 0, 0, float.NaN, float.NaN, 0f }, { "Equal", 0, 0, -0f, 0f, 1f }, { "Equal", 0, 0, float.PositiveInfinity, float.PositiveInfinity, 1f },
        { "NotEqual", 0, 0, float.NaN, float.NaN, 1f }, { "NotEqual", 0, 0, float.NaN, 1f, 1f }, { "NotEqual", 0, 0, -0f, 0f, 0f },
        { "Less", 0, 0, float.NaN, 1f, 0f }, { "Less", 0, 0, 1f, float.NaN, 0f }, { "Less", 0, 0, float.NegativeInfinity, float.PositiveInfinity, 1f },
        { "LessOrEqual", 0, 0, float.NaN, float.NaN, 0f }, { "LessOrEqual", 0, 0, -0f, 0f, 1f },
        { "Greater", 0, 0, 1f, float.NaN, 0f }, { "Greater", 0, 0, float.PositiveInfinity, float.MaxValue, 1f },
        { "GreaterOrEqual", 0, 0, float.NaN, 1f, 0f }, { "GreaterOrEqual", 0, 0, float.PositiveInfinity, float.PositiveInfinity, 1f },
        { "ReluBackward", 0, 0, float.PositiveInfinity, 2f, 2f }, { "ReluBackward", 0, 0, float.NegativeInfinity, 2f, 0f },
        { "ReluBackward", 0, 0, 0f, 2f, 0f }, { "ReluBackward", 0, 0, 1f, float.NaN, float.NaN },
        { "LeakyReluBackward", 0.1f, 0, -1f, 2f, 0.2f }, { "LeakyReluBackward", 0.1f, 0, 0f, 2f, 0.2f },
        { "EluBackward", 1f, 0, float.NegativeInfinity, 2f, 0f }, { "EluBackward", 1f, 0, float.NaN, 2f, float.NaN },
        { "EluBackward", 0.5f, 0, 0f, 2f, 1f }, { "EluBackward", 1f, 0, float.PositiveInfinity, 2f, 2f },
        { "GeluBackward", 0, 0, float.NaN, 1f, float.NaN }, { "GeluBackward", 0, 0, 0f, 2f, 1f }, { "GeluBackward", 0, 0, 100f, 2f, 2f },
        { "GeluBackward", 0, 0, -100f, 2f, 0f },
        { "GeluBackward", 0, 0, float.PositiveInfinity, 1f, float.NaN }, // PyTorch: cdf + x·pdf = 1 + ∞·0
        { "SoftplusBackward", 1f, 20f, float.PositiveInfinity, 3f, 3f }, { "SoftplusBackward", 1f, 20f, float.NegativeInfinity, 3f, 0f },
        { "SoftplusBackward", 1f, 20f, float.NaN, 3f, float.NaN }, { "SoftplusBackward", 1f, 20f, 0f, 3f, 1.5f },
        { "TanhBackward", 0, 0, 1f, 5f, 0f }, { "TanhBackward", 0, 0, float.NaN, 5f, float.NaN }, { "TanhBackward", 0, 0, 0f, 5f, 5f },
        { "SigmoidBackward", 0, 0, 0.5f, 4f, 1f }, { "SigmoidBackward", 0, 0, float.NaN, 4f, float.NaN }, { "SigmoidBackward", 0, 0, 1f, 4f, 0f },
        { "AbsBackward", 0, 0, -3f, 2f, -2f }, { "AbsBackward", 0, 0, 3f, 2f, 2f }, { "AbsBackward", 0, 0, 0f, 2f, 0f }, { "AbsBackward", 0, 0, -0f, 2f, 0f },
        { "AbsBackward", 0, 0, float.NegativeInfinity, 2f, -2f },
        { "ClampBackward", -1f, 1f, -1f, 2f, 2f }, { "ClampBackward", -1f, 1f, 1f, 2f, 2f }, { "ClampBackward", -1f, 1f, 1.0000001f, 2f, 0f },
        { "ClampBackward", -1f, 1f, float.NaN, 2f, 0f }, { "ClampBackward", -1f, 1f, float.PositiveInfinity, 2f, 0f },
    };

    [Theory]
    [MemberData(nameof(BinarySpecialCases))]
    public void Binary_SpecialValue_InBodyAndTail_EveryWidthAndForm(string name, float p0, float p1, float x, float y, float expected)
    {
        BinaryOp op = Enum.Parse<BinaryOp>(name);
        const int N = 37;
        var xs = new float[N];
        var ys = new float[N];
        Array.Fill(xs, x);
        Array.Fill(ys, y);
        float[] x1 = [x], y1 = [y];
        (Form Form, TensorView X, TensorView Y)[] forms =
        [
            (Form.SpanSpan, TensorView.Contiguous(xs, [N]), TensorView.Contiguous(ys, [N])),
            (Form.SpanScalar, TensorView.Contiguous(xs, [N]), new TensorView(y1, 0, [N], [0])),
            (Form.ScalarSpan, new TensorView(x1, 0, [N], [0]), TensorView.Contiguous(ys, [N])),
        ];
        foreach ((Form form, TensorView xv, TensorView yv) in forms)
        {
            foreach (int width in KernelReference.Widths)
            {
                var d = new float[N];
                using (new ForcedWidthScope(width))
                {
                    CpuBackend.Instance.Binary(op, xv, yv, d, p0, p1);
                }
                for (int i = 0; i < N; i++)
                {
                    Assert.True(SameValue(expected, d[i]),
                        $"{op}(p0={p0}, p1={p1}) {form} width={KernelReference.WidthName(width)} i={i}: " +
                        $"x={KernelReference.F(x)} y={KernelReference.F(y)} expected {KernelReference.F(expected)}, got {KernelReference.F(d[i])}");
                }
            }
        }
    }

    /// <summary>NaN for NaN; the same value otherwise, with the sign of zero where the expectation is a signed zero of an IEEE op.</summary>
    private static bool SameValue(float expected, float actual)
    {
        if (float.IsNaN(expected))
        {
            return float.IsNaN(actual);
        }
        if (expected == 0 && actual == 0)
        {
            return true; // the sign of zero is checked by the reference test for the ops where IEEE fixes it
        }
        float tol = float.IsInfinity(expected) ? 0 : 2e-6f * Math.Abs(expected);
        return !float.IsNaN(actual) && (actual == expected || Math.Abs(actual - expected) <= tol);
    }

    [Fact]
    public void EveryOp_AcceptsEmptyInput_EveryWidthAndForm()
    {
        // A tensor with a zero-size dimension reaches the kernels with empty spans; nothing to do, nothing to throw.
        var failures = new List<string>();
        float[] one = [1f];
        TensorView empty = new([], 0, [0], [1]), emptyScalar = new(one, 0, [0], [0]), empty2d = new([], 0, [3, 0], [0, 1]);
        foreach (int width in KernelReference.Widths)
        {
            foreach (UnaryOp op in Enum.GetValues<UnaryOp>())
            {
                (float p0, float p1) = Unary(op).Params[0];
                foreach (TensorView x in new[] { empty, empty2d })
                {
                    string? error = KernelReference.RunAt(width, () => CpuBackend.Instance.Unary(op, x, Span<float>.Empty, p0, p1));
                    if (error is not null)
                    {
                        failures.Add($"{op} on {KernelReference.Describe(x)} width={KernelReference.WidthName(width)}: {error}");
                    }
                }
            }
            foreach (BinaryOp op in Enum.GetValues<BinaryOp>())
            {
                (float p0, float p1) = Binary(op).Params[0];
                foreach ((TensorView x, TensorView y) in new[] { (empty, empty), (empty, emptyScalar), (emptyScalar, empty), (empty2d, empty2d) })
                {
                    string? error = KernelReference.RunAt(width, () => CpuBackend.Instance.Binary(op, x, y, Span<float>.Empty, p0, p1));
                    if (error is not null)
                    {
                        failures.Add($"{op} on {KernelReference.Describe(x)} and {KernelReference.Describe(y)} width={KernelReference.WidthName(width)}: {error}");
                    }
                }
            }
        }
        KernelReference.AssertNoFailures(failures, "empty inputs");
    }

    [Fact]
    public void Elu_IsZeroAtZero_AndBetweenAlphaXAndZeroBelowIt_EveryWidth()
    {
        // α(eˣ − 1) lies in [αx, 0] for x ≤ 0: never positive, exactly 0 at ±0 (PyTorch: elu(0) = 0).
        float[] xs = [0f, -0f, -float.Epsilon, -1e-30f, -1e-10f, -1e-7f, -1e-4f, -0.01f, -1f, -20f];
        const int N = 37;
        var src = new float[N];
        for (int i = 0; i < N; i++)
        {
            src[i] = xs[i % xs.Length];
        }
        var failures = new List<string>();
        foreach (float alpha in new[] { 1f, 0.5f, 2f })
        {
            foreach (int width in KernelReference.Widths)
            {
                var d = new float[N];
                using (new ForcedWidthScope(width))
                {
                    CpuBackend.Instance.Unary(UnaryOp.Elu, TensorView.Contiguous(src, [N]), d, alpha);
                }
                for (int i = 0; i < N; i++)
                {
                    double lower = alpha * (double)src[i] - 1.2e-7 * alpha; // half an ulp of 1 for a rounded eˣ
                    bool ok = src[i] == 0 ? d[i] == 0 : d[i] <= 0 && d[i] >= lower;
                    if (!ok)
                    {
                        failures.Add($"Elu(α={alpha}) width={KernelReference.WidthName(width)} i={i}: x={KernelReference.F(src[i])} " +
                            $"gave {KernelReference.F(d[i])}, expected {(src[i] == 0 ? "0" : $"in [{lower}, 0]")}");
                    }
                }
            }
        }
        KernelReference.AssertNoFailures(failures, "Elu near zero");
    }

    [Fact]
    public void EveryOp_HasAReferenceAndASpecialValueCase()
    {
        foreach (UnaryOp op in Enum.GetValues<UnaryOp>())
        {
            Assert.NotNull(Unary(op));
            Assert.Contains(UnarySpecialCases(), row => (string)row[0] == op.ToString());
        }
        foreach (BinaryOp op in Enum.GetValues<BinaryOp>())
        {
            Assert.NotNull(Binary(op));
            Assert.Contains(BinarySpecialCases(), row => (string)row[0] == op.ToString());
        }
    }

    [Fact]
    public void DoublePrecisionErf_MatchesKnownValues()
    {
        (double Z, double Erf)[] erf =
        [
            (0, 0), (0.1, 0.1124629160182849), (0.5, 0.5204998778130465), (1, 0.8427007929497149),
            (1.5, 0.9661051464753108), (2, 0.9953222650189527), (-1, -0.8427007929497149), (3, 0.9999779095030014),
        ];
        foreach ((double z, double e) in erf)
        {
            Assert.Equal(e, KernelReference.Erf(z), 1e-14);
        }
        (double Z, double Erfc)[] erfc =
        [
            (2.5, 4.069520174449590e-4), (3, 2.209049699858544e-5), (4, 1.541725790028002e-8), (5, 1.537459794428035e-12),
            (10, 2.088487583762545e-45), (-3, 1.999977909503001),
        ];
        foreach ((double z, double e) in erfc)
        {
            Assert.True(Math.Abs(KernelReference.Erfc(z) - e) <= 1e-13 * Math.Abs(e), $"erfc({z}) = {KernelReference.Erfc(z)}, expected {e}");
        }
        Assert.Equal(0.5, KernelReference.Phi(0), 1e-15);
        Assert.Equal(0, KernelReference.Erfc(double.PositiveInfinity));
        Assert.Equal(2, KernelReference.Erfc(double.NegativeInfinity));
    }

    // ==================================================================================== strided / broadcast driver

    [Theory]
    [MemberData(nameof(UnaryOps))]
    public void Unary_StridedAndBroadcastViews_MatchIndexByIndexReference(string name)
    {
        UnaryOp op = Enum.Parse<UnaryOp>(name);
        UnarySpec spec = Unary(op);
        (float p0, float p1) = spec.Params[0];
        var rng = new Random(20000 + (int)op);
        var failures = new List<string>();
        for (int c = 0; c < 60; c++)
        {
            int[] shape = KernelReference.RandomShape(rng, 4, 6);
            TensorView x = c % 3 == 2
                ? KernelReference.RandomBroadcastView(rng, shape, spec.Sample)
                : KernelReference.RandomView(rng, shape, spec.Sample, allowBroadcast: c % 3 == 1);
            int n = KernelReference.NumElements(shape);
            foreach (int width in KernelReference.Widths)
            {
                var d = new float[n + 32];
                Array.Fill(d, Sentinel);
                string? error = KernelReference.RunAt(width, () => CpuBackend.Instance.Unary(op, x, d.AsSpan(16, n), p0, p1));
                if (error is not null)
                {
                    failures.Add($"{op} {KernelReference.Describe(x)} width={KernelReference.WidthName(width)}: {error}");
                    continue;
                }
                for (int i = 0; i < n; i++)
                {
                    float xi = KernelReference.At(x, i);
                    double e = spec.Reference(xi, p0, p1);
                    double tol = spec.Tolerance?.Invoke(xi, p0, p1, e) ?? 0;
                    if (!KernelReference.Matches(e, d[16 + i], tol, spec.Tolerance is null, spec.SignedZero))
                    {
                        failures.Add($"{op} {KernelReference.Describe(x)} width={KernelReference.WidthName(width)} i={i}: " +
                            $"x={KernelReference.F(xi)} expected {KernelReference.F((float)e)}, got {KernelReference.F(d[16 + i])}");
                    }
                }
                CheckSentinels(d, 16, n, failures, $"{op} {KernelReference.Describe(x)}");
            }
        }
        KernelReference.AssertNoFailures(failures, $"strided UnaryOp.{op}");
    }

    [Theory]
    [MemberData(nameof(BinaryOps))]
    public void Binary_StridedAndBroadcastViews_MatchIndexByIndexReference(string name)
    {
        BinaryOp op = Enum.Parse<BinaryOp>(name);
        BinarySpec spec = Binary(op);
        (float p0, float p1) = spec.Params[0];
        var rng = new Random(30000 + (int)op);
        var failures = new List<string>();
        for (int c = 0; c < 80; c++)
        {
            int[] shape = KernelReference.RandomShape(rng, 4, 6);
            TensorView x = KernelReference.RandomOperand(rng, shape, spec.SampleX, c % 5);
            TensorView y = KernelReference.RandomOperand(rng, shape, spec.SampleY, c / 5 % 5);
            int n = KernelReference.NumElements(shape);
            foreach (int width in KernelReference.Widths)
            {
                var d = new float[n + 32];
                Array.Fill(d, Sentinel);
                string? error = KernelReference.RunAt(width, () => CpuBackend.Instance.Binary(op, x, y, d.AsSpan(16, n), p0, p1));
                if (error is not null)
                {
                    failures.Add($"{op} x: {KernelReference.Describe(x)} y: {KernelReference.Describe(y)} width={KernelReference.WidthName(width)}: {error}");
                    continue;
                }
                for (int i = 0; i < n; i++)
                {
                    float xi = KernelReference.At(x, i), yi = KernelReference.At(y, i);
                    double e = spec.Reference(xi, yi, p0, p1);
                    double tol = spec.Tolerance?.Invoke(xi, yi, p0, p1, e) ?? 0;
                    if (!KernelReference.Matches(e, d[16 + i], tol, spec.Tolerance is null, spec.SignedZero))
                    {
                        failures.Add($"{op} x: {KernelReference.Describe(x)} y: {KernelReference.Describe(y)} width={KernelReference.WidthName(width)} " +
                            $"i={i}: x={KernelReference.F(xi)} y={KernelReference.F(yi)} expected {KernelReference.F((float)e)}, got {KernelReference.F(d[16 + i])}");
                    }
                }
                CheckSentinels(d, 16, n, failures, $"{op} x: {KernelReference.Describe(x)} y: {KernelReference.Describe(y)}");
            }
        }
        KernelReference.AssertNoFailures(failures, $"strided BinaryOp.{op}");
    }

    [Fact]
    public void Binary_BroadcastRowsAndColumns_UseEveryRowForm()
    {
        // [r, c] ⊕ [c] (span·span rows), [r, c] ⊕ [r, 1] (span·scalar rows), [r, 1] ⊕ [c] (scalar·span rows),
        // and their transposes (strided rows): each through every op, with c crossing the vector tails.
        var rng = new Random(77);
        var failures = new List<string>();
        foreach (BinaryOp op in Enum.GetValues<BinaryOp>())
        {
            BinarySpec spec = Binary(op);
            (float p0, float p1) = spec.Params[^1];
            foreach ((int r, int c) in new[] { (3, 1), (2, 15), (3, 17), (4, 33), (1, 40), (5, 8) })
            {
                float[] a = Fill(rng, spec.SampleX, r * c), colX = Fill(rng, spec.SampleX, r), rowY = Fill(rng, spec.SampleY, c);
                float[] colY = Fill(rng, spec.SampleY, r), b = Fill(rng, spec.SampleY, r * c), rowX = Fill(rng, spec.SampleX, c);
                int[] shape = [r, c];
                (string What, TensorView X, TensorView Y)[] cases =
                [
                    ("[r,c]·[c]", TensorView.Contiguous(a, shape), TensorView.Contiguous(rowY, [c]).BroadcastTo(shape)),
                    ("[r,c]·[r,1]", TensorView.Contiguous(a, shape), TensorView.Contiguous(colY, [r, 1]).BroadcastTo(shape)),
                    ("[r,1]·[c]", TensorView.Contiguous(colX, [r, 1]).BroadcastTo(shape), TensorView.Contiguous(rowY, [c]).BroadcastTo(shape)),
                    ("[c]·[r,c]", TensorView.Contiguous(rowX, [c]).BroadcastTo(shape), TensorView.Contiguous(b, shape)),
                    ("[r,c]ᵀ·[r,c]ᵀ", new TensorView(a, 0, [c, r], [1, c]), new TensorView(b, 0, [c, r], [1, c])),
                    ("[r,c]ᵀ·[c,1]", new TensorView(a, 0, [c, r], [1, c]), TensorView.Contiguous(rowY, [c, 1]).BroadcastTo([c, r])),
                ];
                foreach ((string what, TensorView x, TensorView y) in cases)
                {
                    int n = r * c;
                    var d = new float[n];
                    CpuBackend.Instance.Binary(op, x, y, d, p0, p1);
                    for (int i = 0; i < n; i++)
                    {
                        float xi = KernelReference.At(x, i), yi = KernelReference.At(y, i);
                        double e = spec.Reference(xi, yi, p0, p1);
                        double tol = spec.Tolerance?.Invoke(xi, yi, p0, p1, e) ?? 0;
                        if (!KernelReference.Matches(e, d[i], tol, spec.Tolerance is null, spec.SignedZero))
                        {
                            failures.Add($"{op} {what} r={r} c={c} i={i}: x={KernelReference.F(xi)} y={KernelReference.F(yi)} " +
                                $"expected {KernelReference.F((float)e)}, got {KernelReference.F(d[i])}");
                        }
                    }
                }
            }
        }
        KernelReference.AssertNoFailures(failures, "broadcast rows");
    }

    private static float[] Fill(Random rng, Func<Random, float> sample, int n)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = sample(rng);
        }
        return a;
    }

    // ==================================================================================== copies

    [Fact]
    public void Copy_StridedToContiguous_MatchesIndexByIndex()
    {
        var rng = new Random(40000);
        for (int c = 0; c < 400; c++)
        {
            int[] shape = KernelReference.RandomShape(rng, 4, 7);
            TensorView src = c % 4 == 3
                ? KernelReference.RandomBroadcastView(rng, shape, KernelReference.Uniform(-5, 5))
                : KernelReference.RandomView(rng, shape, KernelReference.Uniform(-5, 5), allowBroadcast: c % 2 == 1);
            int n = KernelReference.NumElements(shape);
            var d = new float[n + 8];
            Array.Fill(d, Sentinel);
            CpuBackend.Instance.Copy(src, d.AsSpan(4, n));
            for (int i = 0; i < n; i++)
            {
                Assert.True(BitConverter.SingleToInt32Bits(KernelReference.At(src, i)) == BitConverter.SingleToInt32Bits(d[4 + i]),
                    $"Copy {KernelReference.Describe(src)} → span: element {i} is {d[4 + i]}, expected {KernelReference.At(src, i)}");
            }
            var failures = new List<string>();
            CheckSentinels(d, 4, n, failures, $"Copy {KernelReference.Describe(src)} → span");
            KernelReference.AssertNoFailures(failures, "Copy");
        }
    }

    [Fact]
    public void Copy_StridedToStrided_WritesExactlyTheDestinationElements()
    {
        var rng = new Random(41000);
        for (int c = 0; c < 400; c++)
        {
            int[] shape = KernelReference.RandomShape(rng, 4, 7);
            TensorView src = KernelReference.RandomView(rng, shape, KernelReference.Uniform(-5, 5), allowBroadcast: c % 2 == 1);
            // The destination: a strided (possibly transposed, padded, offset) view, never broadcast (it would overlap).
            TensorView dst = KernelReference.RandomView(rng, shape, _ => Sentinel, allowBroadcast: false);
            int n = KernelReference.NumElements(shape);
            var written = new HashSet<int>();
            for (int i = 0; i < n; i++)
            {
                written.Add(KernelReference.OffsetOf(dst, i));
            }
            CpuBackend.Instance.Copy(src, dst);
            for (int i = 0; i < n; i++)
            {
                Assert.True(BitConverter.SingleToInt32Bits(KernelReference.At(src, i)) == BitConverter.SingleToInt32Bits(KernelReference.At(dst, i)),
                    $"Copy {KernelReference.Describe(src)} → {KernelReference.Describe(dst)}: element {i} is {KernelReference.At(dst, i)}, " +
                    $"expected {KernelReference.At(src, i)}");
            }
            for (int p = 0; p < dst.Data.Length; p++)
            {
                if (!written.Contains(p))
                {
                    Assert.True(dst.Data[p] == Sentinel,
                        $"Copy {KernelReference.Describe(src)} → {KernelReference.Describe(dst)} wrote buffer slot {p} outside the view");
                }
            }
        }
    }
}
