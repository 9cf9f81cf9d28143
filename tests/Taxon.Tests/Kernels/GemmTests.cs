using Taxon.Kernels;

namespace Taxon.Tests.Kernels;

public class GemmTests
{
    private static readonly GemmKernelKind[] s_kernels =
        [GemmKernelKind.Vector512, GemmKernelKind.Vector256, GemmKernelKind.Scalar];

    // Tiny blocks so a few dozen rows and columns already cross every MC/KC/NC boundary.
    private static GemmTuning TinyBlocks(GemmKernelKind kernel) =>
        new(kernel, BlockM: 1, BlockK: 7, BlockN: 1, ParallelThreshold: 0, PackedBLimit: 1L << 30, ThinLimit: 0, WakeThreshold: 0);

    public static TheoryData<bool, bool> Transposes => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    public static IEnumerable<object[]> EdgeShapes()
    {
        (int M, int N, int K)[] shapes =
        [
            (0, 0, 0), (0, 4, 3), (4, 0, 3), (4, 3, 0), (1, 1, 1), (1, 17, 9), (9, 1, 17), (3, 5, 1),
            (4, 4, 4), (6, 16, 8), (12, 32, 5), (11, 31, 13), (13, 33, 21), (25, 65, 3), (24, 64, 40),
            (7, 100, 2), (100, 7, 30), (37, 49, 61),
        ];
        foreach (GemmKernelKind kernel in s_kernels)
        {
            foreach ((int m, int n, int k) in shapes)
            {
                for (int t = 0; t < 4; t++)
                {
                    yield return [(int)kernel, t >= 2, t % 2 == 1, m, n, k];
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(EdgeShapes))]
    public void MatchesReference_EdgeShapes_EveryKernel(int kernelKind, bool transA, bool transB, int m, int n, int k)
    {
        // The kernel travels as int: GemmKernelKind is internal and theory parameters must be public.
        var kernel = (GemmKernelKind)kernelKind;
        var tuning = GemmTuning.Default with { Kernel = kernel };
        Check(transA, transB, m, n, k, 1f, 0f, threads: 1, tuning);
        var parallel = tuning with { ParallelThreshold = 0, ThinLimit = 0, WakeThreshold = 0 };
        Check(transA, transB, m, n, k, 1.5f, -0.5f, threads: 2, parallel, pad: 3);
        Check(transA, transB, m, n, k, -1f, 1f, threads: 3, TinyBlocks(kernel), pad: 1);

        // Packed-B limit of one float: every KC block of K becomes its own pass accumulating with beta = 1.
        Check(transA, transB, m, n, k, 0.5f, 0f, threads: 2, TinyBlocks(kernel) with { PackedBLimit = 1 });
    }

    public static IEnumerable<object[]> ThinShapes()
    {
        (int M, int N, int K)[] shapes =
        [
            (1, 1, 1), (1, 1, 1000), (1, 300, 50), (300, 1, 50), (3, 200, 17), (200, 4, 17), (4, 4, 100), (2, 129, 1),
        ];
        foreach ((int m, int n, int k) in shapes)
        {
            for (int t = 0; t < 4; t++)
            {
                yield return [t >= 2, t % 2 == 1, m, n, k];
            }
        }
    }

    [Theory]
    [MemberData(nameof(ThinShapes))]
    public void MatchesReference_ThinShapes_WithoutPacking(bool transA, bool transB, int m, int n, int k)
    {
        var tuning = GemmTuning.Default with { ThinLimit = 4 };
        Check(transA, transB, m, n, k, 1f, 0f, threads: 1, tuning);
        Check(transA, transB, m, n, k, -2f, 0.5f, threads: 2, tuning with { ParallelThreshold = 0, WakeThreshold = 0 }, pad: 2);
        Check(transA, transB, m, n, k, 1f, 1f, threads: 3, tuning with { ParallelThreshold = 0, WakeThreshold = 0 }, pad: 1);
    }

    [Theory]
    [MemberData(nameof(Transposes))]
    public void MatchesReference_AcrossDefaultBlockBoundaries(bool transA, bool transB)
    {
        // Just past MC and KC of the default blocking, with ragged Mr/Nr edges.
        int m = GemmTuning.Default.BlockM + 5, k = GemmTuning.Default.BlockK + 5;
        Check(transA, transB, m, 70, k, 1f, 0f, threads: 1, GemmTuning.Default);
        Check(transA, transB, m, 70, k, 0.5f, 2f, threads: 2, GemmTuning.Default with { WakeThreshold = 0 }, pad: 5);
    }

    [Theory]
    [MemberData(nameof(Transposes))]
    public void MatchesReference_TinyBlocks_Multithreaded(bool transA, bool transB)
    {
        foreach (GemmKernelKind kernel in s_kernels)
        {
            // Two KC blocks per pass of packed B, several passes over K.
            var tuning = TinyBlocks(kernel) with { BlockM = 20, BlockK = 9, BlockN = 40, PackedBLimit = 18 * 64 };
            Check(transA, transB, 61, 83, 29, 0.75f, 0.25f, threads: 2, tuning, pad: 2);
            Check(transA, transB, 5, 300, 20, 1f, 0f, threads: 2, tuning);
            Check(transA, transB, 300, 5, 20, 1f, 1f, threads: 4, tuning);
        }
    }

    [Fact]
    public void MatchesReference_PublicEntryPoint_Multithreaded()
    {
        foreach ((bool ta, bool tb) in new[] { (false, false), (true, true) })
        {
            var rng = new Random(7);
            const int m = 130, n = 150, k = 140;
            float[] a = RandomArray(rng, m * k), b = RandomArray(rng, k * n), c = RandomArray(rng, m * n);
            double[] expected = Reference(ta, tb, m, n, k, 2f, a, ta ? m : k, b, tb ? k : n, -1f, c, n, out double[] bound);
            Gemm.Sgemm(ta, tb, m, n, k, 2f, a, ta ? m : k, b, tb ? k : n, -1f, c, n, threads: 2);
            AssertClose(expected, bound, c, n, m, n, k);
        }
    }

    [Fact]
    public void ConcurrentCallers_EachGetTheirOwnResult()
    {
        // Callers racing for the helper team: the loser runs on its own thread, nothing is shared by mistake.
        const int m = 90, n = 110, k = 70;
        var tuning = GemmTuning.Default with { ParallelThreshold = 0, WakeThreshold = 0 };
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var rng = new Random(100 + i);
            float[] a = RandomArray(rng, m * k), b = RandomArray(rng, k * n), c = new float[m * n];
            double[] expected = Reference(false, i % 2 == 1, m, n, k, 1f, a, k, b, i % 2 == 1 ? k : n, 0f, c, n, out double[] bound);
            for (int repeat = 0; repeat < 5; repeat++)
            {
                Gemm.SgemmManaged(false, i % 2 == 1, m, n, k, 1f, a, k, b, i % 2 == 1 ? k : n, 0f, c, n, 2, tuning);
                AssertClose(expected, bound, c, n, m, n, k);
            }
        });
    }

