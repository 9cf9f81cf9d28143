using Taxon.Kernels;

namespace Taxon.Tests.Kernels;

/// <summary>
/// The row reductions, softmax, where and the index kernels of <see cref="CpuBackend"/> against double-precision,
/// index-by-index references: every row length 0..256, NaN and ±∞ in the body and the tail, and every vector width.
/// </summary>
/// <remarks>
/// Behaviour asserted where the code (not PyTorch, which refuses) decides: an empty row reduces to Sum 0, Max −∞,
/// Min +∞ and LogSumExp −∞. A row with a NaN reduces to NaN for Sum, Max, Min and LogSumExp; ArgMax/ArgMin return the
/// first NaN (PyTorch's rule) and otherwise the first of tied extremes. Softmax of an all −∞ row, or of a row holding
/// NaN or +∞, is NaN everywhere (as PyTorch); ArgReduceRows is never called with empty rows (Tensor.Max(dim) throws first).
/// </remarks>
public class ReductionKernelTests
{
    private const int MaxCols = 256;
    private const float Sentinel = -12345.5f;

    public static TheoryData<string> ReduceOps() => new(Enum.GetNames<ReduceOp>());

    // ==================================================================================== ReduceRows

    private const int RowKinds = 10;

    /// <summary>Row <paramref name="kind"/> of length <paramref name="cols"/>: random, with NaN, with ±∞, all −∞, huge, equal, ...</summary>
    private static void FillRow(Random rng, int kind, Span<float> row)
    {
        int cols = row.Length;
        for (int i = 0; i < cols; i++)
        {
            row[i] = kind switch
            {
                3 => float.NegativeInfinity,
                7 => 3.25f,
                8 => (float)((rng.Next(2) == 0 ? -1 : 1) * Math.Pow(10, 20 * rng.NextDouble() - 10)),
                9 => rng.Next(-3, 4),
                _ => (float)(10 * rng.NextDouble() - 5),
            };
        }
        if (cols == 0)
        {
            return;
        }
        // Special values alternate between the last element (a vector tail for most lengths) and a random one.
        int p = cols % 2 == 1 ? cols - 1 : rng.Next(cols), q = rng.Next(cols);
        switch (kind)
        {
            case 1:
                row[p] = float.NaN;
                break;
            case 2:
                row[q] = float.NegativeInfinity;
                row[p] = float.PositiveInfinity;
                break;
            case 4:
                row[q] = -1e30f;
                row[p] = 1e30f;
                break;
            case 5:
                row[q] = float.PositiveInfinity;
                row[p] = float.NaN;
                break;
            case 6:
                row[p] = float.NegativeInfinity;
                break;
        }
    }

    private static double ReferenceReduce(ReduceOp op, ReadOnlySpan<float> row)
    {
        double sum = 0, max = double.NegativeInfinity, min = double.PositiveInfinity;
        bool nan = false;
        foreach (float v in row)
        {
            sum += v;
            nan |= float.IsNaN(v);
            max = Math.Max(max, v);
            min = Math.Min(min, v);
        }
        switch (op)
        {
            case ReduceOp.Sum: return sum;
            case ReduceOp.Max: return nan ? double.NaN : max;
            case ReduceOp.Min: return nan ? double.NaN : min;
            case ReduceOp.LogSumExp:
                if (nan)
                {
                    return double.NaN;
                }
                if (double.IsInfinity(max))
                {
                    return max; // +∞ if any is +∞; −∞ for an all −∞ (or empty) row
                }
                double s = 0;
                foreach (float v in row)
                {
                    s += Math.Exp(v - max);
                }
                return max + Math.Log(s);
            default:
                throw new InvalidOperationException($"ReduceOp.{op} has no reference in ReductionKernelTests: add one.");
        }
    }

    private static double ReduceTolerance(ReduceOp op, ReadOnlySpan<float> row, double expected)
    {
        double abs = 0;
        foreach (float v in row)
        {
            abs += Math.Abs(v);
        }
        return op switch
        {
            ReduceOp.Sum => 2e-6 * abs + 1e-37,
            ReduceOp.LogSumExp => 2e-6 + 1e-6 * Math.Abs(expected),
            _ => 0,
        };
    }

