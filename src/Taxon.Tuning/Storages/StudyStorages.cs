using System.Collections.Concurrent;

namespace Taxon.Tuning.Storages;

/// <summary>
/// Opens a storage from a URL, as the <c>--storage</c> option of <c>taxon tune</c> names it (Optuna: the storage
/// URL of <c>optuna.create_study(storage=...)</c>). Built in: <c>journal:PATH</c> (a <see cref="JournalFileStorage"/>)
/// and <c>memory:</c> (an <see cref="InMemoryStorage"/>). Other schemes come from packages that register them, so
/// that this assembly depends on nothing: Taxon.Tuning.Redis registers <c>redis://HOST:PORT[/DB]</c> with
/// <c>JournalRedisStorage.RegisterUrlScheme()</c>.
/// </summary>
public static class StudyStorages
{
    private static readonly ConcurrentDictionary<string, Func<string, IStudyStorage>> Openers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Opens the storage <paramref name="url"/> names: <c>journal:PATH</c>, <c>memory:</c>, or a URL whose scheme a
    /// package registered (<c>redis://HOST:PORT[/DB]</c>). Throws <see cref="ArgumentException"/> naming the forms
    /// it knows when it knows none that fits.
    /// </summary>
    public static IStudyStorage Open(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        int colon = url.IndexOf(':', StringComparison.Ordinal);
        string scheme = colon > 0 ? url[..colon] : "";
        if (scheme.Equals("journal", StringComparison.OrdinalIgnoreCase))
        {
            string path = url[(colon + 1)..];
            if (path.Length == 0)
            {
                throw new ArgumentException($"Storage '{url}' names no file: write journal:PATH.", nameof(url));
            }
            return new JournalFileStorage(path);
        }
        if (scheme.Equals("memory", StringComparison.OrdinalIgnoreCase))
        {
            return new InMemoryStorage();
        }
        if (scheme.Length > 0 && Openers.TryGetValue(scheme, out var open))
        {
            return open(url);
        }
        string hint = scheme.Equals("redis", StringComparison.OrdinalIgnoreCase)
            ? " Redis storages live in Taxon.Tuning.Redis: reference it and call JournalRedisStorage.RegisterUrlScheme() once."
            : "";
        string known = string.Join(", ", new[] { "journal:PATH", "memory:" }.Concat(Openers.Keys.Order().Select(k => k + "://...")));
        throw new ArgumentException($"Unknown storage '{url}' (known: {known}).{hint}", nameof(url));
    }

    /// <summary>
    /// Makes <see cref="Open"/> hand URLs of <paramref name="scheme"/> (the part before the first colon, any case)
    /// to <paramref name="open"/>. Registering a scheme again replaces its opener.
    /// </summary>
    public static void Register(string scheme, Func<string, IStudyStorage> open)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scheme);
        ArgumentNullException.ThrowIfNull(open);
        if (scheme.Equals("journal", StringComparison.OrdinalIgnoreCase) || scheme.Equals("memory", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The scheme '{scheme}' is built in.", nameof(scheme));
        }
        Openers[scheme] = open;
    }
}
