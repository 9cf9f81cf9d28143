using System.Globalization;

namespace Taxon.Tuning.Storages;

/// <summary>Where and how <see cref="JournalRedisStorage"/> reaches Redis (Optuna: the <c>url</c> and <c>prefix</c> of <c>JournalRedisStorage</c>).</summary>
public sealed record JournalRedisOptions
{
    /// <summary>The server's host name or address (default <c>localhost</c>).</summary>
    public string Host { get; init; } = "localhost";

    /// <summary>The server's port (default 6379).</summary>
    public int Port { get; init; } = 6379;

    /// <summary>The database number (default 0).</summary>
    public int Database { get; init; }

    /// <summary>The user for Redis ACLs, or null.</summary>
    public string? User { get; init; }

    /// <summary>The password, or null.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// Put before every key, followed by a colon, so that several journals share a database (Optuna 3.2+'s
    /// <c>prefix</c>). Empty (default): the keys of Optuna 3.1, <c>log_number</c> and <c>log:N</c>.
    /// </summary>
    public string Prefix { get; init; } = "";

    /// <summary>
    /// How long an operation keeps retrying, with backoff, while Redis is unreachable (a restart, a network cut)
    /// before it fails with <see cref="RedisStorageUnavailableException"/> (default 60 s).
    /// </summary>
    public TimeSpan RetryTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The clock that stamps start and completion times (default: the system clock).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// Reads <c>redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]</c> (Optuna's URL form; the port defaults to 6379, the
    /// database to 0). Throws <see cref="ArgumentException"/> saying what is wrong.
    /// </summary>
    public static JournalRedisOptions FromUrl(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        if (!url.StartsWith("redis://", StringComparison.OrdinalIgnoreCase)
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new ArgumentException($"Storage '{url}' is not a Redis URL: write redis://HOST:PORT[/DB].", nameof(url));
        }
        string path = uri.AbsolutePath.Trim('/');
        int database = 0;
        if (path.Length > 0 && (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out database) || database > 15_999))
        {
            throw new ArgumentException($"Storage '{url}': the database after the port must be a number (redis://HOST:PORT/DB), not '{path}'.", nameof(url));
        }
        if (uri.Query.Length > 0)
        {
            throw new ArgumentException($"Storage '{url}': query options are not supported; write redis://HOST:PORT[/DB].", nameof(url));
        }
        string? user = null;
        string? password = null;
        if (uri.UserInfo.Length > 0)
        {
            string[] parts = uri.UserInfo.Split(':', 2);
            user = parts[0].Length > 0 ? Uri.UnescapeDataString(parts[0]) : null;
            password = parts.Length == 2 ? Uri.UnescapeDataString(parts[1]) : null;
        }
        return new JournalRedisOptions
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port,
            Database = database,
            User = user,
            Password = password,
        };
    }
}
