namespace Taxon.Tuning.Storages;

/// <summary>
/// The shared, append-only log of operations under a <see cref="JournalStorage"/> (Optuna:
/// <c>BaseJournalLogStorage</c>, called <c>BaseJournalBackend</c> from Optuna 4). A backend stores opaque
/// operations (one JSON object each, in Optuna's journal format) in one total order that every process sees alike;
/// the storage above replays them into studies and trials. Positions are the backend's own (a byte offset in a
/// file, an entry count in Redis): a reader starts at 0 and continues from the position the last read returned.
/// </summary>
public interface IJournalBackend
{
    /// <summary>Names the log in errors: a path, a URL.</summary>
    string Name { get; }

    /// <summary>
    /// Adds to <paramref name="entries"/> the whole operations stored from <paramref name="position"/> on, in log
    /// order, and returns the position after the last of them. An operation still being written (a torn last line)
    /// is not returned yet.
    /// </summary>
    long Read(long position, List<JournalEntry> entries);

    /// <summary>
    /// Appends <paramref name="operation"/> only if nothing was appended after <paramref name="position"/> (a
    /// compare-and-append), so that a writer's check of the replayed state and its append are one atomic step
    /// across processes. On success <paramref name="next"/> is the position after the appended operation, so the
    /// caller need not read back what it wrote. Returns false, appending nothing, when another writer got there
    /// first: then the operations stored from <paramref name="position"/> on are added to <paramref name="missed"/>
    /// (what <see cref="Read"/> would have returned, in the same step, saving the caller a round trip) and
    /// <paramref name="next"/> is the position after them; the caller replays them and decides again. An
    /// implementation that retries after a lost connection must never append twice.
    /// </summary>
    bool TryAppend(long position, ReadOnlyMemory<byte> operation, List<JournalEntry> missed, out long next);

    /// <summary>Where entry <paramref name="number"/> (a <see cref="JournalEntry.Number"/>) lives, for errors: <c>PATH:LINE</c>.</summary>
    string DescribeLocation(long number);
}
