using System.Diagnostics;

namespace Taxon.Tuning.Storages;

/// <summary>
/// The lock that serialises appends to one journal file across the processes of a machine. Two locks are taken:
/// <list type="number">
/// <item>An exclusive open of <c>PATH.taxon-lock</c> (on Unix .NET backs <see cref="FileShare.None"/> with
/// <c>flock</c>), which the kernel releases when its process dies, so a worker killed while appending never
/// leaves the journal locked for the others.</item>
/// <item><c>PATH.lock</c>, the lock file Optuna's <c>JournalFileSymlinkLock</c> and <c>JournalFileOpenLock</c>
/// create and delete, so that Optuna processes writing the same journal wait for Taxon and the reverse. Taxon's
/// is a symbolic link whose target names Taxon; one found while holding the first lock was left by a Taxon
/// process that died holding it (a live one would hold the first lock) and is removed.</item>
/// </list>
/// </summary>
internal sealed class JournalFileLock(string journalPath, TimeSpan timeout)
{
    private const string TaxonLinkPrefix = "taxon-lock-of-pid-";

    private readonly string _kernelLockPath = journalPath + ".taxon-lock";
    private readonly string _optunaLockPath = journalPath + ".lock";

    public Held Acquire()
    {
        var watch = Stopwatch.StartNew();
        int sleepMs = 0;
        FileStream? kernelLock = null;
        while (kernelLock is null)
        {
            try
            {
                kernelLock = new FileStream(_kernelLockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
            {
                Wait(watch, ref sleepMs, e);
            }
        }
        try
        {
            sleepMs = 0;
            while (true)
            {
                try
                {
                    File.CreateSymbolicLink(_optunaLockPath, TaxonLinkPrefix + Environment.ProcessId);
                    return new Held(kernelLock, _optunaLockPath);
                }
                catch (IOException e) when (File.Exists(_optunaLockPath) || Directory.Exists(_optunaLockPath) || new FileInfo(_optunaLockPath).LinkTarget is not null)
                {
                    if (new FileInfo(_optunaLockPath).LinkTarget is { } target && target.StartsWith(TaxonLinkPrefix, StringComparison.Ordinal))
                    {
                        File.Delete(_optunaLockPath);
                        continue;
                    }
                    Wait(watch, ref sleepMs, e);
                }
            }
        }
        catch
        {
            kernelLock.Dispose();
            throw;
        }
    }

    private void Wait(Stopwatch watch, ref int sleepMs, IOException cause)
    {
        if (watch.Elapsed > timeout)
        {
            throw new TimeoutException($"Could not lock the journal {journalPath} within {timeout.TotalSeconds:0} s: {cause.Message}", cause);
        }
        // Appends hold the lock for a millisecond or two: spin briefly, then back off up to 20 ms.
        if (sleepMs == 0)
        {
            Thread.Yield();
            sleepMs = 1;
        }
        else
        {
            Thread.Sleep(sleepMs);
            sleepMs = Math.Min(sleepMs * 2, 20);
        }
    }

    /// <summary>The held lock; disposing releases it.</summary>
    internal sealed class Held(FileStream kernelLock, string optunaLockPath) : IDisposable
    {
        public void Dispose()
        {
            File.Delete(optunaLockPath);
            kernelLock.Dispose();
        }
    }
}