    [Theory]
    [MemberData(nameof(ReduceOps))]
    public void ReduceRows_MatchesDoubleReference_EveryRowLength(string name)
    {
        ReduceOp op = Enum.Parse<ReduceOp>(name);
        var rng = new Random(100 + (int)op);
        var failures = new List<string>();
        for (int cols = 0; cols <= MaxCols; cols++)
        {
            var src = new float[RowKinds * cols];
            for (int r = 0; r < RowKinds; r++)
            {
                FillRow(rng, r, src.AsSpan(r * cols, cols));
            }
            foreach (int width in KernelReference.Widths)
            {
                var dst = new float[RowKinds + 1];
                dst[RowKinds] = Sentinel;
                using (new ForcedWidthScope(width))
                {
                    CpuBackend.Instance.ReduceRows(op, src, RowKinds, cols, dst);
                }
                for (int r = 0; r < RowKinds; r++)
                {
                    ReadOnlySpan<float> row = src.AsSpan(r * cols, cols);
                    double e = ReferenceReduce(op, row);
                    bool exact = op is ReduceOp.Max or ReduceOp.Min;
                    if (!KernelReference.Matches(e, dst[r], ReduceTolerance(op, row, e), exact, signedZero: false))
                    {
                        failures.Add($"{op} width={KernelReference.WidthName(width)} cols={cols} row kind {r}: expected " +
                            $"{KernelReference.F((float)e)} (exact {KernelReference.D(e)}), got {KernelReference.F(dst[r])}");
                    }
                }
                Assert.Equal(Sentinel, dst[RowKinds]);
            }
        }
        KernelReference.AssertNoFailures(failures, $"ReduceRows {op}");
    }

    [Fact]
    public void ReduceRows_EmptyRows_AreTheIdentities()
    {
        (ReduceOp Op, float Expected)[] cases =
        [
            (ReduceOp.Sum, 0f), (ReduceOp.Max, float.NegativeInfinity), (ReduceOp.Min, float.PositiveInfinity),
            (ReduceOp.LogSumExp, float.NegativeInfinity),
        ];
        foreach ((ReduceOp op, float expected) in cases)
        {
            var dst = new float[4];
            CpuBackend.Instance.ReduceRows(op, [], 3, 0, dst);
            Assert.Equal([expected, expected, expected, 0f], dst);
            CpuBackend.Instance.ReduceRows(op, [], 0, 5, dst); // no rows: nothing written
            Assert.Equal([expected, expected, expected, 0f], dst);
        }
    }

    [Fact]
    public void ReduceRows_LogSumExp_LimitsAndNoOverflow()
    {
        float Lse(params float[] row)
        {
            var d = new float[1];
            CpuBackend.Instance.ReduceRows(ReduceOp.LogSumExp, row, 1, row.Length, d);
            return d[0];
        }
        Assert.Equal(float.NegativeInfinity, Lse(float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity));
        Assert.Equal(float.PositiveInfinity, Lse(1f, float.PositiveInfinity, 2f));
        Assert.Equal(float.PositiveInfinity, Lse(float.NegativeInfinity, float.PositiveInfinity));
        Assert.True(float.IsNaN(Lse(1f, float.NaN, float.PositiveInfinity)));
        Assert.Equal(1e30f, Lse(1e30f, -1e30f, 0f));
        Assert.Equal(1e30f + MathF.Log(2), Lse(1e30f, 1e30f)); // log 2 is lost in 1e30's ulp: no overflow, no NaN
        Assert.Equal(89f + MathF.Log(2), Lse(89f, 89f), 5);
        Assert.Equal(-200f + MathF.Log(3), Lse(-200f, -200f, -200f), 4);
        Assert.Equal(2f, Lse(2f, float.NegativeInfinity));
    }

    // ==================================================================================== SumMiddle

