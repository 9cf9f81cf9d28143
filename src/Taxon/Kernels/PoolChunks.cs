namespace Taxon.Kernels;

/// <summary>How pooling kernels split their planes between threads.</summary>
internal static class PoolChunks
{
    // Below this many element visits a pass is too short to repay waking a helper thread.
    private const long ParallelThreshold = 1L << 15;

    /// <summary>
    /// The number of plane ranges: one when small or single-threaded, else a few per thread, so that a thread
    /// descheduled on a shared machine holds up only a small range.
    /// </summary>
    public static int Count(int planes, long work, int threads) =>
        threads <= 1 || work < ParallelThreshold ? Math.Min(planes, 1) : Math.Min(planes, 4 * threads);

    /// <summary>Planes [start, end) of range <paramref name="item"/> out of <paramref name="chunks"/>.</summary>
    public static (int Start, int End) Range(int planes, int item, int chunks) =>
        ((int)((long)planes * item / chunks), (int)((long)planes * (item + 1) / chunks));
}
