namespace Taxon.Tuning.Storages;

/// <summary>Options of <see cref="JournalFileStorage"/>.</summary>
public sealed record JournalFileStorageOptions
{
    /// <summary>
    /// Flush every appended operation to the disk before the lock is released, so a power cut loses none (default
    /// true, as Optuna's <c>JournalFileStorage</c> calls <c>fsync</c>).
    /// </summary>
    public bool Fsync { get; init; } = true;

    /// <summary>How long to wait for the file lock before giving up with a <see cref="TimeoutException"/> (default 2 minutes; Optuna waits forever).</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The clock that stamps start and completion times (default: the system clock).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
