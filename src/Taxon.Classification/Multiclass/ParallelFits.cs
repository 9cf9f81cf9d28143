using System.Runtime.ExceptionServices;
using Taxon.Kernels;

namespace Taxon.Classification.Multiclass;

/// <summary>
/// Runs the independent sub-model fits of a meta-estimator on up to <see cref="Parallelism.MaxThreads"/> threads
/// (scikit-learn: <c>n_jobs</c>). Each fit depends only on its index, so results are the same whatever the thread
/// count or schedule.
/// </summary>
internal static class ParallelFits
{
    public static T[] Run<T>(int count, int? maxParallelism, Func<int, T> fit, CancellationToken cancellationToken)
    {
        var results = new T[count];
        int threads = Math.Min(maxParallelism ?? Parallelism.MaxThreads, count);
        if (threads <= 1)
        {
            for (int i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                results[i] = fit(i);
            }
            return results;
        }
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken },
                i => results[i] = fit(i));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // A sub-model's own message (e.g. naming the setting it rejects) is what the user needs, not the wrapper.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return results;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="owner"/> unless the setting is null or at least 1.</summary>
    public static void CheckMaxParallelism(int? maxParallelism, string owner)
    {
        if (maxParallelism is < 1)
        {
            throw new ArgumentException($"{owner}: MaxParallelism must be at least 1 (or null for Parallelism.MaxThreads), got {maxParallelism}.");
        }
    }
}
