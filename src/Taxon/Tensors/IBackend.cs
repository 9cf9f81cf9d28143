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

    /// <summary>
    /// Reduces bags of table rows: bag b is indices[starts[b]..starts[b+1]), entries equal to paddingIdx are skipped,
    /// sum rows are scaled by weights[i] when weights is not empty; empty bags give zeros. For max, argmax [bags, dim]
    /// receives the winning row of each element (−1 for empty bags). dst is [bags, dim], contiguous.
    /// </summary>
    void EmbeddingBag(ReadOnlySpan<float> table, int dim, ReadOnlySpan<int> indices, ReadOnlySpan<int> starts,
        ReadOnlySpan<float> weights, int paddingIdx, NN.EmbeddingBagMode mode, Span<float> dst, Span<int> argmax);

    /// <summary>Adds the gradient of <see cref="EmbeddingBag"/> w.r.t. the table into tableGrad (a scatter-add by row).</summary>
    void EmbeddingBagBackward(ReadOnlySpan<float> grad, int dim, ReadOnlySpan<int> indices, ReadOnlySpan<int> starts,
        ReadOnlySpan<float> weights, int paddingIdx, NN.EmbeddingBagMode mode, ReadOnlySpan<int> argmax, Span<float> tableGrad);

    /// <summary>
    /// One LSTM step for <paramref name="rows"/> rows: gates [rows, 4H] hold pre-activations (i, f, g, o) and are
    /// replaced by σ(i), σ(f), tanh(g), σ(o); c = f⊙cPrev + i⊙g (c may alias cPrev), tanhC = tanh(c), h = o⊙tanhC.
    /// </summary>
    void LstmCell(Span<float> gates, ReadOnlySpan<float> cPrev, Span<float> c, Span<float> tanhC, Span<float> h, int rows, int hidden);

    /// <summary>
    /// Backward of <see cref="LstmCell"/> from its saved activated gates, cPrev and tanhC: given dh and dc (the gradient
    /// reaching c from later steps), writes the pre-activation gradient dGates [rows, 4H] and replaces dc by dcPrev.
    /// </summary>
    void LstmCellBackward(ReadOnlySpan<float> gates, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> tanhC, ReadOnlySpan<float> dh,
        Span<float> dc, Span<float> dGates, int rows, int hidden);

    /// <summary>
    /// One GRU step (PyTorch's form): gx [rows, 3H] = x·W_ihᵀ + b_ih, gh [rows, 3H] = h·W_hhᵀ without bias, bhh [3H]
    /// (empty for none). r = σ(gx_r + gh_r + b_hr), z = σ(gx_z + gh_z + b_hz), n = tanh(gx_n + r⊙(gh_n + b_hn)),
    /// h ← (1 − z)⊙n + z⊙h in place; saves (r, z, n) in acts [rows, 3H] and gh_n + b_hn in ghn [rows, H].
    /// </summary>
    void GruCell(ReadOnlySpan<float> gx, ReadOnlySpan<float> gh, ReadOnlySpan<float> bhh, Span<float> h, Span<float> acts,
        Span<float> ghn, int rows, int hidden);

    /// <summary>
    /// Backward of <see cref="GruCell"/>: from the saved acts, ghn and hPrev and the gradient dh of the new state,
    /// writes the pre-activation gradients of the input part dGx [rows, 3H] and of the recurrent part dGh [rows, 3H],
    /// and the direct part of the previous state's gradient dhPrev = dh⊙z (the caller adds dGh·W_hh).
    /// </summary>
    void GruCellBackward(ReadOnlySpan<float> acts, ReadOnlySpan<float> ghn, ReadOnlySpan<float> hPrev, ReadOnlySpan<float> dh,
        Span<float> dGx, Span<float> dGh, Span<float> dhPrev, int rows, int hidden);

    /// <summary>out[i][j][k] = src[index[i][j][k]][j][k] along <paramref name="dim"/> (PyTorch gather); dst contiguous in index's shape.</summary>
    void Gather(TensorView src, int dim, IndexTensor index, Span<float> dst);

    /// <summary>dst[index[i][j][k]][j][k] += src[i][j][k] along <paramref name="dim"/> (PyTorch scatter_add_); dst contiguous.</summary>
    void ScatterAdd(Span<float> dst, int[] dstShape, int dim, IndexTensor index, TensorView src);

    /// <summary>Selects slices along <paramref name="dim"/> (PyTorch index_select); dst contiguous.</summary>
    void IndexSelect(TensorView src, int dim, ReadOnlySpan<int> index, Span<float> dst);

    /// <summary>Adds slices of src into dst along <paramref name="dim"/> at the given positions (the backward of index_select); dst contiguous.</summary>
    void IndexAdd(Span<float> dst, int[] dstShape, int dim, ReadOnlySpan<int> index, TensorView src);

    /// <summary>
    /// 2-D convolution (cross-correlation, PyTorch <c>conv2d</c>) of contiguous NCHW input with weight
    /// [O, C/groups, kh, kw]: output = W ⋆ input + bias; an empty <paramref name="bias"/> means none.
    /// </summary>
    void Conv2d(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output, in Conv2dGeometry geometry);

    /// <summary>
    /// The adjoint of <see cref="Conv2d"/> in its input, col2im(Wᵀ·gradOutput), plus <paramref name="bias"/> per
    /// input channel (empty for none): the convolution's input gradient and the transposed convolution's forward.
    /// </summary>
    void Conv2dBackwardInput(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> gradInput, in Conv2dGeometry geometry);

    /// <summary>
    /// gradWeight = Σₙ gradOutputₙ·im2col(inputₙ)ᵀ and gradBias = gradOutput summed over batch and positions;
    /// an empty destination is skipped.
    /// </summary>
    void Conv2dBackwardWeight(ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeight, Span<float> gradBias, in Conv2dGeometry geometry);

    /// <summary>Max over each window (NaN wins, the first maximum on ties) and its flat position in the input plane.</summary>
    void MaxPool2d(ReadOnlySpan<float> input, Span<float> output, Span<int> indices, in Pool2dGeometry geometry);

    /// <summary>gradInput = 0, then each output's gradient added at its recorded position.</summary>
    void MaxPool2dBackward(ReadOnlySpan<float> gradOutput, ReadOnlySpan<int> indices, Span<float> gradInput, in Pool2dGeometry geometry);

    /// <summary>Mean over each window; the divisor as PyTorch's <c>avg_pool2d</c> (divisorOverride ≤ 0 for none).</summary>
    void AvgPool2d(ReadOnlySpan<float> input, Span<float> output, in Pool2dGeometry geometry, bool countIncludePad, int divisorOverride);

    /// <summary>The adjoint of <see cref="AvgPool2d"/>.</summary>
    void AvgPool2dBackward(ReadOnlySpan<float> gradOutput, Span<float> gradInput, in Pool2dGeometry geometry, bool countIncludePad, int divisorOverride);

    /// <summary>Mean over adaptive windows [⌊i·H/oh⌋, ⌈(i+1)·H/oh⌉); only the plane sizes of the geometry are read.</summary>
    void AdaptiveAvgPool2d(ReadOnlySpan<float> input, Span<float> output, in Pool2dGeometry geometry);

    /// <summary>The adjoint of <see cref="AdaptiveAvgPool2d"/>.</summary>
    void AdaptiveAvgPool2dBackward(ReadOnlySpan<float> gradOutput, Span<float> gradInput, in Pool2dGeometry geometry);
}
