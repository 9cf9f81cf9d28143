using System.Buffers;
using System.Numerics.Tensors;

namespace Taxon.Kernels;

public static partial class Gemm
{
    /// <summary>
    /// Matrix-vector-like products (at most <see cref="GemmTuning.ThinLimit"/> rows or columns of C) without
    /// packing: packing would copy the whole large operand to feed a micro-kernel whose 12 x 32 tile is mostly
    /// padding, while these loops stream the large operand once per thin row or column.
    /// </summary>
    private static unsafe void Thin(
        bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc, int threads, bool large)
    {
        // Threads split the long side of C, in ranges of at least 64.
        int longSide = n <= m ? m : n;
        int parts = Math.Min(Math.Min(threads, Environment.ProcessorCount), longSide / 64);
        var job = new ThinJob
        {
            TransA = transA, TransB = transB, M = m, N = n, K = k, Alpha = alpha, Beta = beta,
            A = a, Lda = lda, B = b, Ldb = ldb, C = c, Ldc = ldc,
        };
        if (parts <= 1)
        {
            job.Run(0, longSide);
        }
        else
        {
            GemmThreadTeam.Run(new ThinBatch(job, longSide, parts), parts - 1, large);
        }
    }

    private unsafe struct ThinJob
    {
        public bool TransA, TransB;
        public int M, N, K;
        public float Alpha, Beta;
        public float* A, B, C;
        public nint Lda, Ldb, Ldc;

        /// <summary>Computes C over [start, end) of its long side: rows when n ≤ m, else columns.</summary>
        public readonly void Run(int start, int end)
        {
            if (N <= M)
            {
                ThinColumns(start, end);
            }
            else
            {
                ThinRows(start, end);
            }
        }

        /// <summary>Few columns: C[start..end, j] = alpha * op(A)[start..end, :] · op(B)[:, j] + beta * C.</summary>
        private readonly void ThinColumns(int start, int end)
        {
            int rows = end - start;
            float[] xBuffer = ArrayPool<float>.Shared.Rent(K);
            float[] accBuffer = ArrayPool<float>.Shared.Rent(rows);
            try
            {
                Span<float> acc = accBuffer.AsSpan(0, rows);
                for (int j = 0; j < N; j++)
                {
                    ReadOnlySpan<float> x = Gather(TransB ? B + (j * Ldb) : B + j, TransB ? 1 : Ldb, K, xBuffer);
                    if (!TransA)
                    {
                        for (int i = 0; i < rows; i++)
                        {
                            acc[i] = TensorPrimitives.Dot(new ReadOnlySpan<float>(A + ((start + i) * Lda), K), x);
                        }
                    }
                    else
                    {
                        // Stored k x m: accumulate whole stored rows, which are contiguous over i.
                        acc.Clear();
                        for (int p = 0; p < K; p++)
                        {
                            TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(A + (p * Lda) + start, rows), x[p], acc, acc);
                        }
                    }

                    float* cj = C + (start * Ldc) + j;
                    for (int i = 0; i < rows; i++)
                    {
                        float old = Beta == 0f ? 0f : Beta * cj[i * Ldc];
                        cj[i * Ldc] = (Alpha * acc[i]) + old;
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(xBuffer);
                ArrayPool<float>.Shared.Return(accBuffer);
            }
        }

        /// <summary>Few rows: C[i, start..end] = alpha * op(A)[i, :] · op(B)[:, start..end] + beta * C.</summary>
        private readonly void ThinRows(int start, int end)
        {
            int cols = end - start;
            float[] yBuffer = ArrayPool<float>.Shared.Rent(K);
            float[] accBuffer = ArrayPool<float>.Shared.Rent(cols);
            try
            {
                Span<float> acc = accBuffer.AsSpan(0, cols);
                for (int i = 0; i < M; i++)
                {
                    ReadOnlySpan<float> y = Gather(TransA ? A + i : A + (i * Lda), TransA ? Lda : 1, K, yBuffer);
                    if (TransB)
                    {
                        // Stored n x k: column j of op(B) is a contiguous stored row.
                        for (int j = 0; j < cols; j++)
                        {
                            acc[j] = TensorPrimitives.Dot(y, new ReadOnlySpan<float>(B + ((start + j) * Ldb), K));
                        }
                    }
                    else
                    {
                        acc.Clear();
                        for (int p = 0; p < K; p++)
                        {
                            TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(B + (p * Ldb) + start, cols), y[p], acc, acc);
                        }
                    }

                    var ci = new Span<float>(C + (i * Ldc) + start, cols);
                    if (Beta == 0f)
                    {
                        TensorPrimitives.Multiply(acc, Alpha, ci);
                    }
                    else
                    {
                        TensorPrimitives.Multiply(ci, Beta, ci);
                        TensorPrimitives.MultiplyAdd(acc, Alpha, ci, ci);
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(yBuffer);
                ArrayPool<float>.Shared.Return(accBuffer);
            }
        }

        /// <summary>The k floats at <paramref name="src"/> with the given stride, copied into the buffer when strided.</summary>
        private static ReadOnlySpan<float> Gather(float* src, nint stride, int count, float[] buffer)
        {
            if (stride == 1)
            {
                return new ReadOnlySpan<float>(src, count);
            }

            for (int p = 0; p < count; p++)
            {
                buffer[p] = src[p * stride];
            }

            return buffer.AsSpan(0, count);
        }
    }

    /// <summary>A thin product cut into equal ranges of C's long side.</summary>
    private sealed class ThinBatch : GemmWorkItems
    {
        private readonly ThinJob _job;
        private readonly int _length;

        public ThinBatch(ThinJob job, int length, int parts)
        {
            _job = job;
            _length = length;
            Count = parts;
        }

        protected override void Execute(int item) =>
            _job.Run((int)((long)_length * item / Count), (int)((long)_length * (item + 1) / Count));
    }
}