    [Fact]
    public void SumMiddle_MatchesDoubleReference()
    {
        var rng = new Random(200);
        int[] inners = [0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 33, 64, 67, 130];
        var failures = new List<string>();
        for (int outer = 0; outer <= 3; outer++)
        {
            for (int reduce = 0; reduce <= 6; reduce++)
            {
                foreach (int inner in inners)
                {
                    var src = new float[outer * reduce * inner];
                    for (int i = 0; i < src.Length; i++)
                    {
                        src[i] = (float)(10 * rng.NextDouble() - 5);
                    }
                    if (src.Length > 0 && rng.Next(3) == 0)
                    {
                        // A NaN and an infinity somewhere (often in the last column, a vector tail).
                        src[rng.Next(2) == 0 ? src.Length - 1 : rng.Next(src.Length)] = float.NaN;
                        src[rng.Next(src.Length)] = float.PositiveInfinity;
                    }
                    var dst = new float[outer * inner + 1];
                    Array.Fill(dst, Sentinel);
                    CpuBackend.Instance.SumMiddle(src, outer, reduce, inner, dst);
                    for (int o = 0; o < outer; o++)
                    {
                        for (int j = 0; j < inner; j++)
                        {
                            double sum = 0, abs = 0;
                            for (int r = 0; r < reduce; r++)
                            {
                                float v = src[(o * reduce + r) * inner + j];
                                sum += v;
                                abs += Math.Abs(v);
                            }
                            float got = dst[o * inner + j];
                            if (!KernelReference.Matches(sum, got, 1e-6 * abs + 1e-37, exact: false, signedZero: false))
                            {
                                failures.Add($"SumMiddle outer={outer} reduce={reduce} inner={inner} at ({o}, {j}): expected {sum}, got {got}");
                            }
                        }
                    }
                    Assert.Equal(Sentinel, dst[outer * inner]);
                }
            }
        }
        KernelReference.AssertNoFailures(failures, "SumMiddle");
    }

    // ==================================================================================== ArgReduceRows

    private const int ArgKinds = 8;

    private static void FillArgRow(Random rng, int kind, Span<float> row)
    {
        int cols = row.Length;
        for (int i = 0; i < cols; i++)
        {
            row[i] = kind switch
            {
                4 => 1.5f,
                5 => float.NegativeInfinity,
                6 => rng.Next(1, 5), // many ties, never a signed zero
                _ => (float)(10 * rng.NextDouble() - 5),
            };
        }
        int p = rng.Next(cols), q = rng.Next(cols), t = cols - 1;
        switch (kind)
        {
            case 1:
                // Tied extremes, one of them often in the tail.
                row[Math.Min(p, q)] = 100f;
                row[Math.Max(p, q)] = 100f;
                row[rng.Next(cols)] = -100f;
                row[t] = rng.Next(2) == 0 ? -100f : 100f;
                break;
            case 2:
                row[p] = float.NaN;
                row[t] = float.NaN;
                break;
            case 3:
                row[p] = float.PositiveInfinity;
                row[q] = float.NegativeInfinity;
                break;
            case 7:
                row[t] = float.NaN;
                row[p] = float.PositiveInfinity;
                break;
        }
    }

    [Fact]
    public void ArgReduceRows_FirstIndexOnTies_NaNWins_EveryRowLength()
    {
        var rng = new Random(300);
        var failures = new List<string>();
        foreach (bool max in new[] { true, false })
        {
            for (int cols = 1; cols <= MaxCols; cols++)
            {
                var src = new float[ArgKinds * cols];
                for (int r = 0; r < ArgKinds; r++)
                {
                    FillArgRow(rng, r, src.AsSpan(r * cols, cols));
                }
                foreach (int width in KernelReference.Widths)
                {
                    var values = new float[ArgKinds + 1];
                    var indices = new int[ArgKinds + 1];
                    values[ArgKinds] = Sentinel;
                    indices[ArgKinds] = -7;
                    using (new ForcedWidthScope(width))
                    {
                        CpuBackend.Instance.ArgReduceRows(max, src, ArgKinds, cols, values, indices);
                    }
                    for (int r = 0; r < ArgKinds; r++)
                    {
                        ReadOnlySpan<float> row = src.AsSpan(r * cols, cols);
                        int best = -1;
                        for (int i = 0; i < cols && best < 0; i++)
                        {
                            if (float.IsNaN(row[i]))
                            {
                                best = i;
                            }
                        }
                        if (best < 0)
                        {
                            best = 0;
                            for (int i = 1; i < cols; i++)
                            {
                                if (max ? row[i] > row[best] : row[i] < row[best])
                                {
                                    best = i;
                                }
                            }
                        }
                        if (indices[r] != best || BitConverter.SingleToInt32Bits(values[r]) != BitConverter.SingleToInt32Bits(row[best]))
                        {
                            failures.Add($"Arg{(max ? "Max" : "Min")} width={KernelReference.WidthName(width)} cols={cols} row kind {r}: " +
                                $"expected index {best} value {KernelReference.F(row[best])}, got index {indices[r]} value {KernelReference.F(values[r])}");
                        }
                    }
                    Assert.Equal(Sentinel, values[ArgKinds]);
                    Assert.Equal(-7, indices[ArgKinds]);
                }
            }
        }
        KernelReference.AssertNoFailures(failures, "ArgReduceRows");
    }

