using Taxon.Tuning.Storages;

namespace Taxon.Cli;

/// <summary>
/// The <c>--storage</c> forms: <c>journal:PATH</c> (an append-only journal file in Optuna's format, shared by the
/// processes of one machine), <c>redis://HOST:PORT[/DB]</c> (the same log in Redis, for many machines) and
/// <c>memory</c> (this process only; the default).
/// </summary>
internal static class StudyStorageUrl
{
    static StudyStorageUrl() => JournalRedisStorage.RegisterUrlScheme();

    public static IStudyStorage Open(string? url)
    {
        try
        {
            return StudyStorages.Open(url is null or "memory" ? "memory:" : url);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--storage: {e.Message}", e);
        }
    }
}
