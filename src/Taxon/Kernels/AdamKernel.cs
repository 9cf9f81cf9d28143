using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>
/// Adam's moment updates and parameter step in one pass over p, g, m and v. The composed tensor form makes five
/// passes and three temporaries the size of the parameter; for an MLP step at batch 32 that was the largest single
/// cost. The arithmetic is the composed form's, operation for operation, so both give the same floats. Large
/// parameters are split across the GEMM thread team: the update is memory-bound, and a second core adds bandwidth.
/// </summary>
internal static unsafe class AdamKernel
{
    /// <summary>Elements per parallel item: big enough to amortise the hand-off, a multiple of every vector width.</summary>
    private const int ChunkElements = 1 << 15;

    /// <summary>
    /// m ← m·β₁ + (1−β₁)·g; v ← v·β₂ + (1−β₂)·g²; p ← p + (−step)·m / (√v / bc2Sqrt + ε), element by element, on up to
    /// <see cref="Parallelism.MaxThreads"/> threads.
    /// </summary>
    public static void Step(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v,
        float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float bc2Sqrt, float eps, float negStep)
    {
        if (g.Length != p.Length || m.Length != p.Length || v.Length != p.Length)
        {
            throw new ArgumentException("AdamKernel.Step: the parameter, gradient and moment buffers differ in length.");
        }
        int chunks = (p.Length + ChunkElements - 1) / ChunkElements;
        if (chunks < 2 || Parallelism.MaxThreads < 2)
        {
            StepRange(p, g, m, v, beta1, oneMinusBeta1, beta2, oneMinusBeta2, bc2Sqrt, eps, negStep);
            return;
        }
        fixed (float* pp = p, gp = g, mp = m, vp = v)
        {
            var job = new Job
            {
                P = pp, G = gp, M = mp, V = vp, Length = p.Length,
                Beta1 = beta1, OneMinusBeta1 = oneMinusBeta1, Beta2 = beta2, OneMinusBeta2 = oneMinusBeta2,
                Bc2Sqrt = bc2Sqrt, Eps = eps, NegStep = negStep,
            };
            ParallelFor.Run(job, chunks, Parallelism.MaxThreads);
        }
    }

    private struct Job : IParallelJob
    {
        public float* P, G, M, V;
        public int Length;
        public float Beta1, OneMinusBeta1, Beta2, OneMinusBeta2, Bc2Sqrt, Eps, NegStep;

        public readonly void Run(int item)
        {
            int start = item * ChunkElements, count = Math.Min(ChunkElements, Length - start);
            StepRange(new Span<float>(P + start, count), new ReadOnlySpan<float>(G + start, count), new Span<float>(M + start, count),
                new Span<float>(V + start, count), Beta1, OneMinusBeta1, Beta2, OneMinusBeta2, Bc2Sqrt, Eps, NegStep);
        }
    }

    /// <summary>The update over one contiguous range, on this thread.</summary>
    private static void StepRange(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v,
        float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float bc2Sqrt, float eps, float negStep)
    {
        ref float pr = ref MemoryMarshal.GetReference(p);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float mr = ref MemoryMarshal.GetReference(m);
        ref float vr = ref MemoryMarshal.GetReference(v);
        nuint n = (nuint)p.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= n; i += 16)
            {
                var gi = Vector512.LoadUnsafe(ref gr, i);
                var mi = Vector512.LoadUnsafe(ref mr, i) * Vector512.Create(beta1) + Vector512.Create(oneMinusBeta1) * gi;
                var vi = Vector512.LoadUnsafe(ref vr, i) * Vector512.Create(beta2) + Vector512.Create(oneMinusBeta2) * (gi * gi);
                var denom = Vector512.Sqrt(vi) / Vector512.Create(bc2Sqrt) + Vector512.Create(eps);
                var pi = Vector512.LoadUnsafe(ref pr, i) + Vector512.Create(negStep) * (mi / denom);
                mi.StoreUnsafe(ref mr, i);
                vi.StoreUnsafe(ref vr, i);
                pi.StoreUnsafe(ref pr, i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= n; i += 8)
            {
                var gi = Vector256.LoadUnsafe(ref gr, i);
                var mi = Vector256.LoadUnsafe(ref mr, i) * Vector256.Create(beta1) + Vector256.Create(oneMinusBeta1) * gi;
                var vi = Vector256.LoadUnsafe(ref vr, i) * Vector256.Create(beta2) + Vector256.Create(oneMinusBeta2) * (gi * gi);
                var denom = Vector256.Sqrt(vi) / Vector256.Create(bc2Sqrt) + Vector256.Create(eps);
                var pi = Vector256.LoadUnsafe(ref pr, i) + Vector256.Create(negStep) * (mi / denom);
                mi.StoreUnsafe(ref mr, i);
                vi.StoreUnsafe(ref vr, i);
                pi.StoreUnsafe(ref pr, i);
            }
        }
        for (; i < n; i++)
        {
            float gi = Unsafe.Add(ref gr, i);
            float mi = Unsafe.Add(ref mr, i) * beta1 + oneMinusBeta1 * gi;
            float vi = Unsafe.Add(ref vr, i) * beta2 + oneMinusBeta2 * (gi * gi);
            float denom = MathF.Sqrt(vi) / bc2Sqrt + eps;
            Unsafe.Add(ref mr, i) = mi;
            Unsafe.Add(ref vr, i) = vi;
            Unsafe.Add(ref pr, i) += negStep * (mi / denom);
        }
    }
}