    [Theory]
    [InlineData(1f, 0f)]
    [InlineData(1f, 1f)]
    [InlineData(-0.5f, 2f)]
    [InlineData(2f, -1f)]
    [InlineData(0f, 0.5f)]
    [InlineData(0f, 0f)]
    [InlineData(0f, 1f)]
    public void AlphaBetaCombinations(float alpha, float beta)
    {
        foreach (GemmKernelKind kernel in s_kernels)
        {
            Check(false, false, 29, 45, 17, alpha, beta, 1, GemmTuning.Default with { Kernel = kernel }, pad: 1);
            Check(true, false, 29, 45, 17, alpha, beta, 2, TinyBlocks(kernel) with { BlockM = 10 }, pad: 1);
        }
    }

    [Fact]
    public void BetaZero_OverwritesNaNAndInfinityInC()
    {
        foreach (GemmKernelKind kernel in s_kernels)
        {
            foreach (int k in new[] { 0, 5 })
            {
                const int m = 19, n = 37;
                var rng = new Random(3);
                float[] a = RandomArray(rng, m * Math.Max(k, 1)), b = RandomArray(rng, Math.Max(k, 1) * n);
                float[] c = new float[m * n];
                for (int i = 0; i < c.Length; i++)
                {
                    c[i] = i % 2 == 0 ? float.NaN : float.NegativeInfinity;
                }

                Gemm.SgemmManaged(false, false, m, n, k, 1f, a, Math.Max(k, 1), b, n, 0f, c, n, 1, GemmTuning.Default with { Kernel = kernel });
                Assert.All(c, v => Assert.True(float.IsFinite(v), $"{kernel}, k={k}: C kept {v}"));
            }
        }
    }

