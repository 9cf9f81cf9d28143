namespace Taxon.Kernels;

/// <summary>
/// Runs the items of a job on the GEMM thread team: the team's helpers spin for a while after each call, so
/// convolution and pooling passes (which come between matrix products) start on warm threads instead of paying a
/// thread-pool wake-up. Items are claimed one at a time, so a helper descheduled on a shared machine delays only
/// the item it holds.
/// </summary>
internal static class ParallelFor
{
    /// <summary>
    /// Runs items [0, <paramref name="count"/>) on up to <paramref name="threads"/> threads (the caller included);
    /// inline when one thread suffices. Kernels called inside an item run single-threaded.
    /// </summary>
    public static void Run<TJob>(TJob job, int count, int threads)
        where TJob : struct, IParallelJob
    {
        threads = Math.Min(Math.Min(threads, count), Environment.ProcessorCount);
        if (threads <= 1)
        {
            for (int i = 0; i < count; i++)
            {
                job.Run(i);
            }
            return;
        }
        GemmThreadTeam.Run(new Items<TJob>(job, count), threads - 1, large: true);
    }

    private sealed class Items<TJob> : GemmWorkItems
        where TJob : struct, IParallelJob
    {
        private TJob _job;

        public Items(TJob job, int count)
        {
            _job = job;
            Count = count;
        }

        protected override void Execute(int item) => _job.Run(item);
    }
}
