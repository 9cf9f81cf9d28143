using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>
/// 2-D convolution as im2col + GEMM, one image (and group) at a time: the column matrix of one image of the CNN
/// workload (288 x 196 floats) stays in L2 between im2col and the product, where one column matrix for the whole
/// batch would not (14 MB at batch 64), and the output comes out in NCHW order. Measured on that layer's forward
/// pass (batch 64, 2 threads, side by side): 3.4 ms this way against 3.6 ms for the one big threaded GEMM alone,
/// before its 1.2 ms im2col and the permutation of its [O, N·oh·ow] result. Threads take whole images with
/// single-threaded GEMMs; a batch too small to share runs its images in turn with threaded GEMMs.
/// </summary>
internal static unsafe class Conv2dKernel
{
    // Below this many multiply-adds a pass is too short to repay waking a helper thread.
    private const long ParallelThreshold = 1L << 17;

    /// <summary>y = W ⋆ x + bias (bias null for none).</summary>
    public static void Forward(float* x, float* w, float* bias, float* y, in Conv2dGeometry g, int threads)
    {
        int items = g.Batch * g.Groups;
        int gemmThreads = SplitThreads(items, g.MultiplyAdds, ref threads);
        var job = new ForwardJob
        {
            X = x, W = w, Bias = bias, Y = y, G = g, GemmThreads = gemmThreads,
            // y = W·col [og, plane] tiles poorly when og is not a multiple of the micro-kernel's rows or plane of its
            // columns (conv2 of the CNN: 64 x 196 fills 78% of its tiles, measured 47 µs per image), yᵀ = colᵀ·Wᵀ
            // [plane, og] may tile better (96%, 40 µs) but must then be transposed: a transposed element costs
            // about as much as 32 multiply-adds, so it pays only for deep products (kg = 288 there, 9 in conv1).
            Transposed = g.ColumnRows * ((1 / TileFill(g.GroupOutChannels, g.OutPlane)) - (1 / TileFill(g.OutPlane, g.GroupOutChannels))) > 32,
        };
        ParallelFor.Run(job, items, threads);
    }

    /// <summary>dx = col2im(Wᵀ·dy) + bias per input channel (bias null for none).</summary>
    public static void BackwardInput(float* dy, float* w, float* bias, float* dx, in Conv2dGeometry g, int threads)
    {
        int items = g.Batch * g.Groups;
        int gemmThreads = SplitThreads(items, g.MultiplyAdds, ref threads);
        var job = new BackwardInputJob { DY = dy, W = w, Bias = bias, DX = dx, G = g, GemmThreads = gemmThreads };
        ParallelFor.Run(job, items, threads);
    }

