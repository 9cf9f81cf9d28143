namespace Taxon.Kernels;

/// <summary>Which implementation <see cref="Gemm.Sgemm"/> runs on.</summary>
public enum GemmProvider
{
    /// <summary>The built-in managed SIMD kernel; always available and the default.</summary>
    Managed = 0,

    /// <summary>OpenBLAS <c>cblas_sgemm</c>, loaded at run time when the native library is installed.</summary>
    OpenBlas = 1,
}
