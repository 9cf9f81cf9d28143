using System.Text.Json;

namespace Taxon.Tuning.Storages;

/// <summary>
/// A journal in an append-only file, one JSON operation per line (Optuna 3.1: <c>JournalFileStorage</c>, called
/// <c>JournalFileBackend</c> from Optuna 4). Many processes on one machine may share the file: appends happen
/// under a file lock (see the lock file <c>PATH.lock</c>, shared with Optuna, and <c>PATH.taxon-lock</c>). A torn
/// last line, left by a writer that died mid-append, is not read and is cut off by the next writer; a last
/// operation missing only its newline gets it, as Optuna's reader would have applied it.
/// </summary>
public sealed class JournalFileBackend : IJournalBackend
{
    private readonly JournalFileLock _fileLock;
    private readonly JournalFileStorageOptions _options;
    private long _lastReadPosition;
    private long _linesBeforeLastReadPosition;

    /// <summary>Opens (creating it when missing) the journal at <paramref name="path"/>.</summary>
    public JournalFileBackend(string path, JournalFileStorageOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        _options = options ?? new JournalFileStorageOptions();
        _fileLock = new JournalFileLock(Path, _options.LockTimeout);
        using (new FileStream(Path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
        }
    }

    /// <summary>The journal's full path.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public string Name => Path;

    /// <inheritdoc />
    public string DescribeLocation(long number) => $"{Path}:{number}";

    /// <inheritdoc />
    public long Read(long position, List<JournalEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        long line = LinesBefore(position);
        byte[] bytes;
        using (var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None))
        {
            long length = file.Length;
            if (length <= position)
            {
                return position;
            }
            bytes = new byte[length - position];
            file.Position = position;
            file.ReadExactly(bytes);
        }
        return ReadLines(bytes, position, line, entries);
    }

    /// <inheritdoc />
    public bool TryAppend(long position, ReadOnlyMemory<byte> operation, List<JournalEntry> missed, out long next)
    {
        ArgumentNullException.ThrowIfNull(missed);
        next = position;
        long lines = LinesBefore(position);
        using var held = _fileLock.Acquire();
        using var file = new FileStream(Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        if (file.Length < position)
        {
            throw new InvalidDataException($"{Path}: the journal shrank from {position} to {file.Length} bytes while this process had it open; another program truncated or replaced it.");
        }
        if (file.Length > position && TailAfter(file, position) is { } tail)
        {
            // Other writers came first: hand back what they appended, read under the lock we already hold.
            next = ReadLines(tail, position, lines, missed);
            return false;
        }
        var line = new byte[operation.Length + 1];
        operation.Span.CopyTo(line);
        line[^1] = (byte)'\n';
        file.Position = position;
        // One write call: a reader sees the whole line or a prefix without its newline, never a line merged with another.
        file.Write(line);
        file.Flush(flushToDisk: _options.Fsync);
        next = position + line.Length;
        _lastReadPosition = next;
        _linesBeforeLastReadPosition = lines + 1;
        return true;
    }

    /// <summary>
    /// Adds the whole lines of <paramref name="bytes"/> (the file from <paramref name="position"/> on, after
    /// <paramref name="line"/> lines) to <paramref name="entries"/>; a last line without its newline is left for
    /// later. Returns the position after the last whole line.
    /// </summary>
    private long ReadLines(byte[] bytes, long position, long line, List<JournalEntry> entries)
    {
        int start = 0;
        while (true)
        {
            int newline = Array.IndexOf(bytes, (byte)'\n', start);
            if (newline < 0)
            {
                break;
            }
            line++;
            var text = new ReadOnlyMemory<byte>(bytes, start, newline - start);
            if (!text.Span.Trim(" \t\r"u8).IsEmpty)
            {
                entries.Add(new JournalEntry(text, line));
            }
            start = newline + 1;
        }
        _lastReadPosition = position + start;
        _linesBeforeLastReadPosition = line;
        return _lastReadPosition;
    }

    /// <summary>
    /// With the lock held, decides what the bytes after <paramref name="position"/> are. Whole lines: other writers
    /// appended (returns the bytes, for the caller to replay). No newline: only a writer that died mid-append
    /// leaves that; if the bytes still form a whole operation (it died before the newline) the newline is added and
    /// they are kept (returns them, now one whole line), otherwise they are cut off (null: append at
    /// <paramref name="position"/>).
    /// </summary>
    private byte[]? TailAfter(FileStream file, long position)
    {
        var tail = new byte[file.Length - position];
        file.Position = position;
        file.ReadExactly(tail);
        if (Array.IndexOf(tail, (byte)'\n') >= 0)
        {
            return tail;
        }
        if (IsWholeOperation(tail))
        {
            file.Position = file.Length;
            file.WriteByte((byte)'\n');
            file.Flush(flushToDisk: _options.Fsync);
            return [.. tail, (byte)'\n'];
        }
        file.SetLength(position);
        file.Flush(flushToDisk: _options.Fsync);
        return null;
    }

    private static bool IsWholeOperation(byte[] tail)
    {
        try
        {
            using var doc = JsonValues.Parse(tail);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("op_code", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // Line numbers name entries in errors; readers continue from the position the last read returned.
    private long LinesBefore(long position) =>
        position == 0 ? 0
        : position == _lastReadPosition ? _linesBeforeLastReadPosition
        : throw new ArgumentOutOfRangeException(nameof(position), $"Read continues from 0 or from the position the last Read returned ({_lastReadPosition}), not {position}.");
}
