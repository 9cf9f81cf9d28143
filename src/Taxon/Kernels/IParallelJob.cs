namespace Taxon.Kernels;

/// <summary>
/// One batch of independent items for <see cref="ParallelFor"/>: a struct, so the loop is specialised per job and
/// the job may carry raw pointers into buffers that the caller keeps pinned until the loop returns.
/// </summary>
internal interface IParallelJob
{
    /// <summary>Runs item <paramref name="item"/>; must not throw (exceptions cannot cross to the calling thread).</summary>
    void Run(int item);
}