    // ==================================================================================== softmax

    private const int SoftmaxKinds = 9;

    private static void FillSoftmaxRow(Random rng, int kind, Span<float> row)
    {
        int cols = row.Length;
        for (int i = 0; i < cols; i++)
        {
            row[i] = kind switch
            {
                3 => -7.5f,
                4 => float.NegativeInfinity,
                5 => (float)(200 * rng.NextDouble() - 100),
                _ => (float)(20 * rng.NextDouble() - 10),
            };
        }
        int p = cols % 2 == 1 ? cols - 1 : rng.Next(cols), q = rng.Next(cols);
        switch (kind)
        {
            case 1:
                // Huge values either way: the largest wins, nothing overflows.
                row[q] = -1e30f;
                row[p] = 1e30f;
                break;
            case 2:
                row[p] = float.NegativeInfinity;
                break;
            case 6:
                row[p] = float.NaN;
                break;
            case 7:
                row[p] = float.PositiveInfinity;
                break;
            case 8:
                row[q] = 1e30f;
                row[p] = 1e30f;
                break;
        }
    }

    /// <summary>PyTorch's formula in double: t = x − max, p = e^t / Σ e^t, log p = t − log Σ e^t (NaN for an all −∞ row).</summary>
    private static (double[] P, double[] LogP, double[] T) ReferenceSoftmax(ReadOnlySpan<float> row)
    {
        double max = double.NegativeInfinity;
        bool nan = false;
        foreach (float v in row)
        {
            nan |= float.IsNaN(v);
            max = Math.Max(max, v);
        }
        if (nan)
        {
            max = double.NaN;
        }
        var t = new double[row.Length];
        double s = 0;
        for (int i = 0; i < row.Length; i++)
        {
            t[i] = row[i] - max;
            s += Math.Exp(t[i]);
        }
        var p = new double[row.Length];
        var logp = new double[row.Length];
        for (int i = 0; i < row.Length; i++)
        {
            p[i] = Math.Exp(t[i]) / s;
            logp[i] = t[i] - Math.Log(s);
        }
        return (p, logp, t);
    }

    [Fact]
    public void SoftmaxRows_MatchDoubleReference_EveryRowLength()
    {
        var rng = new Random(400);
        var failures = new List<string>();
        for (int cols = 1; cols <= MaxCols; cols++)
        {
            var src = new float[SoftmaxKinds * cols];
            for (int r = 0; r < SoftmaxKinds; r++)
            {
                FillSoftmaxRow(rng, r, src.AsSpan(r * cols, cols));
            }
            foreach (int width in KernelReference.Widths)
            {
                var soft = new float[src.Length + 1];
                var logSoft = new float[src.Length + 1];
                soft[^1] = logSoft[^1] = Sentinel;
                using (new ForcedWidthScope(width))
                {
                    CpuBackend.Instance.SoftmaxRows(src, SoftmaxKinds, cols, soft, log: false);
                    CpuBackend.Instance.SoftmaxRows(src, SoftmaxKinds, cols, logSoft, log: true);
                }
                Assert.Equal(Sentinel, soft[^1]);
                Assert.Equal(Sentinel, logSoft[^1]);
                for (int r = 0; r < SoftmaxKinds; r++)
                {
                    ReadOnlySpan<float> row = src.AsSpan(r * cols, cols);
                    (double[] p, double[] logp, double[] t) = ReferenceSoftmax(row);
                    string where = $"width={KernelReference.WidthName(width)} cols={cols} row kind {r}";
                    double total = 0;
                    bool finite = true;
                    for (int i = 0; i < cols; i++)
                    {
                        float ps = soft[r * cols + i], ls = logSoft[r * cols + i];
                        total += ps;
                        finite &= double.IsFinite(p[i]);
                        double tolP = p[i] == 0 ? 1e-37 : 1e-37 + p[i] * (4e-6 + 1.2e-7 * Math.Abs(t[i]));
                        double tolL = 2e-6 + 2.4e-7 * (Math.Abs(t[i]) + Math.Abs(logp[i]));
                        if (!KernelReference.Matches(p[i], ps, tolP, exact: false, signedZero: false))
                        {
                            failures.Add($"softmax {where} i={i}: x={KernelReference.F(row[i])} expected {KernelReference.D(p[i])}, got {KernelReference.F(ps)}");
                        }
                        if (!KernelReference.Matches(logp[i], ls, tolL, exact: false, signedZero: false))
                        {
                            failures.Add($"log_softmax {where} i={i}: x={KernelReference.F(row[i])} expected {KernelReference.D(logp[i])}, got {KernelReference.F(ls)}");
                        }
                        // log_softmax is the log of softmax wherever softmax has not underflowed.
                        if (ps > 1e-30f && Math.Abs(ls - Math.Log(ps)) > 2e-5)
                        {
                            failures.Add($"log_softmax ≠ log softmax {where} i={i}: {KernelReference.F(ls)} vs log {KernelReference.F(ps)}");
                        }
                    }
                    if (finite && Math.Abs(total - 1) > 1e-5)
                    {
                        failures.Add($"softmax {where}: the row sums to {total}");
                    }
                }
            }
        }
        KernelReference.AssertNoFailures(failures, "SoftmaxRows");
    }

