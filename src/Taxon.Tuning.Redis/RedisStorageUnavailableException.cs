namespace Taxon.Tuning.Storages;

/// <summary>Redis stayed unreachable for longer than <see cref="JournalRedisOptions.RetryTimeout"/>.</summary>
public sealed class RedisStorageUnavailableException : IOException
{
    /// <summary>Creates the exception.</summary>
    public RedisStorageUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
