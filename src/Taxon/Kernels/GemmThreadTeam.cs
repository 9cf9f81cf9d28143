using System.Diagnostics;

namespace Taxon.Kernels;

/// <summary>
/// Persistent helper threads for GEMM, in the style of OpenBLAS's thread server. A <c>Parallel.For</c>
/// fork-join measured 40-90 µs here (waking a pool thread on a VM), more than a whole 256³ product takes
/// on two cores, so helpers keep polling for a while after each batch, and work is claimed item by item so
/// the caller never waits for a helper that has not started.
/// </summary>
internal static class GemmThreadTeam
{
    // An idle helper polls hot for SpinTicks, then yields between polls until IdleTicks, then blocks. A call
    // within IdleTicks of the previous one wakes sleeping helpers even when small: matmuls come in bursts
    // (forward and backward passes), and a helper woken once stays awake for the rest of the burst.
    private static readonly long s_spinTicks = Stopwatch.Frequency / 20_000;   // 50 µs
    private static readonly long s_idleTicks = Stopwatch.Frequency / 1_000;    // 1 ms

    private static long s_lastRun;

    private static readonly Lock s_growLock = new();
    private static Helper[] s_helpers = [];

    private static GemmWorkItems? s_batch;
    private static long s_generation;

    // 1 while a caller owns the team; concurrent callers (or a GEMM nested in another) run on their own thread.
    private static int s_busy;

    /// <summary>
    /// Runs every item of <paramref name="batch"/> using the calling thread and up to
    /// <paramref name="helpers"/> team threads; returns when all items are done. Sleeping helpers are woken
    /// only for a <paramref name="large"/> batch or within a burst of calls: waking one costs the caller a
    /// system call and the helper tens of microseconds (more on a VM), which an isolated small product does
    /// not repay.
    /// </summary>
    public static void Run(GemmWorkItems batch, int helpers, bool large)
    {
        if (helpers <= 0 || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            batch.Help();
            return;
        }

        try
        {
            Helper[] team = EnsureHelpers(helpers);
            long now = Stopwatch.GetTimestamp();
            bool wake = large || now - s_lastRun < s_idleTicks;
            s_lastRun = now;
            if (!wake && !team[0].IsAwake)
            {
                batch.Help();
                return;
            }

            Volatile.Write(ref s_batch, batch);
            Interlocked.Increment(ref s_generation);
            if (wake)
            {
                for (int i = 0; i < helpers; i++)
                {
                    team[i].Wake();
                }
            }

            batch.Help();

            // Only items already claimed by running helpers remain, so this wait is short.
            var spinner = default(SpinWait);
            while (!batch.IsComplete)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }

            Volatile.Write(ref s_batch, null);
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
        }
    }

    private static Helper[] EnsureHelpers(int count)
    {
        Helper[] team = Volatile.Read(ref s_helpers);
        if (team.Length >= count)
        {
            return team;
        }

        lock (s_growLock)
        {
            team = s_helpers;
            if (team.Length < count)
            {
                var grown = new Helper[count];
                team.CopyTo(grown, 0);
                for (int i = team.Length; i < count; i++)
                {
                    grown[i] = new Helper(i);
                }

                Volatile.Write(ref s_helpers, grown);
                team = grown;
            }

            return team;
        }
    }

    private sealed class Helper
    {
        private readonly SemaphoreSlim _signal = new(0);
        private readonly long _firstSeen;
        private int _sleeping;

        public Helper(int index)
        {
            // Read on the creating caller, before it publishes the batch this helper should join.
            _firstSeen = Volatile.Read(ref s_generation);
            var thread = new Thread(Loop) { IsBackground = true, Name = $"Taxon GEMM helper {index}" };
            thread.Start();
        }

        /// <summary>Whether the helper is still polling for work rather than blocked.</summary>
        public bool IsAwake => Volatile.Read(ref _sleeping) == 0;

        public void Wake()
        {
            if (Interlocked.Exchange(ref _sleeping, 0) == 1)
            {
                _signal.Release();
            }
        }

        private void Loop()
        {
            long seen = _firstSeen;
            while (true)
            {
                long generation = WaitForGeneration(seen);
                seen = generation;
                Volatile.Read(ref s_batch)?.Help();
            }
        }

        private long WaitForGeneration(long seen)
        {
            while (true)
            {
                long start = Stopwatch.GetTimestamp();
                bool yielding = false;
                for (int poll = 1; ; poll++)
                {
                    long generation = Volatile.Read(ref s_generation);
                    if (generation != seen)
                    {
                        return generation;
                    }

                    // Past the hot phase, let any other runnable thread have the core between polls.
                    if (yielding)
                    {
                        Thread.Yield();
                    }
                    else
                    {
                        Thread.SpinWait(16);
                    }

                    // Reading the clock costs more than a poll.
                    if ((poll & 63) == 0)
                    {
                        long idle = Stopwatch.GetTimestamp() - start;
                        if (idle >= s_idleTicks)
                        {
                            break;
                        }

                        yielding = idle >= s_spinTicks;
                    }
                }

                // The exchange is a full fence: either the caller sees _sleeping == 1 and signals,
                // or this thread sees the new generation below.
                Interlocked.Exchange(ref _sleeping, 1);
                if (Volatile.Read(ref s_generation) != seen)
                {
                    Interlocked.Exchange(ref _sleeping, 0);
                    continue;
                }

                _signal.Wait();
            }
        }
    }
}
