namespace Taxon;

/// <summary>
/// The sizes of one 2-D convolution y = W ⋆ x as the backend sees it: input [N, C, H, W], weight
/// [O, C/groups, kh, kw], output [N, O, oh, ow], all contiguous. A transposed convolution is described by the
/// convolution it is the adjoint of (its output is this geometry's input).
/// </summary>
internal readonly record struct Conv2dGeometry(
    int Batch, int InChannels, int InHeight, int InWidth,
    int OutChannels, int OutHeight, int OutWidth,
    int KernelHeight, int KernelWidth, int StrideHeight, int StrideWidth,
    int PadHeight, int PadWidth, int DilationHeight, int DilationWidth, int Groups)
{
    /// <summary>Input channels per group.</summary>
    public int GroupInChannels => InChannels / Groups;

    /// <summary>Output channels per group.</summary>
    public int GroupOutChannels => OutChannels / Groups;

    /// <summary>Rows of one group's column matrix: (C/groups)·kh·kw, the GEMM depth of the forward product.</summary>
    public int ColumnRows => GroupInChannels * KernelHeight * KernelWidth;

    /// <summary>Output positions per image, oh·ow: the columns of the column matrix.</summary>
    public int OutPlane => OutHeight * OutWidth;

    /// <summary>Input positions per image, H·W.</summary>
    public int InPlane => InHeight * InWidth;

    /// <summary>Whether the column matrix is the input itself (1x1 kernel, stride 1, no padding), so im2col can be skipped.</summary>
    public bool IsPointwise =>
        KernelHeight == 1 && KernelWidth == 1 && StrideHeight == 1 && StrideWidth == 1 && PadHeight == 0 && PadWidth == 0;

    /// <summary>Multiply-adds of the forward product, to decide on threading.</summary>
    public long MultiplyAdds => (long)Batch * OutChannels * OutPlane * ColumnRows;
}
