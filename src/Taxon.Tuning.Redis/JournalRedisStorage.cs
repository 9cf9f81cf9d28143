namespace Taxon.Tuning.Storages;

/// <summary>
/// Studies in Redis, for workers on many machines (Optuna: <c>JournalStorage(JournalRedisStorage(url))</c>): a
/// <see cref="JournalStorage"/> over a <see cref="JournalRedisBackend"/>, replaying the same operation log as the
/// journal file. Workers claim trials atomically; heartbeats and stale-trial failure work as on the journal file.
/// Survives a Redis restart when the server persists its data (appendonly or RDB saves): calls made while it is
/// down retry up to <see cref="JournalRedisOptions.RetryTimeout"/>.
/// </summary>
public sealed class JournalRedisStorage : JournalStorage, IDisposable
{
    /// <summary>Opens the journal at <paramref name="url"/>, <c>redis://HOST:PORT[/DB]</c>, and replays it.</summary>
    public JournalRedisStorage(string url)
        : this(JournalRedisOptions.FromUrl(url))
    {
    }

    /// <summary>Opens the journal <paramref name="options"/> names and replays it.</summary>
    public JournalRedisStorage(JournalRedisOptions options)
        : base(new JournalRedisBackend(options ?? throw new ArgumentNullException(nameof(options))), options.Clock)
    {
    }

    /// <summary>
    /// Makes <see cref="StudyStorages.Open"/> open <c>redis://HOST:PORT[/DB]</c> URLs as a
    /// <see cref="JournalRedisStorage"/>. Call it once at start-up; calling it again does no harm.
    /// </summary>
    public static void RegisterUrlScheme() => StudyStorages.Register("redis", url => new JournalRedisStorage(url));

    /// <summary>Closes the connection to Redis.</summary>
    public void Dispose() => ((JournalRedisBackend)Backend).Dispose();
}
