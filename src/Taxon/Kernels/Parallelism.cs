namespace Taxon.Kernels;

/// <summary>
/// How many threads the kernels may use (PyTorch: <c>torch.set_num_threads</c>).
/// Defaults to the number of logical processors, or <c>TAXON_NUM_THREADS</c> when set.
/// </summary>
public static class Parallelism
{
    private static int s_maxThreads = ReadDefault();

    /// <summary>The most threads one kernel call may use; at least 1.</summary>
    public static int MaxThreads
    {
        get => s_maxThreads;
        set => s_maxThreads = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxThreads must be at least 1.");
    }

    private static int ReadDefault()
    {
        string? env = Environment.GetEnvironmentVariable("TAXON_NUM_THREADS");
        return int.TryParse(env, out int n) && n >= 1 ? n : Environment.ProcessorCount;
    }
}
