namespace Taxon.Tuning.Storages;

/// <summary>
/// Studies in an append-only log file, one JSON operation per line, in the format of Optuna 3.1's
/// <c>JournalStorage(JournalFileStorage(path))</c>, which can open a Taxon study (and the reverse): a
/// <see cref="JournalStorage"/> over a <see cref="JournalFileBackend"/>. Many processes on one machine may share
/// the file; each replays the lines the others appended before it reads or decides. A torn last line, left by a
/// writer that died mid-append, is ignored by readers and cut off by the next writer; any other unreadable line is
/// an <see cref="InvalidDataException"/> naming the file and the line.
/// </summary>
public sealed class JournalFileStorage : JournalStorage
{
    /// <summary>Opens (creating it when missing) the journal at <paramref name="path"/> and replays it.</summary>
    public JournalFileStorage(string path, JournalFileStorageOptions? options = null)
        : base(new JournalFileBackend(path, options), (options ?? new JournalFileStorageOptions()).Clock)
    {
    }

    /// <summary>The journal's full path.</summary>
    public string Path => ((JournalFileBackend)Backend).Path;
}
