namespace Taxon.Kernels;

/// <summary>
/// A batch of independent work items that any participating thread may claim. Items are claimed in index
/// order, so an item may wait for lower-numbered ones: those were claimed earlier by a thread that is running.
/// </summary>
internal abstract class GemmWorkItems
{
    private int _next;
    private int _done;

    /// <summary>Number of items in the batch.</summary>
    public int Count { get; protected set; }

    /// <summary>Whether every item has finished.</summary>
    public bool IsComplete => Volatile.Read(ref _done) >= Count;

    /// <summary>Claims and runs items until none are left; returns how many this thread ran.</summary>
    public int Help()
    {
        int ran = 0;
        int item;
        while ((item = Interlocked.Increment(ref _next) - 1) < Count)
        {
            try
            {
                Execute(item);
            }
            finally
            {
                Interlocked.Increment(ref _done);
            }

            ran++;
        }

        return ran;
    }

    /// <summary>Runs one item; must not throw.</summary>
    protected abstract void Execute(int item);
}
