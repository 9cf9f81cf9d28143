namespace Taxon.Kernels;

/// <summary>
/// Adaptive 2-D average pooling (PyTorch: <c>adaptive_avg_pool2d</c>): output cell i of oh covers input rows
/// [⌊i·H/oh⌋, ⌈(i+1)·H/oh⌉), so windows overlap by a row when H is not a multiple of oh, and likewise for columns.
/// </summary>
internal static unsafe class AdaptiveAvgPool2dKernel
{
    /// <summary>y = mean over each adaptive window.</summary>
    public static void Forward(float* x, float* y, in Pool2dGeometry g, int threads)
    {
        var job = new Job { Source = x, Target = y, G = g };
        job.Chunks = PoolChunks.Count(g.Planes, (long)g.Planes * Math.Max(g.InPlane, g.OutPlane), threads);
        ParallelFor.Run(job, job.Chunks, threads);
    }

    /// <summary>dx = 0, then dy / window size added over each window.</summary>
    public static void Backward(float* dy, float* dx, in Pool2dGeometry g, int threads)
    {
        var job = new Job { Source = dy, Target = dx, G = g, Backward = true };
        job.Chunks = PoolChunks.Count(g.Planes, (long)g.Planes * Math.Max(g.InPlane, g.OutPlane), threads);
        ParallelFor.Run(job, job.Chunks, threads);
    }

    /// <summary>The first input index of output cell <paramref name="o"/>: ⌊o·size/outSize⌋.</summary>
    public static int Start(int o, int size, int outSize) => (int)((long)o * size / outSize);

    /// <summary>One past the last input index of output cell <paramref name="o"/>: ⌈(o+1)·size/outSize⌉.</summary>
    public static int End(int o, int size, int outSize) => (int)((((long)(o + 1) * size) + outSize - 1) / outSize);

    private struct Job : IParallelJob
    {
        public float* Source, Target;
        public Pool2dGeometry G;
        public bool Backward;
        public int Chunks;

        public readonly void Run(int item)
        {
            var (start, end) = PoolChunks.Range(G.Planes, item, Chunks);
            int h = G.InHeight, w = G.InWidth, oh = G.OutHeight, ow = G.OutWidth;
            for (int p = start; p < end; p++)
            {
                float* x = (Backward ? Target : Source) + ((nint)p * G.InPlane);
                float* y = (Backward ? Source : Target) + ((nint)p * G.OutPlane);
                if (Backward)
                {
                    new Span<float>(x, G.InPlane).Clear();
                }
                for (int oy = 0; oy < oh; oy++)
                {
                    int y0 = Start(oy, h, oh), y1 = End(oy, h, oh);
                    for (int ox = 0; ox < ow; ox++)
                    {
                        int x0 = Start(ox, w, ow), x1 = End(ox, w, ow);
                        // Divided by the height, then the width, as PyTorch does (the rounding can differ from one division).
                        int rows = y1 - y0, cols = x1 - x0;
                        if (Backward)
                        {
                            float share = y[(oy * ow) + ox] / rows / cols;
                            for (int iy = y0; iy < y1; iy++)
                            {
                                float* row = x + (iy * w);
                                for (int ix = x0; ix < x1; ix++)
                                {
                                    row[ix] += share;
                                }
                            }
                        }
                        else
                        {
                            float sum = 0f;
                            for (int iy = y0; iy < y1; iy++)
                            {
                                float* row = x + (iy * w);
                                for (int ix = x0; ix < x1; ix++)
                                {
                                    sum += row[ix];
                                }
                            }
                            y[(oy * ow) + ox] = sum / rows / cols;
                        }
                    }
                }
            }
        }
    }
}
