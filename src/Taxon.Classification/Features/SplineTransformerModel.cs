using System.Globalization;
using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Features;

/// <summary>
/// A fitted <see cref="SplineTransformer"/>: each column's knot vector (scikit-learn: <c>bsplines_[j].t</c>). It
/// evaluates the B-spline basis in double precision (<see cref="Evaluate"/>, as SciPy's <c>BSpline</c> does) and
/// rounds to float32 only in <see cref="TransformerModel.Transform(FeatureMatrix)"/>.
/// </summary>
public sealed class SplineTransformerModel : TransformerModel
{
    private readonly double[][] _knots;

    internal SplineTransformerModel(double[][] knots, SplineTransformerOptions options) : base(knots.Length)
    {
        options.Validate();
        int length = options.KnotCount + 2 * options.Degree;
        foreach (double[] t in knots)
        {
            if (t.Length != length)
            {
                throw new ArgumentException($"SplineTransformerModel: a knot vector has {t.Length} knots where {options.KnotCount} + 2 × {options.Degree} = {length} were expected.");
            }
            for (int a = 1; a < t.Length; a++)
            {
                if (!(t[a - 1] <= t[a]) || !double.IsFinite(t[a]))
                {
                    throw new ArgumentException("SplineTransformerModel: a knot vector is not finite and non-decreasing.");
                }
            }
        }
        _knots = knots;
        Options = options;
        SplinesPerColumn = options.IncludeBias ? options.SplineCount : options.SplineCount - 1;
    }

    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "spline-transformer";

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>The settings it was fitted with.</summary>
    public SplineTransformerOptions Options { get; }

    /// <summary>The number of output columns per input column.</summary>
    public int SplinesPerColumn { get; }

    /// <inheritdoc />
    public override int OutputColumns => FeatureCount * SplinesPerColumn;

    /// <summary>The knot vector of <paramref name="column"/>: Degree extra knots, the KnotCount base knots, Degree extra knots.</summary>
    public IReadOnlyList<double> Knots(int column) => _knots[column];

