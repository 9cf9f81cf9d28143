using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Taxon.Kernels;

/// <summary>
/// Single-precision general matrix multiply (BLAS <c>sgemm</c>, PyTorch <c>torch.addmm</c>) on row-major storage:
/// a BLIS-style cache-blocked, packed, register-tiled SIMD kernel, optionally delegated to OpenBLAS.
/// </summary>
public static partial class Gemm
{
    // Below this many multiply-adds (about 100³) even an already-spinning helper thread does not pay for itself.
    internal const long DefaultParallelThreshold = 1L << 20;

    // -1 until first read, so the environment is consulted (and OpenBLAS probed) only when needed.
    private static int s_provider = -1;

    /// <summary>
    /// The implementation <see cref="Sgemm"/> uses. Defaults to <see cref="GemmProvider.Managed"/>, or OpenBLAS when
    /// the environment variable <c>TAXON_BLAS=openblas</c> is set and the library loads (if it does not, the
    /// default stays managed: Taxon never requires a native library).
    /// </summary>
    /// <exception cref="InvalidOperationException">Set to <see cref="GemmProvider.OpenBlas"/> when OpenBLAS cannot be loaded.</exception>
    public static GemmProvider Provider
    {
        get
        {
            int provider = s_provider;
            if (provider < 0)
            {
                provider = s_provider = (int)DefaultProvider();
            }

            return (GemmProvider)provider;
        }
        set
        {
            if (value == GemmProvider.OpenBlas && !OpenBlasLibrary.IsAvailable)
            {
                throw new InvalidOperationException(
                    "OpenBLAS was requested but could not be loaded (tried libopenblas.so.0, libopenblas.so, libopenblas "
                    + "and the Debian openblas-pthread path). Install OpenBLAS (e.g. apt-get install libopenblas0) "
                    + "or use GemmProvider.Managed.");
            }

            if (value is not (GemmProvider.Managed or GemmProvider.OpenBlas))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown GEMM provider.");
            }

            s_provider = (int)value;
        }
    }

    /// <summary>Whether OpenBLAS (<c>cblas_sgemm</c>) could be loaded on this machine.</summary>
    public static bool IsOpenBlasAvailable => OpenBlasLibrary.IsAvailable;

    /// <summary>The fastest managed micro-kernel family this CPU supports.</summary>
    internal static GemmKernelKind BestKernel { get; } =
        Avx512F.IsSupported && Vector512.IsHardwareAccelerated ? GemmKernelKind.Vector512
        : Fma.IsSupported && Vector256.IsHardwareAccelerated ? GemmKernelKind.Vector256
        : GemmKernelKind.Scalar;

    /// <summary>
    /// C = alpha * op(A) * op(B) + beta * C on row-major matrices, op(X) = X or Xᵀ (BLAS <c>cblas_sgemm</c> with
    /// <c>CblasRowMajor</c>; PyTorch <c>torch.addmm(C, A, B, beta=beta, alpha=alpha)</c>).
    /// </summary>
    /// <param name="transA">Use Aᵀ: A is then stored k x m.</param>
    /// <param name="transB">Use Bᵀ: B is then stored n x k.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product; 0 leaves A and B unread.</param>
    /// <param name="a">A, m x k (lda ≥ k), or k x m (lda ≥ m) when <paramref name="transA"/>.</param>
    /// <param name="lda">Distance between rows of the stored A.</param>
    /// <param name="b">B, k x n (ldb ≥ n), or n x k (ldb ≥ k) when <paramref name="transB"/>.</param>
    /// <param name="ldb">Distance between rows of the stored B.</param>
    /// <param name="beta">Scale of the existing C; 0 overwrites C without reading it, so NaNs there vanish.</param>
    /// <param name="c">C, m x n (ldc ≥ n).</param>
    /// <param name="ldc">Distance between rows of C.</param>
    /// <param name="threads">Most threads to use; ≤ 0 means <see cref="Parallelism.MaxThreads"/>.</param>
    /// <exception cref="ArgumentException">A dimension is negative, a leading dimension too small, or a span too short.</exception>
    public static unsafe void Sgemm(
        bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc, int threads = 0)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0)
        {
            return;
        }

        if (threads <= 0)
        {
            threads = Parallelism.MaxThreads;
        }

        if (Provider == GemmProvider.OpenBlas)
        {
            OpenBlasLibrary.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads);
            return;
        }

        SgemmManaged(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads, GemmTuning.Default);
    }

    /// <summary>
    /// The managed path with explicit tuning, so tests and benchmarks can force a kernel family or block
    /// sizes without touching process-wide state. Arguments must already be validated.
    /// </summary>
    internal static unsafe void SgemmManaged(
        bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc, int threads, GemmTuning tuning)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            if (k == 0 || alpha == 0f)
            {
                ScaleC(m, n, beta, pc, ldc);
                return;
            }

            if ((long)m * n * k < tuning.ParallelThreshold)
            {
                threads = 1;
            }

            if (Math.Min(m, n) <= tuning.ThinLimit)
            {
                Thin(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, threads, (long)m * n * k >= tuning.WakeThreshold);
                return;
            }

            GemmKernelKind kernel = tuning.Kernel == GemmKernelKind.Auto || tuning.Kernel < BestKernel
                ? BestKernel
                : tuning.Kernel;
            switch (kernel)
            {
                case GemmKernelKind.Vector512:
                    Blocked<GemmKernelAvx512>(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, threads, tuning);
                    break;
                case GemmKernelKind.Vector256:
                    Blocked<GemmKernelAvx2>(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, threads, tuning);
                    break;
                default:
                    Blocked<GemmKernelScalar>(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, threads, tuning);
                    break;
            }
        }
    }

    private static GemmProvider DefaultProvider() =>
        string.Equals(Environment.GetEnvironmentVariable("TAXON_BLAS"), "openblas", StringComparison.OrdinalIgnoreCase)
        && OpenBlasLibrary.IsAvailable
            ? GemmProvider.OpenBlas
            : GemmProvider.Managed;

    private static void Validate(
        bool transA, bool transB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentException($"Matrix dimensions must be non-negative, got m={m}, n={n}, k={k}.");
        }

        // Stored shapes: A is m x k (k x m when transposed), B is k x n (n x k), C is m x n.
        (int aRows, int aCols) = transA ? (k, m) : (m, k);
        (int bRows, int bCols) = transB ? (n, k) : (k, n);
        CheckOperand("A", "lda", aRows, aCols, lda, aLength, transA);
        CheckOperand("B", "ldb", bRows, bCols, ldb, bLength, transB);
        CheckOperand("C", "ldc", m, n, ldc, cLength, transposed: false);
    }

    private static void CheckOperand(string name, string ldName, int rows, int cols, int ld, int length, bool transposed)
    {
        string shape = transposed ? $"{rows} x {cols} (stored transposed)" : $"{rows} x {cols}";
        if (ld < Math.Max(1, cols))
        {
            throw new ArgumentException(
                $"{ldName} must be at least max(1, {cols}) for {name} stored {shape}, got {ld}.", ldName);
        }

        long needed = rows == 0 || cols == 0 ? 0 : ((long)(rows - 1) * ld) + cols;
        if (length < needed)
        {
            throw new ArgumentException(
                $"{name} needs at least {needed} elements for {shape} with {ldName}={ld}, but its span has {length}.",
                name.ToLowerInvariant());
        }
    }

    private static unsafe void ScaleC(int m, int n, float beta, float* c, nint ldc)
    {
        for (int i = 0; i < m; i++)
        {
            var row = new Span<float>(c + (i * ldc), n);
            if (beta == 0f)
            {
                row.Clear();
            }
            else if (beta != 1f)
            {
                TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }
}
