namespace Taxon.Kernels;

/// <summary>
/// A register-tiled GEMM micro-kernel: C[Mr x Nr] = alpha * Ã·B̃ + beta * C over one packed
/// panel pair. Implemented by structs so the blocked driver is specialised per kernel by the JIT.
/// </summary>
internal unsafe interface IGemmMicroKernel
{
    /// <summary>Rows of C per tile; packed A panels are Mr floats wide.</summary>
    static abstract int Mr { get; }

    /// <summary>Columns of C per tile; packed B panels are Nr floats wide.</summary>
    static abstract int Nr { get; }

    /// <summary>
    /// Runs <paramref name="kc"/> rank-1 updates over packed panels <paramref name="a"/> (kc x Mr, k-major)
    /// and <paramref name="b"/> (kc x Nr, k-major), then writes alpha*acc + beta*C to the full tile at
    /// <paramref name="c"/>. beta == 0 must not read C.
    /// </summary>
    static abstract void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta);
}