    [Fact]
    public void SoftmaxRows_NegativeInfinityAndHugeValues()
    {
        float[] row = [1e30f, -1e30f, float.NegativeInfinity, 0f, 1e30f];
        var p = new float[5];
        var lp = new float[5];
        CpuBackend.Instance.SoftmaxRows(row, 1, 5, p, log: false);
        CpuBackend.Instance.SoftmaxRows(row, 1, 5, lp, log: true);
        Assert.Equal([0.5f, 0f, 0f, 0f, 0.5f], p);
        Assert.Equal(-MathF.Log(2), lp[0], 6);
        Assert.Equal(-MathF.Log(2), lp[4], 6);
        Assert.Equal(-2e30f, lp[1]);
        Assert.Equal(float.NegativeInfinity, lp[2]); // e^−∞ = 0: probability 0, log-probability −∞
        Assert.Equal(-1e30f, lp[3]);

        float[] allNegInf = [float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity];
        CpuBackend.Instance.SoftmaxRows(allNegInf, 1, 3, p.AsSpan(0, 3), log: false);
        CpuBackend.Instance.SoftmaxRows(allNegInf, 1, 3, lp.AsSpan(0, 3), log: true);
        for (int i = 0; i < 3; i++)
        {
            Assert.True(float.IsNaN(p[i]) && float.IsNaN(lp[i]), "an all −∞ row is NaN, as in PyTorch");
        }

        // No rows (the caller passes rows = 0 when the softmax dimension is empty): nothing to do, nothing thrown.
        CpuBackend.Instance.SoftmaxRows([], 0, 0, [], log: false);
        CpuBackend.Instance.SoftmaxRows([], 0, 0, [], log: true);
        CpuBackend.Instance.SoftmaxRowsBackward([], [], 0, 0, [], log: true);
    }

    [Fact]
    public void SoftmaxRowsBackward_MatchesDoubleReference_EveryRowLength()
    {
        var rng = new Random(500);
        var failures = new List<string>();
        const int Rows = 3;
        foreach (bool log in new[] { false, true })
        {
            for (int cols = 1; cols <= MaxCols; cols++)
            {
                var x = new float[Rows * cols];
                var g = new float[Rows * cols];
                for (int i = 0; i < x.Length; i++)
                {
                    x[i] = (float)(20 * rng.NextDouble() - 10);
                    g[i] = (float)(4 * rng.NextDouble() - 2);
                }
                x[cols - 1] = float.NegativeInfinity; // row 0: a masked entry (y = 0, log y = −∞)
                g.AsSpan(2 * cols, cols).Clear();    // row 2: a zero upstream gradient
                var y = new float[x.Length];
                CpuBackend.Instance.SoftmaxRows(x, Rows, cols, y, log);
                foreach (int width in KernelReference.Widths)
                {
                    var d = new float[x.Length + 1];
                    d[^1] = Sentinel;
                    using (new ForcedWidthScope(width))
                    {
                        CpuBackend.Instance.SoftmaxRowsBackward(y, g, Rows, cols, d, log);
                    }
                    Assert.Equal(Sentinel, d[^1]);
                    for (int r = 0; r < Rows; r++)
                    {
                        double dot = 0, sumG = 0, absDot = 0, absG = 0;
                        for (int i = 0; i < cols; i++)
                        {
                            double yi = y[r * cols + i], gi = g[r * cols + i];
                            dot += yi * gi;
                            absDot += Math.Abs(yi * gi);
                            sumG += gi;
                            absG += Math.Abs(gi);
                        }
                        for (int i = 0; i < cols; i++)
                        {
                            double yi = y[r * cols + i], gi = g[r * cols + i];
                            double e, tol;
                            if (log)
                            {
                                double pi = Math.Exp(yi);
                                e = gi - pi * sumG;
                                tol = 1e-37 + 2e-6 * (Math.Abs(gi) + pi * absG);
                            }
                            else
                            {
                                e = yi * (gi - dot);
                                tol = 1e-37 + 2e-6 * Math.Abs(yi) * (Math.Abs(gi) + absDot);
                            }
                            float got = d[r * cols + i];
                            if (!KernelReference.Matches(e, got, tol, exact: false, signedZero: false))
                            {
                                failures.Add($"softmax backward log={log} width={KernelReference.WidthName(width)} cols={cols} row {r} i={i}: " +
                                    $"y={KernelReference.F((float)yi)} g={KernelReference.F((float)gi)} expected {KernelReference.D(e)}, got {KernelReference.F(got)}");
                            }
                        }
                    }
                }
            }
        }
        KernelReference.AssertNoFailures(failures, "SoftmaxRowsBackward");
    }