    [Fact]
    public void AlphaZero_DoesNotReadAOrB()
    {
        const int m = 8, n = 8, k = 8;
        float[] a = Enumerable.Repeat(float.NaN, m * k).ToArray();
        float[] b = Enumerable.Repeat(float.PositiveInfinity, k * n).ToArray();
        float[] c = Enumerable.Repeat(2f, m * n).ToArray();
        Gemm.Sgemm(false, false, m, n, k, 0f, a, k, b, n, 3f, c, n);
        Assert.All(c, v => Assert.Equal(6f, v));
    }

    [Fact]
    public void NaNAndInfinityInInputs_Propagate()
    {
        foreach (GemmKernelKind kernel in s_kernels)
        {
            foreach (bool transA in new[] { false, true })
            {
                const int m = 30, n = 40, k = 20;
                float[] a = Enumerable.Repeat(1f, m * k).ToArray();
                float[] b = Enumerable.Repeat(1f, k * n).ToArray();
                int lda = transA ? m : k;
                a[transA ? (3 * lda) + 17 : (17 * lda) + 3] = float.NaN;   // A[17, 3]
                b[(5 * n) + 33] = float.PositiveInfinity;                    // B[5, 33]
                float[] c = new float[m * n];
                Gemm.SgemmManaged(transA, false, m, n, k, 1f, a, lda, b, n, 0f, c, n, 1, GemmTuning.Default with { Kernel = kernel });
                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        float v = c[(i * n) + j];
                        if (i == 17)
                        {
                            Assert.True(float.IsNaN(v), $"{kernel}: C[{i},{j}] = {v}, expected NaN");
                        }
                        else if (j == 33)
                        {
                            Assert.Equal(float.PositiveInfinity, v);
                        }
                        else
                        {
                            Assert.Equal(k, v);
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void InvalidArguments_Throw()
    {
        float[] x = new float[100];
        Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, -1, 2, 2, 1f, x, 2, x, 2, 0f, x, 2));
        Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 2, 2, -3, 1f, x, 2, x, 2, 0f, x, 2));
        // lda below k (no transpose) and below m (transposed).
        Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 4, 4, 5, 1f, x, 4, x, 4, 0f, x, 4));
        Assert.Throws<ArgumentException>(() => Gemm.Sgemm(true, false, 5, 4, 4, 1f, x, 4, x, 4, 0f, x, 4));
        // ldb below n / below k when transposed, ldc below n.
        Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 4, 5, 4, 1f, x, 4, x, 4, 0f, x, 5));
        Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, true, 4, 4, 5, 1f, x, 5, x, 4, 0f, x, 4));
        Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 4, 5, 4, 1f, x, 4, x, 5, 0f, x, 4));
        // Spans too short for the shape and leading dimension.
        Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 10, 10, 11, 1f, x, 11, x, 10, 0f, x, 10));
        Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 10, 10, 10, 1f, x, 10, x.AsSpan(1), 10, 0f, x, 10));
        Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 10, 10, 10, 1f, x, 10, x, 10, 0f, x.AsSpan(0, 99), 10));
        var message = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 3, 3, 3, 1f, x, 2, x, 3, 0f, x, 3)).Message;
        Assert.Contains("lda", message);

        // Zero-sized operands need no storage; the last row needs only its used width.
        Gemm.Sgemm(false, false, 0, 0, 0, 1f, [], 1, [], 1, 0f, [], 1);
        Gemm.Sgemm(false, false, 3, 2, 0, 1f, [], 1, [], 2, 0f, x.AsSpan(0, 6), 2);
        Gemm.Sgemm(false, false, 2, 2, 2, 1f, x.AsSpan(0, 7), 5, x, 2, 0f, x.AsSpan(50, 4), 2);
    }

    [Fact]
    public void OpenBlasProvider_MatchesReference_WhenInstalled()
    {
        if (!Gemm.IsOpenBlasAvailable)
        {
            var error = Assert.Throws<InvalidOperationException>(() => Gemm.Provider = GemmProvider.OpenBlas);
            Assert.Contains("OpenBLAS", error.Message);
            Assert.Equal(GemmProvider.Managed, Gemm.Provider);
            return;
        }

        // Calls the binding directly: flipping the process-wide Provider would leak into tests running in parallel.
        foreach ((bool ta, bool tb) in new[] { (false, false), (false, true), (true, false), (true, true) })
        {
            var rng = new Random(11);
            const int m = 37, n = 29, k = 41;
            int lda = (ta ? m : k) + 2, ldb = (tb ? k : n) + 1, ldc = n + 3;
            float[] a = RandomArray(rng, (ta ? k : m) * lda), b = RandomArray(rng, (tb ? n : k) * ldb), c = RandomArray(rng, m * ldc);
            double[] expected = Reference(ta, tb, m, n, k, 1.5f, a, lda, b, ldb, 0.5f, c, ldc, out double[] bound);
            OpenBlasLibrary.Sgemm(ta, tb, m, n, k, 1.5f, a, lda, b, ldb, 0.5f, c, ldc, threads: 2);
            AssertClose(expected, bound, c, ldc, m, n, k);
        }
    }

    [Fact]
    public void Provider_DefaultsToManaged()
    {
        if (Environment.GetEnvironmentVariable("TAXON_BLAS") is null)
        {
            Assert.Equal(GemmProvider.Managed, Gemm.Provider);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Provider = (GemmProvider)42);
    }

    private static void Check(
        bool transA, bool transB, int m, int n, int k, float alpha, float beta, int threads, GemmTuning tuning, int pad = 0)
    {
        var rng = new Random(HashCode.Combine(transA, transB, m, n, k, pad));
        int lda = Math.Max(1, transA ? m : k) + pad;
        int ldb = Math.Max(1, transB ? k : n) + pad;
        int ldc = Math.Max(1, n) + pad;
        float[] a = RandomArray(rng, (transA ? k : m) * lda);
        float[] b = RandomArray(rng, (transB ? n : k) * ldb);
        float[] c = RandomArray(rng, m * ldc);
        if (beta == 0f)
        {
            // BLAS: beta == 0 must overwrite whatever C holds.
            for (int i = 0; i < c.Length; i += 3)
            {
                c[i] = float.NaN;
            }
        }

        float[] original = (float[])c.Clone();
        double[] expected = Reference(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, out double[] bound);
        Gemm.SgemmManaged(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads, tuning);
        AssertClose(expected, bound, c, ldc, m, n, k);

        // Padding between rows of C must be left alone.
        for (int i = 0; i < m; i++)
        {
            for (int j = n; j < ldc; j++)
            {
                Assert.Equal(original[(i * ldc) + j], c[(i * ldc) + j]);
            }
        }
    }

    private static double[] Reference(
        bool transA, bool transB, int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb,
        float beta, float[] c, int ldc, out double[] bound)
    {
        var expected = new double[m * n];
        bound = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0, abs = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = transA ? a[(p * lda) + i] : a[(i * lda) + p];
                    double y = transB ? b[(j * ldb) + p] : b[(p * ldb) + j];
                    sum += x * y;
                    abs += Math.Abs(x * y);
                }

                double old = beta == 0f ? 0 : beta * (double)c[(i * ldc) + j];
                expected[(i * n) + j] = (alpha == 0f ? 0 : alpha * sum) + old;
                bound[(i * n) + j] = (Math.Abs(alpha) * abs) + Math.Abs(old);
            }
        }

        return expected;
    }

    private static void AssertClose(double[] expected, double[] bound, float[] c, int ldc, int m, int n, int k)
    {
        // Float32 accumulation error grows at most linearly in k.
        double eps = 4 * (k + 2) * 6e-8;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double e = expected[(i * n) + j], actual = c[(i * ldc) + j];
                double tolerance = (eps * bound[(i * n) + j]) + 1e-30;
                if (!(Math.Abs(actual - e) <= tolerance))
                {
                    Assert.Fail($"C[{i},{j}] = {actual}, expected {e} (tolerance {tolerance:G3}, m={m} n={n} k={k}).");
                }
            }
        }
    }

    private static float[] RandomArray(Random rng, int length)
    {
        var result = new float[length];
        for (int i = 0; i < length; i++)
        {
            result[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return result;
    }
}
