using Taxon.Classification.Data;

namespace Taxon.Classification.Features;

/// <summary>
/// Replaces each column by its B-spline basis (scikit-learn 1.2: <c>SplineTransformer</c>, the same knots and the
/// same values): <see cref="SplineTransformerOptions.KnotCount"/> knots per column placed uniformly or at quantiles,
/// extended by <see cref="SplineTransformerOptions.Degree"/> knots on each side at the spacing of the boundary
/// knots, giving KnotCount + Degree − 1 splines per column (KnotCount − 1 when periodic; one fewer without bias).
/// A linear model on these features fits a smooth non-linear (piecewise polynomial) effect of each column. Sparse
/// input is read like dense; the output is dense (each value touches Degree + 1 splines of its column).
/// </summary>
public sealed class SplineTransformer(SplineTransformerOptions? options = null) : Transformer
{
    /// <summary>The settings.</summary>
    public SplineTransformerOptions Options { get; } = options ?? new SplineTransformerOptions();

    /// <inheritdoc />
    public override string Name => "spline";

    /// <inheritdoc />
    protected override TransformerModel FitCore(FeatureMatrix x, CancellationToken cancellationToken)
    {
        Options.Validate();
        if (x.Rows < 2)
        {
            throw new ArgumentException($"spline: needs at least 2 samples to place knots; got {x.Rows}.");
        }
        int d = x.Columns, n = x.Rows, m = Options.KnotCount, k = Options.Degree;
        var columns = new double[d][];
        for (int j = 0; j < d; j++)
        {
            columns[j] = new double[n];
        }
        for (int i = 0; i < n; i++)
        {
            FeatureRow row = x.Row(i);
            for (int s = 0; s < row.StoredCount; s++)
            {
                columns[row.ColumnAt(s)][i] = row.Values[s];
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        double[][] baseKnots = Options.Knots == KnotPlacement.Quantile ? QuantileKnots(columns, m) : UniformKnots(columns, m);

        // The full knot vectors, as scikit-learn extends them (Eilers and Marx: repeating boundary knots behaves
        // worse than continuing their spacing).
        var knots = new double[d][];
        if (Options.Extrapolation == SplineExtrapolation.Periodic)
        {
            for (int j = 0; j < d; j++)
            {
                double period = baseKnots[m - 1][j] - baseKnots[0][j];
                var t = new double[m + 2 * k];
                for (int a = 0; a < k; a++)
                {
                    t[a] = baseKnots[m - 1 - k + a][j] - period;
                    t[k + m + a] = baseKnots[1 + a][j] + period;
                }
                for (int a = 0; a < m; a++)
                {
                    t[k + a] = baseKnots[a][j];
                }
                knots[j] = t;
            }
        }
        else
        {
            var lowStart = new double[d];
            var lowStop = new double[d];
            var highStart = new double[d];
            var highStop = new double[d];
            for (int j = 0; j < d; j++)
            {
                double distMin = baseKnots[1][j] - baseKnots[0][j];
                double distMax = baseKnots[m - 1][j] - baseKnots[m - 2][j];
                lowStart[j] = baseKnots[0][j] - k * distMin;
                lowStop[j] = baseKnots[0][j] - distMin;
                highStart[j] = baseKnots[m - 1][j] + distMax;
                highStop[j] = baseKnots[m - 1][j] + k * distMax;
            }
            double[][] low = Linspace(lowStart, lowStop, k), high = Linspace(highStart, highStop, k);
            for (int j = 0; j < d; j++)
            {
                var t = new double[m + 2 * k];
                for (int a = 0; a < k; a++)
                {
                    t[a] = low[a][j];
                    t[k + m + a] = high[a][j];
                }
                for (int a = 0; a < m; a++)
                {
                    t[k + a] = baseKnots[a][j];
                }
                knots[j] = t;
            }
        }
        return new SplineTransformerModel(knots, Options);
    }

    private static double[][] UniformKnots(double[][] columns, int count)
    {
        int d = columns.Length;
        var min = new double[d];
        var max = new double[d];
        for (int j = 0; j < d; j++)
        {
            min[j] = double.PositiveInfinity;
            max[j] = double.NegativeInfinity;
            foreach (double v in columns[j])
            {
                min[j] = Math.Min(min[j], v);
                max[j] = Math.Max(max[j], v);
            }
        }
        return Linspace(min, max, count);
    }

    /// <summary>NumPy's <c>percentile(X, 100 * linspace(0, 1, count), axis=0)</c> with its default linear method, to the bit.</summary>
    private static double[][] QuantileKnots(double[][] columns, int count)
    {
        int d = columns.Length, n = columns[0].Length;
        double[] fractions = Linspace([0.0], [1.0], count).Select(r => 100 * r[0] / 100).ToArray();
        var result = new double[count][];
        for (int q = 0; q < count; q++)
        {
            result[q] = new double[d];
        }
        var sorted = new double[n];
        for (int j = 0; j < d; j++)
        {
            columns[j].CopyTo(sorted, 0);
            Array.Sort(sorted);
            for (int q = 0; q < count; q++)
            {
                double index = (n - 1) * fractions[q];
                int previous = (int)Math.Floor(index), next = previous + 1;
                if (index >= n - 1)
                {
                    previous = next = n - 1;
                }
                double gamma = index - previous;
                double a = sorted[previous], b = sorted[Math.Min(next, n - 1)];
                double diff = b - a;
                // NumPy's _lerp: from the nearer end, so that gamma = 1 gives b exactly.
                result[q][j] = gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
            }
        }
        return result;
    }

    /// <summary>
    /// NumPy's <c>linspace(start, stop, num)</c> over all columns at once, to the bit: when any column's step is 0,
    /// NumPy divides before multiplying for every column.
    /// </summary>
    private static double[][] Linspace(double[] start, double[] stop, int num)
    {
        int d = start.Length, div = num - 1;
        var step = new double[d];
        bool anyStepZero = false;
        for (int j = 0; j < d; j++)
        {
            step[j] = div > 0 ? (stop[j] - start[j]) / div : double.NaN;
            anyStepZero |= step[j] == 0;
        }
        var y = new double[num][];
        for (int i = 0; i < num; i++)
        {
            y[i] = new double[d];
            for (int j = 0; j < d; j++)
            {
                double delta = stop[j] - start[j];
                double v = div <= 0 ? i * delta : anyStepZero ? i / (double)div * delta : i * step[j];
                y[i][j] = v + start[j];
            }
        }
        if (num > 1)
        {
            stop.CopyTo(y[num - 1], 0);
        }
        return y;
    }
}
