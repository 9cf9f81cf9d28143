namespace Taxon.Kernels;

/// <summary>Knobs of the managed GEMM: kernel family, cache blocking (BLIS MC/KC/NC) and threading cut-over.</summary>
/// <param name="Kernel">Micro-kernel family; <see cref="GemmKernelKind.Auto"/> (or one the CPU lacks) picks the best.</param>
/// <param name="BlockM">Rows of A packed per block (MC); rounded down to a multiple of the kernel's Mr.</param>
/// <param name="BlockK">Depth of each packed block (KC).</param>
/// <param name="BlockN">Columns of B packed per block (NC).</param>
/// <param name="ParallelThreshold">Calls with fewer multiply-adds (m*n*k) run on one thread.</param>
/// <param name="PackedBLimit">
/// Most floats of packed B held at once (K x NC); larger K is split into passes. 16 MiB stays L3-resident
/// on the target and bounds the buffer however large K is.
/// </param>
/// <param name="ThinLimit">Products with at most this many rows or columns of C skip packing (matrix-vector-like).</param>
/// <param name="WakeThreshold">
/// Calls with fewer multiply-adds use only helper threads that are still spinning from a recent call; larger ones
/// also wake sleeping helpers.
/// </param>
internal readonly record struct GemmTuning(
    GemmKernelKind Kernel, int BlockM, int BlockK, int BlockN, long ParallelThreshold, long PackedBLimit, int ThinLimit,
    long WakeThreshold)
{
    /// <summary>The settings <see cref="Gemm.Sgemm"/> uses, tuned on Zen 4/5 (L1d 32-48 KiB, L2 1 MiB).</summary>
    public static GemmTuning Default { get; } = new(GemmKernelKind.Auto, 288, 512, 4096, Gemm.DefaultParallelThreshold, 1L << 22, 4, 1L << 23);
}
