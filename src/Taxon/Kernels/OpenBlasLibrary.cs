using System.Runtime.InteropServices;

namespace Taxon.Kernels;

/// <summary>
/// Optional OpenBLAS binding, resolved at run time with <see cref="NativeLibrary"/> so Taxon never needs
/// the native library to build, load or run; only <see cref="GemmProvider.OpenBlas"/> touches it.
/// </summary>
internal static unsafe class OpenBlasLibrary
{
    private const int CblasRowMajor = 101;
    private const int CblasNoTrans = 111;
    private const int CblasTrans = 112;

    private static readonly string[] s_candidates =
    [
        "libopenblas.so.0",
        "libopenblas.so",
        "libopenblas",
        "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
    ];

    private static readonly Lazy<Binding> s_binding = new(Load);

    // Last count passed to openblas_set_num_threads; it is a process-wide setting, so only change it when asked.
    private static int s_threads;

    /// <summary>Whether a library exporting <c>cblas_sgemm</c> was found.</summary>
    public static bool IsAvailable => s_binding.Value.Sgemm != null;

    /// <summary>Calls <c>cblas_sgemm</c> in row-major order; arguments are already validated.</summary>
    public static void Sgemm(
        bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc, int threads)
    {
        Binding binding = s_binding.Value;
        if (binding.Sgemm == null)
        {
            throw new InvalidOperationException("OpenBLAS is not available.");
        }

        if (binding.SetNumThreads != null && threads != s_threads)
        {
            binding.SetNumThreads(threads);
            s_threads = threads;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            binding.Sgemm(
                CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        }
    }

    private static Binding Load()
    {
        foreach (string name in s_candidates)
        {
            if (!NativeLibrary.TryLoad(name, typeof(OpenBlasLibrary).Assembly, null, out nint handle))
            {
                continue;
            }

            if (NativeLibrary.TryGetExport(handle, "cblas_sgemm", out nint sgemm))
            {
                NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out nint setThreads);
                return new Binding
                {
                    Sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm,
                    SetNumThreads = (delegate* unmanaged<int, void>)setThreads,
                };
            }

            NativeLibrary.Free(handle);
        }

        return default;
    }

    private struct Binding
    {
        public delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemm;
        public delegate* unmanaged<int, void> SetNumThreads;
    }
}