    /// <summary>
    /// Writes the <see cref="SplinesPerColumn"/> basis values of <paramref name="value"/> in input column
    /// <paramref name="column"/> into <paramref name="output"/>, in double precision (scikit-learn:
    /// <c>transform</c> of float64 input). With <see cref="SplineExtrapolation.Error"/>, a value beyond the boundary
    /// knots is an <see cref="ArgumentException"/>.
    /// </summary>
    public void Evaluate(int column, double value, Span<double> output)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, FeatureCount);
        int splines = Options.SplineCount;
        Span<double> all = stackalloc double[splines];
        Span<double> work = stackalloc double[2 * (Options.Degree + 1)];
        Basis(_knots[column], value, all, work, -1);
        all[..SplinesPerColumn].CopyTo(output);
    }

    /// <inheritdoc />
    protected override FeatureMatrix TransformCore(FeatureMatrix x)
    {
        int per = SplinesPerColumn, width = OutputColumns, d = FeatureCount;
        var result = new float[(long)x.Rows * width];
        var all = new double[Options.SplineCount];
        var work = new double[2 * (Options.Degree + 1)];
        var dense = new float[d];
        for (int i = 0; i < x.Rows; i++)
        {
            x.Row(i).CopyTo(dense);
            for (int j = 0; j < d; j++)
            {
                Basis(_knots[j], dense[j], all, work, i);
                Span<float> output = result.AsSpan(i * width + j * per, per);
                for (int s = 0; s < per; s++)
                {
                    output[s] = (float)all[s];
                }
            }
        }
        return new DenseMatrix(result, x.Rows, width);
    }

    /// <summary>All <see cref="SplineTransformerOptions.SplineCount"/> basis values of one value, following scikit-learn's transform for the extrapolation mode.</summary>
    private void Basis(double[] t, double x, Span<double> output, Span<double> work, int row)
    {
        int k = Options.Degree, splines = output.Length;
        int n = t.Length - k - 1; // the number of B-splines on the knot vector
        double xmin = t[k], xmax = t[n];
        output.Clear();
        switch (Options.Extrapolation)
        {
            case SplineExtrapolation.Continue:
                Spline(t, k, x, 0, extrapolate: true, output, work);
                return;
            case SplineExtrapolation.Periodic:
                Spline(t, k, xmin + FloorMod(x - xmin, xmax - xmin), 0, extrapolate: true, output, work);
                return;
            case SplineExtrapolation.Error:
                if (!(x >= xmin && x <= xmax))
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"spline: {(row >= 0 ? $"row {row}, " : "")}value {x} is beyond the knots [{xmin}, {xmax}] fitted for this column; use another Extrapolation to accept it."));
                }
                Spline(t, k, x, 0, extrapolate: false, output, work);
                return;
        }
        if (x >= xmin && x <= xmax)
        {
            Spline(t, k, x, 0, extrapolate: false, output, work);
            return;
        }
        bool below = x < xmin;
        double edge = below ? xmin : xmax;
        Span<double> value = stackalloc double[splines];
        Spline(t, k, edge, 0, extrapolate: false, value, work);
        if (Options.Extrapolation == SplineExtrapolation.Constant)
        {
            // Only the first (last) Degree splines are non-zero at the lower (upper) boundary.
            if (below)
            {
                value[..k].CopyTo(output);
            }
            else
            {
                value[(splines - k)..].CopyTo(output[(splines - k)..]);
            }
            return;
        }
        Span<double> slope = stackalloc double[splines];
        Spline(t, k, edge, 1, extrapolate: false, slope, work);
        // For degree 1 the second spline also has a slope at the boundary; degree 0 needs one column too.
        int linear = k <= 1 ? k + 1 : k;
        for (int j = 0; j < linear; j++)
        {
            int s = below ? j : splines - 1 - j;
            output[s] = value[s] + (x - edge) * slope[s];
        }
    }

    /// <summary>
    /// The sum of each output spline's B-splines (or their <paramref name="derivative"/>) at <paramref name="x"/>
    /// (SciPy: <c>BSpline(t, c, k)(x, nu)</c> with the identity coefficients scikit-learn uses, periodic ones
    /// wrapping the last Degree B-splines onto the first). Out of range without <paramref name="extrapolate"/>: NaN.
    /// </summary>
    private static void Spline(double[] t, int k, double x, int derivative, bool extrapolate, Span<double> output, Span<double> work)
    {
        int interval = FindInterval(t, k, x, extrapolate);
        int splines = output.Length;
        if (interval < 0)
        {
            output.Fill(double.NaN);
            return;
        }
        DeBoor(t, x, k, interval, derivative, work);
        output.Clear();
        for (int a = 0; a <= k; a++)
        {
            int b = interval + a - k;
            output[b >= splines ? b - splines : b] += work[a];
        }
    }

    /// <summary>SciPy's <c>find_interval</c>: l with t[l] ≤ x &lt; t[l+1] among k ≤ l &lt; n, the last interval closed; -1 out of range without extrapolation.</summary>
    private static int FindInterval(double[] t, int k, double x, bool extrapolate)
    {
        int n = t.Length - k - 1;
        if (double.IsNaN(x) || (!extrapolate && (x < t[k] || x > t[n])))
        {
            return -1;
        }
        int l = k;
        while (x < t[l] && l != k)
        {
            l--;
        }
        l++;
        while (x >= t[l] && l != n)
        {
            l++;
        }
        return l - 1;
    }

    /// <summary>
    /// SciPy's <c>_deBoor_D</c>: the k + 1 B-splines of degree k (or their m-th derivative) that are non-zero on
    /// interval <paramref name="ell"/>, into <paramref name="result"/>[0..k]; the second half of it is scratch.
    /// </summary>
    private static void DeBoor(double[] t, double x, int k, int ell, int m, Span<double> result)
    {
        Span<double> h = result[..(k + 1)];
        Span<double> hh = result[(k + 1)..];
        h[0] = 1.0;
        for (int j = 1; j <= k - m; j++)
        {
            h[..j].CopyTo(hh);
            h[0] = 0.0;
            for (int n = 1; n <= j; n++)
            {
                double xb = t[ell + n], xa = t[ell + n - j];
                if (xb == xa)
                {
                    h[n] = 0.0;
                    continue;
                }
                double w = hh[n - 1] / (xb - xa);
                h[n - 1] += w * (xb - x);
                h[n] = w * (x - xa);
            }
        }
        for (int j = k - m + 1; j <= k; j++)
        {
            h[..j].CopyTo(hh);
            h[0] = 0.0;
            for (int n = 1; n <= j; n++)
            {
                double xb = t[ell + n], xa = t[ell + n - j];
                if (xb == xa)
                {
                    h[m] = 0.0;
                    continue;
                }
                double w = j * hh[n - 1] / (xb - xa);
                h[n - 1] -= w;
                h[n] = w;
            }
        }
    }

    /// <summary>NumPy's <c>%</c> on floats: the remainder with the sign of the divisor.</summary>
    private static double FloorMod(double a, double b)
    {
        double mod = a % b;
        if (mod != 0)
        {
            if ((b < 0) != (mod < 0))
            {
                mod += b;
            }
        }
        else
        {
            mod = Math.CopySign(0, b);
        }
        return mod;
    }

    /// <inheritdoc />
    protected internal override void Write(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteJson("options", Options);
        writer.WriteJson("feature_count", FeatureCount);
        int length = Options.KnotCount + 2 * Options.Degree;
        writer.Write("knots", [.. _knots.SelectMany(t => t)], [FeatureCount, length]);
    }

    internal static SplineTransformerModel Read(ModelReader reader)
    {
        var options = reader.ReadJson<SplineTransformerOptions>("options");
        int d = reader.ReadJson<int>("feature_count");
        int length = options.KnotCount + 2 * options.Degree;
        double[] flat = reader.ReadDoubles("knots", d * length);
        var knots = new double[d][];
        for (int j = 0; j < d; j++)
        {
            knots[j] = flat[(j * length)..((j + 1) * length)];
        }
        return new SplineTransformerModel(knots, options);
    }
}
