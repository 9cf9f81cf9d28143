using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Taxon.Kernels;

/// <summary>
/// The one vectorised driver for operators TensorPrimitives lacks: the widest accelerated vector
/// (512, then 256 bits) over the body, the scalar form over the tail and on CPUs without SIMD.
/// Generic over the operator struct, so each operator is compiled into its own specialised loop.
/// </summary>
internal static class VectorLoop
{
    /// <summary>When nonzero, this thread's loops use only that width: 512, 256, or 1 for scalar (tests compare the paths).</summary>
    [ThreadStatic]
    internal static int ForcedWidth;

    internal static bool Use512 => ForcedWidth == 0 ? Vector512.IsHardwareAccelerated : ForcedWidth == 512;

    internal static bool Use256 => ForcedWidth == 0 ? Vector256.IsHardwareAccelerated : ForcedWidth == 256;

    public static void Map<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> d)
        where TOp : struct, IUnaryVectorOperator
    {
        CheckLengths(x.Length, d.Length);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(d);
        nuint n = (nuint)x.Length, i = 0;
        if (Use512)
        {
            for (; i + 16 <= n; i += 16)
            {
                op.Invoke(Vector512.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
            }
        }
        else if (Use256)
        {
            for (; i + 8 <= n; i += 8)
            {
                op.Invoke(Vector256.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
            }
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref xr, i));
        }
    }

    public static void Map<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d)
        where TOp : struct, IBinaryVectorOperator
    {
        CheckLengths(x.Length, d.Length);
        CheckLengths(y.Length, d.Length);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float dr = ref MemoryMarshal.GetReference(d);
        nuint n = (nuint)x.Length, i = 0;
        if (Use512)
        {
            for (; i + 16 <= n; i += 16)
            {
                op.Invoke(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
            }
        }
        else if (Use256)
        {
            for (; i + 8 <= n; i += 8)
            {
                op.Invoke(Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
            }
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
        }
    }

    public static void Map<TOp>(TOp op, ReadOnlySpan<float> x, float y, Span<float> d)
        where TOp : struct, IBinaryVectorOperator
    {
        CheckLengths(x.Length, d.Length);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(d);
        nuint n = (nuint)x.Length, i = 0;
        if (Use512)
        {
            var yv = Vector512.Create(y);
            for (; i + 16 <= n; i += 16)
            {
                op.Invoke(Vector512.LoadUnsafe(ref xr, i), yv).StoreUnsafe(ref dr, i);
            }
        }
        else if (Use256)
        {
            var yv = Vector256.Create(y);
            for (; i + 8 <= n; i += 8)
            {
                op.Invoke(Vector256.LoadUnsafe(ref xr, i), yv).StoreUnsafe(ref dr, i);
            }
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref xr, i), y);
        }
    }

    public static void Map<TOp>(TOp op, float x, ReadOnlySpan<float> y, Span<float> d)
        where TOp : struct, IBinaryVectorOperator
    {
        CheckLengths(y.Length, d.Length);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float dr = ref MemoryMarshal.GetReference(d);
        nuint n = (nuint)y.Length, i = 0;
        if (Use512)
        {
            var xv = Vector512.Create(x);
            for (; i + 16 <= n; i += 16)
            {
                op.Invoke(xv, Vector512.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
            }
        }
        else if (Use256)
        {
            var xv = Vector256.Create(x);
            for (; i + 8 <= n; i += 8)
            {
                op.Invoke(xv, Vector256.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
            }
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = op.Invoke(x, Unsafe.Add(ref yr, i));
        }
    }

    private static void CheckLengths(int source, int destination)
    {
        if (source != destination)
        {
            throw new ArgumentException($"Kernel: operand of length {source} does not match destination of length {destination}.");
        }
    }
}
