using System.Buffers;
using System.Runtime.CompilerServices;

namespace Taxon.Kernels;

public static partial class Gemm
{
    /// <summary>One pass of a blocked GEMM call, shared read-only by the worker threads.</summary>
    private unsafe struct BlockedJob
    {
        public bool TransA, TransB;
        public int M, K;
        public float Alpha, Beta;
        public float* A, B, C;
        public nint Lda, Ldb, Ldc;

        // Current NC chunk: columns [Jc, Jc+Nc) of C, packed B for all of K (padded to Nr).
        public int Jc, Nc, NcPadded;
        public float* PackedB;

        // Blocking read once per call: MC (a multiple of Mr) and KC.
        public int Mc, Kc;
    }

    /// <summary>
    /// The BLIS loop nest for one micro-kernel: B is packed once per NC-column chunk (for all of K, up to
    /// <see cref="GemmTuning.PackedBLimit"/> floats, beyond which K is split into passes with beta = 1), then
    /// threads pack their own MC x KC blocks of A and sweep the packed B with the micro-kernel.
    /// </summary>
    private static unsafe void Blocked<TKernel>(
        bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc, int threads, GemmTuning tuning)
        where TKernel : struct, IGemmMicroKernel
    {
        int nr = TKernel.Nr;
        int kc = Math.Max(1, tuning.BlockK);
        int nc = Math.Min(RoundUp(n, nr), Math.Max(nr, tuning.BlockN / nr * nr));
        int kPass = (int)Math.Min(k, Math.Max(kc, tuning.PackedBLimit / nc / kc * kc));
        float[] bBuffer = ArrayPool<float>.Shared.Rent((int)(((long)kPass * nc) + 16));
        try
        {
            fixed (float* bBase = bBuffer)
            {
                var job = new BlockedJob
                {
                    TransA = transA, TransB = transB, M = m, Alpha = alpha,
                    Lda = lda, Ldb = ldb, C = c, Ldc = ldc,
                    PackedB = Align64(bBase),
                    Mc = Math.Max(TKernel.Mr, tuning.BlockM / TKernel.Mr * TKernel.Mr),
                    Kc = kc,
                };

                int mrBlocks = (m + TKernel.Mr - 1) / TKernel.Mr;
                threads = Math.Min(threads, Environment.ProcessorCount);
                for (int k0 = 0; k0 < k; k0 += kPass)
                {
                    // Later passes accumulate onto what the first one wrote.
                    job.K = Math.Min(kPass, k - k0);
                    job.Beta = k0 == 0 ? beta : 1f;
                    job.A = a + (transA ? k0 * lda : k0);
                    job.B = b + (transB ? k0 : k0 * ldb);
                    for (int jc = 0; jc < n; jc += nc)
                    {
                        job.Jc = jc;
                        job.Nc = Math.Min(nc, n - jc);
                        job.NcPadded = RoundUp(job.Nc, nr);
                        int panels = job.NcPadded / nr;
                        (int threadRows, int threadCols) = SplitThreads(threads, mrBlocks, panels);
                        if (threadRows * threadCols == 1)
                        {
                            PackBRange<TKernel>(in job, 0, panels);
                            ComputeTile<TKernel>(in job, 0, m, 0, job.Nc);
                        }
                        else
                        {
                            var batch = new BlockedBatch<TKernel>(job, threadRows, threadCols, mrBlocks, panels);
                            GemmThreadTeam.Run(batch, (threadRows * threadCols) - 1, (long)m * n * k >= tuning.WakeThreshold);
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(bBuffer);
        }
    }

    /// <summary>
    /// One NC chunk split into work items: first the packing of B in column ranges, then C in rectangles
    /// (each thread's share of rows cut into a few items so a late helper can be covered by the others).
    /// </summary>
    private sealed class BlockedBatch<TKernel> : GemmWorkItems
        where TKernel : struct, IGemmMicroKernel
    {
        private readonly BlockedJob _job;
        private readonly int _packItems, _rowItems, _colItems, _mrBlocks, _panels;
        private int _packed;

        public BlockedBatch(BlockedJob job, int threadRows, int threadCols, int mrBlocks, int panels)
        {
            _job = job;
            _mrBlocks = mrBlocks;
            _panels = panels;
            _packItems = Math.Min(panels, threadRows * threadCols);
            _rowItems = threadRows * Math.Clamp(mrBlocks / threadRows / 8, 1, 2);
            _colItems = threadCols;
            Count = _packItems + (_rowItems * _colItems);
        }

        protected override void Execute(int item)
        {
            int nr = TKernel.Nr, mr = TKernel.Mr;
            if (item < _packItems)
            {
                PackBRange<TKernel>(in _job, Share(_panels, item, _packItems), Share(_panels, item + 1, _packItems));
                Interlocked.Increment(ref _packed);
                return;
            }

            // Packing items were all claimed before this one, by threads that are running them.
            var spinner = default(SpinWait);
            while (Volatile.Read(ref _packed) < _packItems)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }

            item -= _packItems;
            int row = item / _colItems, col = item % _colItems;
            int r0 = Math.Min(_job.M, Share(_mrBlocks, row, _rowItems) * mr);
            int r1 = Math.Min(_job.M, Share(_mrBlocks, row + 1, _rowItems) * mr);
            int c0 = Math.Min(_job.Nc, Share(_panels, col, _colItems) * nr);
            int c1 = Math.Min(_job.Nc, Share(_panels, col + 1, _colItems) * nr);
            if (r0 < r1 && c0 < c1)
            {
                ComputeTile<TKernel>(in _job, r0, r1, c0, c1);
            }
        }

        private static int Share(int total, int part, int parts) => (int)((long)total * part / parts);
    }

    /// <summary>
    /// Picks a rows x cols grid of t threads minimising the busiest thread's work. Splitting rows is
    /// preferred: threads sharing rows each pack the same A block, costing about 32 columns of FMAs per row.
    /// </summary>
    private static (int Rows, int Cols) SplitThreads(int t, int rowBlocks, int colBlocks)
    {
        (int Rows, int Cols) best = (1, 1);
        long bestScore = long.MaxValue;
        for (int rows = 1; rows <= t; rows++)
        {
            int cols = t / rows;
            if (rows * cols != t || rows > rowBlocks || cols > colBlocks)
            {
                continue;
            }

            long rowsPerThread = (rowBlocks + rows - 1) / rows;
            long colsPerThread = (colBlocks + cols - 1) / cols;
            long score = rowsPerThread * (colsPerThread + 1);
            if (score < bestScore)
            {
                bestScore = score;
                best = (rows, cols);
            }
        }

        return best;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackBRange<TKernel>(in BlockedJob job, int panel0, int panel1)
        where TKernel : struct, IGemmMicroKernel
    {
        int nr = TKernel.Nr;
        if (panel0 >= panel1)
        {
            return;
        }

        int j0 = panel0 * nr;
        int cols = Math.Min(job.Nc, panel1 * nr) - j0;
        for (int pc = 0; pc < job.K; pc += job.Kc)
        {
            int kc = Math.Min(job.Kc, job.K - pc);
            float* dst = job.PackedB + ((nint)pc * job.NcPadded) + ((nint)j0 * kc);
            GemmPacking.PackB<TKernel>(job.TransB, job.B, job.Ldb, pc, kc, job.Jc + j0, cols, dst);
        }
    }

    /// <summary>Computes C rows [r0, r1) x chunk columns [c0, c1) (c0 a multiple of Nr) on this thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ComputeTile<TKernel>(in BlockedJob job, int r0, int r1, int c0, int c1)
        where TKernel : struct, IGemmMicroKernel
    {
        int mr = TKernel.Mr, nr = TKernel.Nr;
        int mcMax = job.Mc;
        int kcMax = Math.Min(job.Kc, job.K);
        float[] aBuffer = ArrayPool<float>.Shared.Rent((mcMax * kcMax) + 16);
        float* edge = stackalloc float[mr * nr];
        try
        {
            fixed (float* aBase = aBuffer)
            {
                float* packedA = Align64(aBase);
                for (int ic = r0; ic < r1; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, r1 - ic);
                    for (int pc = 0; pc < job.K; pc += job.Kc)
                    {
                        int kc = Math.Min(job.Kc, job.K - pc);
                        float beta = pc == 0 ? job.Beta : 1f;
                        GemmPacking.PackA<TKernel>(job.TransA, job.A, job.Lda, ic, mc, pc, kc, packedA);
                        float* packedB = job.PackedB + ((nint)pc * job.NcPadded);
                        for (int jr = c0; jr < c1; jr += nr)
                        {
                            int cols = Math.Min(nr, c1 - jr);
                            float* bp = packedB + ((nint)jr * kc);
                            float* cCol = job.C + job.Jc + jr;
                            for (int ir = 0; ir < mc; ir += mr)
                            {
                                int rows = Math.Min(mr, mc - ir);
                                float* ap = packedA + ((nint)ir * kc);
                                float* cp = cCol + ((nint)(ic + ir) * job.Ldc);
                                if (rows == mr && cols == nr)
                                {
                                    TKernel.Run(kc, ap, bp, cp, job.Ldc, job.Alpha, beta);
                                }
                                else
                                {
                                    TKernel.Run(kc, ap, bp, edge, nr, job.Alpha, 0f);
                                    MergeEdge(edge, nr, cp, job.Ldc, rows, cols, beta);
                                }
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(aBuffer);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MergeEdge(float* tile, int tileLd, float* c, nint ldc, int rows, int cols, float beta)
    {
        for (int r = 0; r < rows; r++)
        {
            float* t = tile + ((nint)r * tileLd);
            float* cr = c + (r * ldc);
            if (beta == 0f)
            {
                new ReadOnlySpan<float>(t, cols).CopyTo(new Span<float>(cr, cols));
            }
            else
            {
                for (int j = 0; j < cols; j++)
                {
                    cr[j] = t[j] + (beta * cr[j]);
                }
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private static unsafe float* Align64(float* p) => (float*)(((nint)p + 63) & ~(nint)63);
}