    // ==================================================================================== where

    [Fact]
    public void Where_StridedAndBroadcastOperands_MatchIndexByIndex()
    {
        var rng = new Random(600);
        float[] conds = [0f, -0f, 1f, -1f, float.NaN, 0.5f, 0f, float.PositiveInfinity];
        Func<Random, float> cond = r => conds[r.Next(conds.Length)];
        Func<Random, float> value = KernelReference.Mostly(KernelReference.Uniform(-5, 5), r => r.Next(2) == 0 ? float.NaN : -0f);
        for (int c = 0; c < 300; c++)
        {
            int[] shape = KernelReference.RandomShape(rng, 4, 6);
            TensorView cv = KernelReference.RandomOperand(rng, shape, cond, c % 5);
            TensorView xv = KernelReference.RandomOperand(rng, shape, value, c / 5 % 5);
            TensorView yv = KernelReference.RandomOperand(rng, shape, value, c / 25 % 5);
            int n = KernelReference.NumElements(shape);
            var d = new float[n + 1];
            d[n] = Sentinel;
            CpuBackend.Instance.Where(cv, xv, yv, d.AsSpan(0, n));
            for (int i = 0; i < n; i++)
            {
                float e = KernelReference.At(cv, i) != 0 ? KernelReference.At(xv, i) : KernelReference.At(yv, i);
                Assert.True(BitConverter.SingleToInt32Bits(e) == BitConverter.SingleToInt32Bits(d[i]),
                    $"Where cond {KernelReference.Describe(cv)} x {KernelReference.Describe(xv)} y {KernelReference.Describe(yv)} i={i}: " +
                    $"cond={KernelReference.F(KernelReference.At(cv, i))} expected {KernelReference.F(e)}, got {KernelReference.F(d[i])}");
            }
            Assert.Equal(Sentinel, d[n]);
        }
    }

    // ==================================================================================== gather / scatter_add

    private static int[] RandomPositiveShape(Random rng, int minRank, int maxRank, int maxSize)
    {
        var shape = new int[rng.Next(minRank, maxRank + 1)];
        for (int i = 0; i < shape.Length; i++)
        {
            shape[i] = rng.Next(1, maxSize + 1);
        }
        return shape;
    }

    private static int[] Unravel(int flat, int[] shape)
    {
        var index = new int[shape.Length];
        for (int k = shape.Length - 1; k >= 0; k--)
        {
            index[k] = flat % shape[k];
            flat /= shape[k];
        }
        return index;
    }

    private static int OffsetAt(TensorView v, int[] index)
    {
        int offset = v.Offset;
        for (int k = 0; k < index.Length; k++)
        {
            offset += index[k] * v.Strides[k];
        }
        return offset;
    }

    private static int RowMajor(int[] index, int[] shape)
    {
        int flat = 0;
        for (int k = 0; k < shape.Length; k++)
        {
            flat = flat * shape[k] + index[k];
        }
        return flat;
    }

