using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Taxon.Kernels;

/// <summary>Out-of-place matrix transposes for the convolution kernels.</summary>
internal static unsafe class Transpose
{
    /// <summary>
    /// dst[j, i] = src[i, j] + bias[j] for src [rows, cols] and dst [cols, rows], both dense (bias null for none):
    /// 4 x 4 register transposes, so that both sides are read and written four floats at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WithRowBias(float* src, int rows, int cols, float* dst, float* bias)
    {
        int i = 0;
        if (Sse.IsSupported)
        {
            for (; i + 4 <= rows; i += 4)
            {
                float* s = src + ((nint)i * cols);
                int j = 0;
                for (; j + 4 <= cols; j += 4)
                {
                    Vector128<float> r0 = Sse.LoadVector128(s + j);
                    Vector128<float> r1 = Sse.LoadVector128(s + cols + j);
                    Vector128<float> r2 = Sse.LoadVector128(s + (2 * cols) + j);
                    Vector128<float> r3 = Sse.LoadVector128(s + (3 * cols) + j);
                    Vector128<float> t0 = Sse.UnpackLow(r0, r1);
                    Vector128<float> t1 = Sse.UnpackLow(r2, r3);
                    Vector128<float> t2 = Sse.UnpackHigh(r0, r1);
                    Vector128<float> t3 = Sse.UnpackHigh(r2, r3);
                    float* d = dst + ((nint)j * rows) + i;
                    Vector128<float> c0 = Sse.MoveLowToHigh(t0, t1), c1 = Sse.MoveHighToLow(t1, t0);
                    Vector128<float> c2 = Sse.MoveLowToHigh(t2, t3), c3 = Sse.MoveHighToLow(t3, t2);
                    if (bias != null)
                    {
                        c0 += Vector128.Create(bias[j]);
                        c1 += Vector128.Create(bias[j + 1]);
                        c2 += Vector128.Create(bias[j + 2]);
                        c3 += Vector128.Create(bias[j + 3]);
                    }
                    Sse.Store(d, c0);
                    Sse.Store(d + rows, c1);
                    Sse.Store(d + (2 * rows), c2);
                    Sse.Store(d + (3 * rows), c3);
                }
                for (; j < cols; j++)
                {
                    float b = bias == null ? 0f : bias[j];
                    for (int r = 0; r < 4; r++)
                    {
                        dst[((nint)j * rows) + i + r] = s[(r * cols) + j] + b;
                    }
                }
            }
        }
        for (; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                dst[((nint)j * rows) + i] = src[((nint)i * cols) + j] + (bias == null ? 0f : bias[j]);
            }
        }
    }
}
