namespace Taxon;

/// <summary>
/// The sizes of one 2-D pooling as the backend sees it: <see cref="Planes"/> = N·C independent contiguous planes of
/// H x W input and oh x ow output. Windows start at o·stride − pad and take every dilation-th element.
/// </summary>
internal readonly record struct Pool2dGeometry(
    int Planes, int InHeight, int InWidth, int OutHeight, int OutWidth,
    int KernelHeight, int KernelWidth, int StrideHeight, int StrideWidth,
    int PadHeight, int PadWidth, int DilationHeight, int DilationWidth)
{
    /// <summary>Input elements per plane.</summary>
    public int InPlane => InHeight * InWidth;

    /// <summary>Output elements per plane.</summary>
    public int OutPlane => OutHeight * OutWidth;
}