    [Fact]
    public void Gather_MatchesIndexByIndex_AndRejectsOutOfRange()
    {
        var rng = new Random(700);
        for (int c = 0; c < 300; c++)
        {
            int[] srcShape = RandomPositiveShape(rng, 1, 4, 5);
            int dim = rng.Next(srcShape.Length);
            var indexShape = new int[srcShape.Length];
            for (int k = 0; k < indexShape.Length; k++)
            {
                indexShape[k] = k == dim ? rng.Next(0, 7) : rng.Next(1, srcShape[k] + 1);
            }
            int count = KernelReference.NumElements(indexShape);
            var idx = new int[count];
            for (int i = 0; i < count; i++)
            {
                idx[i] = rng.Next(srcShape[dim]);
            }
            TensorView src = KernelReference.RandomOperand(rng, srcShape, KernelReference.Uniform(-5, 5), c % 4);
            var dst = new float[count + 1];
            dst[count] = Sentinel;
            CpuBackend.Instance.Gather(src, dim, IndexTensor.FromArray(idx, indexShape), dst.AsSpan(0, count));
            for (int i = 0; i < count; i++)
            {
                int[] at = Unravel(i, indexShape);
                at[dim] = idx[i];
                Assert.Equal(src.Data[OffsetAt(src, at)], dst[i]);
            }
            Assert.Equal(Sentinel, dst[count]);

            if (count > 0)
            {
                foreach (int bad in new[] { srcShape[dim], -1, int.MaxValue })
                {
                    int[] badIdx = (int[])idx.Clone();
                    badIdx[rng.Next(count)] = bad;
                    var index = IndexTensor.FromArray(badIdx, indexShape);
                    Assert.Throws<IndexOutOfRangeException>(() => CpuBackend.Instance.Gather(src, dim, index, new float[count]));
                }
            }
        }
    }

    [Fact]
    public void ScatterAdd_AccumulatesDuplicates_AndRejectsOutOfRange()
    {
        var rng = new Random(800);
        for (int c = 0; c < 300; c++)
        {
            int[] dstShape = RandomPositiveShape(rng, 1, 4, 5);
            int dim = rng.Next(dstShape.Length);
            var indexShape = new int[dstShape.Length];
            var srcShape = new int[dstShape.Length];
            for (int k = 0; k < indexShape.Length; k++)
            {
                indexShape[k] = k == dim ? rng.Next(0, 7) : rng.Next(1, dstShape[k] + 1);
                srcShape[k] = indexShape[k] + rng.Next(0, 2); // src may be larger than index (PyTorch allows it)
            }
            int count = KernelReference.NumElements(indexShape);
            var idx = new int[count];
            for (int i = 0; i < count; i++)
            {
                idx[i] = rng.Next(dstShape[dim]); // small dims: plenty of duplicates
            }
            TensorView src = KernelReference.RandomOperand(rng, srcShape, KernelReference.Uniform(-5, 5), c % 4);
            int total = KernelReference.NumElements(dstShape);
            var initial = new float[total + 1];
            for (int i = 0; i < total; i++)
            {
                initial[i] = (float)(4 * rng.NextDouble() - 2);
            }
            initial[total] = Sentinel;
            var expected = new double[total];
            var abs = new double[total];
            for (int i = 0; i < total; i++)
            {
                expected[i] = initial[i];
                abs[i] = Math.Abs(initial[i]);
            }
            for (int i = 0; i < count; i++)
            {
                int[] at = Unravel(i, indexShape);
                float v = src.Data[OffsetAt(src, at)];
                at[dim] = idx[i];
                int o = RowMajor(at, dstShape);
                expected[o] += v;
                abs[o] += Math.Abs(v);
            }
            var dst = (float[])initial.Clone();
            CpuBackend.Instance.ScatterAdd(dst.AsSpan(0, total), dstShape, dim, IndexTensor.FromArray(idx, indexShape), src);
            for (int i = 0; i < total; i++)
            {
                Assert.True(Math.Abs(dst[i] - expected[i]) <= 1e-6 * abs[i],
                    $"ScatterAdd dst [{string.Join(",", dstShape)}] dim {dim} index [{string.Join(",", indexShape)}] at {i}: expected {expected[i]}, got {dst[i]}");
            }
            Assert.Equal(Sentinel, dst[total]);

            if (count > 0)
            {
                foreach (int bad in new[] { dstShape[dim], -1 })
                {
                    int[] badIdx = (int[])idx.Clone();
                    badIdx[rng.Next(count)] = bad;
                    var index = IndexTensor.FromArray(badIdx, indexShape);
                    Assert.Throws<IndexOutOfRangeException>(() => CpuBackend.Instance.ScatterAdd(new float[total], dstShape, dim, index, src));
                }
            }
        }
    }

