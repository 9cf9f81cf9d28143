namespace Taxon;

/// <summary>
/// The seam between tensors and the code that computes on their elements. Tensors never call SIMD code
/// directly; everything goes through this interface, so a GPU backend can be added without touching autograd
/// or modules. Destinations are contiguous row-major spans unless stated otherwise.
/// </summary>
internal partial interface IBackend
{
    /// <summary>dst[...] = src[...] for two views of one shape (src may broadcast); dst may be strided.</summary>
    void Copy(TensorView src, TensorView dst);

    /// <summary>Copies a strided view into a contiguous span.</summary>
    void Copy(TensorView src, Span<float> dst);

    /// <summary>Sets every element of a contiguous span.</summary>
    void Fill(Span<float> dst, float value);

    /// <summary>dst = op(x) for a view x, with parameters p0, p1.</summary>
    void Unary(UnaryOp op, TensorView x, Span<float> dst, float p0 = 0, float p1 = 0);

    /// <summary>dst = op(x, y) for two views already broadcast to dst's shape.</summary>
    void Binary(BinaryOp op, TensorView x, TensorView y, Span<float> dst, float p0 = 0, float p1 = 0);

    /// <summary>dst = cond != 0 ? x : y for three views broadcast to one shape.</summary>
    void Where(TensorView cond, TensorView x, TensorView y, Span<float> dst);

    /// <summary>Reduces each of <paramref name="rows"/> contiguous rows of length <paramref name="cols"/> to one value.</summary>
    void ReduceRows(ReduceOp op, ReadOnlySpan<float> src, int rows, int cols, Span<float> dst);

    /// <summary>Sums a contiguous [outer, reduce, inner] block over its middle dimension into [outer, inner].</summary>
    void SumMiddle(ReadOnlySpan<float> src, int outer, int reduce, int inner, Span<float> dst);

    /// <summary>Index and value of the max (or min) of each row; the first one on ties, NaN wins.</summary>
    void ArgReduceRows(bool max, ReadOnlySpan<float> src, int rows, int cols, Span<float> values, Span<int> indices);

    /// <summary>Softmax (or log-softmax) of each contiguous row.</summary>
    void SoftmaxRows(ReadOnlySpan<float> src, int rows, int cols, Span<float> dst, bool log);

    /// <summary>Gradient of softmax (or log-softmax) rows given output y and upstream gradient g.</summary>
    void SoftmaxRowsBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, int rows, int cols, Span<float> dst, bool log);

    /// <summary>Row-major C = alpha·op(A)·op(B) + beta·C (BLAS sgemm).</summary>
    void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc);

    /// <summary>out[i][j][k] = src[index[i][j][k]][j][k] along <paramref name="dim"/> (PyTorch gather); dst contiguous in index's shape.</summary>
    void Gather(TensorView src, int dim, IndexTensor index, Span<float> dst);

    /// <summary>dst[index[i][j][k]][j][k] += src[i][j][k] along <paramref name="dim"/> (PyTorch scatter_add_); dst contiguous.</summary>
    void ScatterAdd(Span<float> dst, int[] dstShape, int dim, IndexTensor index, TensorView src);

    /// <summary>Selects slices along <paramref name="dim"/> (PyTorch index_select); dst contiguous.</summary>
    void IndexSelect(TensorView src, int dim, ReadOnlySpan<int> index, Span<float> dst);

    /// <summary>Adds slices of src into dst along <paramref name="dim"/> at the given positions (the backward of index_select); dst contiguous.</summary>
    void IndexAdd(Span<float> dst, int[] dstShape, int dim, ReadOnlySpan<int> index, TensorView src);
}
