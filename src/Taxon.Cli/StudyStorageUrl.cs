using Taxon.Tuning.Storages;

namespace Taxon.Cli;

/// <summary>
/// The <c>--storage</c> forms: <c>journal:PATH</c> (an append-only journal file in Optuna's format, shared by the
/// processes of one machine), <c>memory</c> (this process only; the default).
/// </summary>
internal static class StudyStorageUrl
{
    public static IStudyStorage Open(string? url)
    {
        if (url is null or "memory")
        {
            return new InMemoryStorage();
        }
        if (url.StartsWith("journal:", StringComparison.Ordinal))
        {
            string path = url["journal:".Length..];
            if (path.Length == 0)
            {
                throw new ArgumentException("--storage journal:PATH needs a file path, e.g. journal:study.journal.");
            }
            return new JournalFileStorage(path);
        }
        throw new ArgumentException($"--storage: '{url}' is not journal:PATH or memory.");
    }
}