    // ==================================================================================== index_select / index_add

    [Fact]
    public void IndexSelect_MatchesIndexByIndex_AndRejectsOutOfRange()
    {
        var rng = new Random(900);
        for (int c = 0; c < 300; c++)
        {
            int[] srcShape = RandomPositiveShape(rng, 1, 4, 5);
            int dim = rng.Next(srcShape.Length);
            var index = new int[rng.Next(0, 7)];
            for (int i = 0; i < index.Length; i++)
            {
                index[i] = rng.Next(srcShape[dim]);
            }
            TensorView src = KernelReference.RandomOperand(rng, srcShape, KernelReference.Uniform(-5, 5), c % 5);
            int[] outShape = (int[])srcShape.Clone();
            outShape[dim] = index.Length;
            int total = KernelReference.NumElements(outShape);
            var dst = new float[total + 1];
            dst[total] = Sentinel;
            CpuBackend.Instance.IndexSelect(src, dim, index, dst.AsSpan(0, total));
            for (int i = 0; i < total; i++)
            {
                int[] at = Unravel(i, outShape);
                at[dim] = index[at[dim]];
                Assert.True(src.Data[OffsetAt(src, at)] == dst[i],
                    $"IndexSelect src {KernelReference.Describe(src)} dim {dim} index [{string.Join(",", index)}] at {i}: " +
                    $"expected {src.Data[OffsetAt(src, at)]}, got {dst[i]}");
            }
            Assert.Equal(Sentinel, dst[total]);

            if (index.Length > 0)
            {
                foreach (int bad in new[] { srcShape[dim], -1 })
                {
                    int[] badIndex = (int[])index.Clone();
                    badIndex[rng.Next(badIndex.Length)] = bad;
                    Assert.Throws<IndexOutOfRangeException>(() => CpuBackend.Instance.IndexSelect(src, dim, badIndex, new float[total]));
                }
            }
        }
    }

    [Fact]
    public void IndexAdd_AccumulatesDuplicates_AndRejectsOutOfRange()
    {
        var rng = new Random(1000);
        for (int c = 0; c < 300; c++)
        {
            int[] dstShape = RandomPositiveShape(rng, 1, 4, 5);
            int dim = rng.Next(dstShape.Length);
            var index = new int[rng.Next(0, 7)];
            for (int i = 0; i < index.Length; i++)
            {
                index[i] = rng.Next(dstShape[dim]);
            }
            int[] srcShape = (int[])dstShape.Clone();
            srcShape[dim] = index.Length;
            TensorView src = KernelReference.RandomOperand(rng, srcShape, KernelReference.Uniform(-5, 5), c % 5);
            int total = KernelReference.NumElements(dstShape);
            var dst = new float[total + 1];
            for (int i = 0; i < total; i++)
            {
                dst[i] = (float)(4 * rng.NextDouble() - 2);
            }
            dst[total] = Sentinel;
            var expected = new double[total];
            var abs = new double[total];
            for (int i = 0; i < total; i++)
            {
                expected[i] = dst[i];
                abs[i] = Math.Abs(dst[i]);
            }
            int srcTotal = KernelReference.NumElements(srcShape);
            for (int i = 0; i < srcTotal; i++)
            {
                int[] at = Unravel(i, srcShape);
                float v = src.Data[OffsetAt(src, at)];
                at[dim] = index[at[dim]];
                int o = RowMajor(at, dstShape);
                expected[o] += v;
                abs[o] += Math.Abs(v);
            }
            CpuBackend.Instance.IndexAdd(dst.AsSpan(0, total), dstShape, dim, index, src);
            for (int i = 0; i < total; i++)
            {
                Assert.True(Math.Abs(dst[i] - expected[i]) <= 1e-6 * abs[i],
                    $"IndexAdd dst [{string.Join(",", dstShape)}] dim {dim} index [{string.Join(",", index)}] at {i}: expected {expected[i]}, got {dst[i]}");
            }
            Assert.Equal(Sentinel, dst[total]);

            if (index.Length > 0)
            {
                foreach (int bad in new[] { dstShape[dim], -1 })
                {
                    int[] badIndex = (int[])index.Clone();
                    badIndex[rng.Next(badIndex.Length)] = bad;
                    Assert.Throws<IndexOutOfRangeException>(() => CpuBackend.Instance.IndexAdd(new float[total], dstShape, dim, badIndex, src));
                }
            }
        }
    }
}