    /// <summary>dW = Σₙ dyₙ·im2col(xₙ)ᵀ and db = Σ dy over batch and positions; a null destination is skipped.</summary>
    public static void BackwardWeight(float* x, float* dy, float* dw, float* db, in Conv2dGeometry g, int threads)
    {
        int og = g.GroupOutChannels, kg = g.ColumnRows;
        int weightSize = g.OutChannels * kg;
        if (g.Batch == 0)
        {
            Clear(dw, dw == null ? 0 : weightSize);
            Clear(db, db == null ? 0 : g.OutChannels);
            return;
        }

        // Each chunk of images accumulates into its own partial sums, added up at the end: threads never share
        // a destination, and several chunks per thread let a fast thread take over from a descheduled one.
        int gemmThreads = SplitThreads(g.Batch, g.MultiplyAdds, ref threads);
        int chunks = threads > 1 ? Math.Min(g.Batch, 4 * threads) : 1;
        int partialSize = weightSize + g.OutChannels;
        float[] partials = ArrayPool<float>.Shared.Rent(chunks * partialSize);
        try
        {
            fixed (float* p = partials)
            {
                var job = new BackwardWeightJob
                {
                    X = x, DY = dy, ComputeWeight = dw != null, ComputeBias = db != null, G = g,
                    GemmThreads = gemmThreads, Chunks = chunks, Partials = p, PartialSize = partialSize,
                    // dW [og, kg] or dWᵀ = col·dyᵀ [kg, og], whichever fills more of the micro-kernel's tiles: conv1's
                    // 32 x 9 wastes 23 of every 32 columns, conv2's 64 x 288 a tenth of its rows (measured 42 µs vs 35 µs
                    // per image for the latter, transposed).
                    Transposed = TileFill(kg, og) > TileFill(og, kg),
                };
                ParallelFor.Run(job, chunks, threads);
                if (dw != null)
                {
                    ReduceWeight(p, chunks, partialSize, job.Transposed, g, dw);
                }
                if (db != null)
                {
                    var bias = new Span<float>(db, g.OutChannels);
                    new ReadOnlySpan<float>(p + weightSize, g.OutChannels).CopyTo(bias);
                    for (int c = 1; c < chunks; c++)
                    {
                        TensorPrimitives.Add(bias, new ReadOnlySpan<float>(p + (c * partialSize) + weightSize, g.OutChannels), bias);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(partials);
        }
    }

    /// <summary>
    /// Threads across items when there are enough to share evenly (returns 1 thread per GEMM), otherwise items in
    /// turn on the calling thread (returns the GEMM's thread count and sets <paramref name="threads"/> to 1).
    /// </summary>
    private static int SplitThreads(int items, long multiplyAdds, ref int threads)
    {
        if (multiplyAdds < ParallelThreshold)
        {
            threads = 1;
            return 1;
        }
        bool perItem = threads > 1 && (items >= 2 * threads || (items >= threads && items % threads == 0));
        if (perItem)
        {
            return 1;
        }
        int gemmThreads = threads;
        threads = 1;
        return gemmThreads;
    }

    private static void ReduceWeight(float* partials, int chunks, int partialSize, bool transposed, in Conv2dGeometry g, float* dw)
    {
        int og = g.GroupOutChannels, kg = g.ColumnRows, weightSize = g.OutChannels * kg;
        var total = new Span<float>(dw, weightSize);
        if (!transposed)
        {
            new ReadOnlySpan<float>(partials, weightSize).CopyTo(total);
            for (int c = 1; c < chunks; c++)
            {
                TensorPrimitives.Add(total, new ReadOnlySpan<float>(partials + (c * partialSize), weightSize), total);
            }
            return;
        }
        total.Clear();
        for (int c = 0; c < chunks; c++)
        {
            float* part = partials + (c * partialSize);
            for (int gi = 0; gi < g.Groups; gi++)
            {
                float* src = part + (gi * og * kg), dst = dw + (gi * og * kg);
                for (int k = 0; k < kg; k++)
                {
                    for (int o = 0; o < og; o++)
                    {
                        dst[(o * kg) + k] += src[(k * og) + o];
                    }
                }
            }
        }
    }

    /// <summary>The fraction of the micro-kernel's Mr x Nr tiles that an m x n product C fills.</summary>
    private static double TileFill(int m, int n)
    {
        var (mr, nr) = Kernels.Gemm.BestKernel switch
        {
            GemmKernelKind.Vector512 => (GemmKernelAvx512.Mr, GemmKernelAvx512.Nr),
            GemmKernelKind.Vector256 => (GemmKernelAvx2.Mr, GemmKernelAvx2.Nr),
            _ => (GemmKernelScalar.Mr, GemmKernelScalar.Nr),
        };
        return (double)m * n / ((long)((m + mr - 1) / mr * mr) * ((n + nr - 1) / nr * nr));
    }

    private static void Clear(float* p, int count) => new Span<float>(p, count).Clear();

    /// <summary>Σ row[i]; inlined because TensorPrimitives.Sum costs about 100 ns a call on rows this short.</summary>
    private static float RowSum(float* row, int count)
    {
        int i = 0;
        float sum = 0f;
        if (Vector512.IsHardwareAccelerated && count >= 16)
        {
            Vector512<float> acc = Vector512<float>.Zero;
            for (; i + 16 <= count; i += 16)
            {
                acc += Vector512.Load(row + i);
            }
            sum = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated && count >= 8)
        {
            Vector256<float> acc = Vector256<float>.Zero;
            for (; i + 8 <= count; i += 8)
            {
                acc += Vector256.Load(row + i);
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < count; i++)
        {
            sum += row[i];
        }
        return sum;
    }

    private static void Gemm(bool transA, bool transB, int m, int n, int k, float* a, int lda, float* b, int ldb,
        float beta, float* c, int ldc, int threads)
    {
        int aLength = transA ? ((k - 1) * lda) + m : ((m - 1) * lda) + k;
        int bLength = transB ? ((n - 1) * ldb) + k : ((k - 1) * ldb) + n;
        Kernels.Gemm.Sgemm(transA, transB, m, n, k, 1f,
            new ReadOnlySpan<float>(a, Math.Max(aLength, 0)), lda,
            new ReadOnlySpan<float>(b, Math.Max(bLength, 0)), ldb,
            beta, new Span<float>(c, Math.Max(((m - 1) * ldc) + n, 0)), ldc, threads);
    }

    private struct ForwardJob : IParallelJob
    {
        public float* X, W, Bias, Y;
        public Conv2dGeometry G;
        public int GemmThreads;
        public bool Transposed;

        public readonly void Run(int item)
        {
            int n = item / G.Groups, gi = item % G.Groups;
            int cg = G.GroupInChannels, og = G.GroupOutChannels, kg = G.ColumnRows, plane = G.OutPlane;
            float* x = X + ((((nint)n * G.InChannels) + (gi * cg)) * G.InPlane);
            float* y = Y + ((((nint)n * G.OutChannels) + (gi * og)) * plane);
            float* w = W + ((nint)gi * og * kg);
            float* bias = Bias == null ? null : Bias + (gi * og);
            if (plane == 0 || og == 0)
            {
                return;
            }
            if (kg == 0)
            {
                for (int o = 0; o < og; o++)
                {
                    new Span<float>(y + ((nint)o * plane), plane).Fill(bias == null ? 0f : bias[o]);
                }
                return;
            }
            bool pointwise = G.IsPointwise;
            int scratch = (pointwise ? 0 : kg * plane) + (Transposed ? og * plane : 0);
            float[]? buffer = scratch > 0 ? ArrayPool<float>.Shared.Rent(scratch) : null;
            try
            {
                fixed (float* p = buffer)
                {
                    float* col = x;
                    if (!pointwise)
                    {
                        col = p;
                        Im2Col.Pack(x, cg, G, col);
                    }
                    if (Transposed)
                    {
                        // yᵀ = colᵀ·Wᵀ [plane, og], then transposed into y with the bias.
                        float* yt = p + (pointwise ? 0 : kg * plane);
                        Gemm(true, true, plane, og, kg, col, plane, w, kg, 0f, yt, og, GemmThreads);
                        Transpose.WithRowBias(yt, plane, og, y, bias);
                        return;
                    }
                    float beta = 0f;
                    if (bias != null)
                    {
                        for (int o = 0; o < og; o++)
                        {
                            new Span<float>(y + ((nint)o * plane), plane).Fill(bias[o]);
                        }
                        beta = 1f;
                    }
                    Gemm(false, false, og, plane, kg, w, kg, col, plane, beta, y, plane, GemmThreads);
                }
            }
            finally
            {
                if (buffer is not null)
                {
                    ArrayPool<float>.Shared.Return(buffer);
                }
            }
        }
    }

    private struct BackwardInputJob : IParallelJob
    {
        public float* DY, W, Bias, DX;
        public Conv2dGeometry G;
        public int GemmThreads;

        public readonly void Run(int item)
        {
            int n = item / G.Groups, gi = item % G.Groups;
            int cg = G.GroupInChannels, og = G.GroupOutChannels, kg = G.ColumnRows, plane = G.OutPlane, inPlane = G.InPlane;
            float* dy = DY + ((((nint)n * G.OutChannels) + (gi * og)) * plane);
            float* dx = DX + ((((nint)n * G.InChannels) + (gi * cg)) * inPlane);
            float* w = W + ((nint)gi * og * kg);
            for (int c = 0; c < cg; c++)
            {
                new Span<float>(dx + ((nint)c * inPlane), inPlane).Fill(Bias == null ? 0f : Bias[(gi * cg) + c]);
            }
            if (plane == 0 || kg == 0)
            {
                return;
            }
            if (G.IsPointwise)
            {
                Gemm(true, false, kg, plane, og, w, kg, dy, plane, 1f, dx, plane, GemmThreads);
                return;
            }
            float[] buffer = ArrayPool<float>.Shared.Rent(kg * plane);
            try
            {
                fixed (float* col = buffer)
                {
                    Gemm(true, false, kg, plane, og, w, kg, dy, plane, 0f, col, plane, GemmThreads);
                    Col2Im.Accumulate(col, cg, G, dx);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        }
    }

    private struct BackwardWeightJob : IParallelJob
    {
        public float* X, DY, Partials;
        public bool ComputeWeight, ComputeBias, Transposed;
        public Conv2dGeometry G;
        public int GemmThreads, Chunks, PartialSize;

        public readonly void Run(int item)
        {
            int start = (int)((long)G.Batch * item / Chunks), end = (int)((long)G.Batch * (item + 1) / Chunks);
            int cg = G.GroupInChannels, og = G.GroupOutChannels, kg = G.ColumnRows, plane = G.OutPlane;
            float* dw = Partials + ((nint)item * PartialSize);
            float* db = dw + ((nint)G.OutChannels * kg);
            Clear(dw, PartialSize);
            if (plane == 0)
            {
                return;
            }
            float[]? buffer = ComputeWeight && !G.IsPointwise && kg > 0 ? ArrayPool<float>.Shared.Rent(kg * plane) : null;
            try
            {
                fixed (float* scratch = buffer)
                {
                    for (int n = start; n < end; n++)
                    {
                        for (int gi = 0; gi < G.Groups; gi++)
                        {
                            float* dy = DY + ((((nint)n * G.OutChannels) + (gi * og)) * plane);
                            if (ComputeBias)
                            {
                                for (int o = 0; o < og; o++)
                                {
                                    db[(gi * og) + o] += RowSum(dy + ((nint)o * plane), plane);
                                }
                            }
                            if (!ComputeWeight || kg == 0 || og == 0)
                            {
                                continue;
                            }
                            float* x = X + ((((nint)n * G.InChannels) + (gi * cg)) * G.InPlane);
                            float* col = x;
                            if (!G.IsPointwise)
                            {
                                col = scratch;
                                Im2Col.Pack(x, cg, G, col);
                            }
                            float* part = dw + ((nint)gi * og * kg);
                            if (Transposed)
                            {
                                Gemm(false, true, kg, og, plane, col, plane, dy, plane, 1f, part, og, GemmThreads);
                            }
                            else
                            {
                                Gemm(false, true, og, kg, plane, dy, plane, col, plane, 1f, part, kg, GemmThreads);
                            }
                        }
                    }
                }
            }
            finally
            {
                if (buffer is not null)
                {
                    ArrayPool<float>.Shared.Return(buffer);
                }
            }
        }
    }
}
