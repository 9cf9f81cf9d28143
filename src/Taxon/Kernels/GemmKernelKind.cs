namespace Taxon.Kernels;

/// <summary>Which managed micro-kernel family <see cref="Gemm"/> runs; tests force each one.</summary>
internal enum GemmKernelKind
{
    /// <summary>The fastest the hardware supports.</summary>
    Auto = 0,

    /// <summary>AVX-512 FMA kernel.</summary>
    Vector512 = 1,

    /// <summary>AVX2 FMA kernel.</summary>
    Vector256 = 2,

    /// <summary>Portable scalar kernel.</summary>
    Scalar = 3,
}
