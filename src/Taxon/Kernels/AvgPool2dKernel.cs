namespace Taxon.Kernels;

/// <summary>
/// 2-D average pooling (PyTorch: <c>avg_pool2d</c>) with PyTorch's divisor: the window clipped to the padded
/// input when padding counts (<c>count_include_pad</c>), the window clipped to the input otherwise, or a fixed
/// <c>divisor_override</c>; a window entirely in the padding (possible with ceil_mode) yields 0.
/// </summary>
internal static unsafe class AvgPool2dKernel
{
    /// <summary>y = Σ window / divisor.</summary>
    public static void Forward(float* x, float* y, in Pool2dGeometry g, bool countIncludePad, int divisorOverride, int threads)
    {
        var job = new Job { Source = x, Target = y, G = g, CountIncludePad = countIncludePad, DivisorOverride = divisorOverride };
        job.Chunks = PoolChunks.Count(g.Planes, (long)g.Planes * g.OutPlane * g.KernelHeight * g.KernelWidth, threads);
        ParallelFor.Run(job, job.Chunks, threads);
    }

    /// <summary>dx = 0, then dy / divisor added over each window.</summary>
    public static void Backward(float* dy, float* dx, in Pool2dGeometry g, bool countIncludePad, int divisorOverride, int threads)
    {
        var job = new Job { Source = dy, Target = dx, G = g, CountIncludePad = countIncludePad, DivisorOverride = divisorOverride, Backward = true };
        job.Chunks = PoolChunks.Count(g.Planes, (long)g.Planes * g.OutPlane * g.KernelHeight * g.KernelWidth, threads);
        ParallelFor.Run(job, job.Chunks, threads);
    }

    private struct Job : IParallelJob
    {
        public float* Source, Target;
        public Pool2dGeometry G;
        public bool CountIncludePad, Backward;
        public int DivisorOverride, Chunks;

        public readonly void Run(int item)
        {
            var (start, end) = PoolChunks.Range(G.Planes, item, Chunks);
            int h = G.InHeight, w = G.InWidth, ow = G.OutWidth;
            for (int p = start; p < end; p++)
            {
                float* x = (Backward ? Target : Source) + ((nint)p * G.InPlane);
                float* y = (Backward ? Source : Target) + ((nint)p * G.OutPlane);
                if (Backward)
                {
                    new Span<float>(x, G.InPlane).Clear();
                }
                for (int oy = 0; oy < G.OutHeight; oy++)
                {
                    int y0 = (oy * G.StrideHeight) - G.PadHeight;
                    int y1 = Math.Min(y0 + G.KernelHeight, h + G.PadHeight);
                    int padRows = y1 - y0;
                    y0 = Math.Max(y0, 0);
                    y1 = Math.Min(y1, h);
                    for (int ox = 0; ox < ow; ox++)
                    {
                        int x0 = (ox * G.StrideWidth) - G.PadWidth;
                        int x1 = Math.Min(x0 + G.KernelWidth, w + G.PadWidth);
                        int padded = padRows * (x1 - x0);
                        x0 = Math.Max(x0, 0);
                        x1 = Math.Min(x1, w);
                        if (y0 >= y1 || x0 >= x1)
                        {
                            if (!Backward)
                            {
                                y[(oy * ow) + ox] = 0f;
                            }
                            continue;
                        }
                        int divisor = DivisorOverride > 0 ? DivisorOverride : CountIncludePad ? padded : (y1 - y0) * (x1 - x0);
                        if (Backward)
                        {
                            float share = y[(oy * ow) + ox] / divisor;
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
                            y[(oy * ow) + ox] = sum / divisor;
                        }
                    }
                }
            }
        }
    }
}
