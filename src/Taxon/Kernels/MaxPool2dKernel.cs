using System.Runtime.CompilerServices;

namespace Taxon.Kernels;

/// <summary>
/// 2-D max pooling with the argmax of each window (PyTorch: <c>max_pool2d_with_indices</c>): windows are scanned
/// row by row and a later element wins when it is greater or NaN, so ties go to the first maximum and NaN
/// propagates, exactly as PyTorch's CPU kernel. The backward pass routes each gradient to its argmax.
/// </summary>
internal static unsafe class MaxPool2dKernel
{
    /// <summary>y = max over each window, idx = its flat position in the input plane.</summary>
    public static void Forward(float* x, float* y, int* idx, in Pool2dGeometry g, int threads)
    {
        var job = new ForwardJob { X = x, Y = y, Idx = idx, G = g, Wide = MaxPool2dPairs.UseAvx512 };
        job.Chunks = PoolChunks.Count(g.Planes, (long)g.Planes * g.OutPlane * g.KernelHeight * g.KernelWidth, threads);
        ParallelFor.Run(job, job.Chunks, threads);
    }

    /// <summary>dx = 0, then dx[idx] += dy plane by plane.</summary>
    public static void Backward(float* dy, int* idx, float* dx, in Pool2dGeometry g, int threads)
    {
        var job = new BackwardJob { DY = dy, Idx = idx, DX = dx, G = g, Wide = MaxPool2dPairs.UseAvx512 };
        job.Chunks = PoolChunks.Count(g.Planes, (long)g.Planes * (g.InPlane + g.OutPlane), threads);
        ParallelFor.Run(job, job.Chunks, threads);
    }

    private struct ForwardJob : IParallelJob
    {
        public float* X, Y;
        public int* Idx;
        public Pool2dGeometry G;
        public int Chunks;
        public bool Wide;

        public readonly void Run(int item)
        {
            var (start, end) = PoolChunks.Range(G.Planes, item, Chunks);
            bool pairs = MaxPool2dPairs.Applies(G);
            for (int p = start; p < end; p++)
            {
                float* x = X + ((nint)p * G.InPlane);
                float* y = Y + ((nint)p * G.OutPlane);
                int* idx = Idx + ((nint)p * G.OutPlane);
                if (pairs)
                {
                    MaxPool2dPairs.Forward(x, y, idx, G, Wide);
                }
                else
                {
                    General(x, y, idx, G);
                }
            }
        }
    }

    private struct BackwardJob : IParallelJob
    {
        public float* DY, DX;
        public int* Idx;
        public Pool2dGeometry G;
        public int Chunks;
        public bool Wide;

        public readonly void Run(int item)
        {
            var (start, end) = PoolChunks.Range(G.Planes, item, Chunks);
            int outPlane = G.OutPlane;
            bool pairs = MaxPool2dPairs.Applies(G);
            for (int p = start; p < end; p++)
            {
                float* dx = DX + ((nint)p * G.InPlane);
                float* dy = DY + ((nint)p * outPlane);
                int* idx = Idx + ((nint)p * outPlane);
                if (pairs)
                {
                    MaxPool2dPairs.Backward(dy, idx, dx, G, Wide);
                    continue;
                }
                new Span<float>(dx, G.InPlane).Clear();
                for (int k = 0; k < outPlane; k++)
                {
                    dx[idx[k]] += dy[k];
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void General(float* x, float* y, int* idx, in Pool2dGeometry g)
    {
        int h = g.InHeight, w = g.InWidth, dh = g.DilationHeight, dw = g.DilationWidth;
        for (int oy = 0; oy < g.OutHeight; oy++)
        {
            int y0 = (oy * g.StrideHeight) - g.PadHeight;
            int y1 = Math.Min(y0 + ((g.KernelHeight - 1) * dh) + 1, h);
            while (y0 < 0)
            {
                y0 += dh;
            }
            for (int ox = 0; ox < g.OutWidth; ox++)
            {
                int x0 = (ox * g.StrideWidth) - g.PadWidth;
                int x1 = Math.Min(x0 + ((g.KernelWidth - 1) * dw) + 1, w);
                while (x0 < 0)
                {
                    x0 += dw;
                }
                float best = float.NegativeInfinity;
                int at = (y0 * w) + x0;
                for (int iy = y0; iy < y1; iy += dh)
                {
                    float* row = x + (iy * w);
                    for (int ix = x0; ix < x1; ix += dw)
                    {
                        float v = row[ix];
                        if (v > best || float.IsNaN(v))
                        {
                            best = v;
                            at = (iy * w) + ix;
                        }
                    }
                }
                y[(oy * g.OutWidth) + ox] = best;
                idx[(oy * g.OutWidth) + ox] = at;
            }
        }
    }
}
