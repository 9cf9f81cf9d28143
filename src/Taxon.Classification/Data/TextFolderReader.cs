using System.Formats.Tar;
using System.IO.Compression;
using Taxon.Classification.Text;

namespace Taxon.Classification.Data;

/// <summary>
/// Reads texts laid out one folder per class (scikit-learn: <c>load_files</c>): <c>root/&lt;label&gt;/&lt;file&gt;</c>,
/// files in deeper folders belonging to their top folder's class, from a folder or straight from a <c>.tar</c>,
/// <c>.tar.gz</c> or <c>.tgz</c> archive without extracting it (name a folder inside the archive after its path:
/// <c>20news-bydate.tar.gz/20news-bydate-train</c>). A root holding a single folder is looked through, so an archive
/// of <c>train/&lt;label&gt;/...</c> reads as its classes. Each file is one sample: <c>.eml</c> files and, by
/// <see cref="DataReaderOptions.Email"/>, files that look like messages are read with <see cref="EmailMessage"/>;
/// other files are UTF-8, or Latin-1 when not valid UTF-8. An mbox file (<c>.mbox</c>) is split into its messages,
/// labelled by its class folder, or by its own name at the root (<c>root/spam.mbox</c>, <c>root/ham.mbox</c>).
/// Files and folders whose names start with '.' are skipped. Samples come in ordinal path order (archive order for
/// archives). With <see cref="DataReaderOptions.HasLabels"/> false, every sample gets the empty label and files may
/// lie at the root (a folder of <c>.eml</c> files to classify).
/// </summary>
public static class TextFolderReader
{
    /// <summary>Reads the folder or archive at <paramref name="path"/> (an archive path may go on into a folder inside it).</summary>
    public static LabeledData Read(string path, DataReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new DataReaderOptions();
        options.Validate();
        return DataReader.Guard(path, () =>
        {
            List<(string Name, byte[] Bytes)> files;
            if (Directory.Exists(path))
            {
                files = ReadFolder(path);
            }
            else if (TrySplitArchivePath(path, out string archive, out string inner))
            {
                files = ReadArchive(archive, inner, path);
            }
            else
            {
                throw new FileNotFoundException($"{path}: no such folder or .tar/.tar.gz/.tgz archive.", path);
            }
            return Build(path, files, options);
        });
    }

    /// <summary>Whether a name is a tar archive's: <c>.tar</c>, <c>.tar.gz</c> or <c>.tgz</c>.</summary>
    internal static bool IsArchiveName(string name) =>
        name.EndsWith(".tar", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Splits <c>data/x.tar.gz/train/a</c> into the archive file that exists (<c>data/x.tar.gz</c>) and the folder
    /// inside it (<c>train/a</c>, empty for the whole archive); false when no prefix of the path is an archive file.
    /// </summary>
    internal static bool TrySplitArchivePath(string path, out string archive, out string inner)
    {
        string normalized = path.Replace('\\', '/').TrimEnd('/');
        int end = normalized.Length;
        while (end > 0)
        {
            string candidate = normalized[..end];
            if (IsArchiveName(candidate) && File.Exists(candidate))
            {
                archive = candidate;
                inner = normalized[end..].Trim('/');
                return true;
            }
            end = candidate.LastIndexOf('/');
        }
        archive = inner = "";
        return false;
    }

    private static List<(string Name, byte[] Bytes)> ReadFolder(string root)
    {
        var names = new List<string>();
        foreach (string file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (!IsHidden(relative))
            {
                names.Add(relative);
            }
        }
        names.Sort(StringComparer.Ordinal);
        var files = new List<(string, byte[])>(names.Count);
        foreach (string name in names)
        {
            files.Add((name, File.ReadAllBytes(Path.Combine(root, name))));
        }
        return files;
    }

    private static List<(string Name, byte[] Bytes)> ReadArchive(string archive, string inner, string path)
    {
        var files = new List<(string, byte[])>();
        string prefix = inner.Length == 0 ? "" : inner + "/";
        using var file = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        using Stream stream = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var tar = new TarReader(stream);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
            {
                continue;
            }
            string name = entry.Name.Replace('\\', '/');
            while (name.StartsWith("./", StringComparison.Ordinal))
            {
                name = name[2..];
            }
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || IsHidden(name = name[prefix.Length..]))
            {
                continue;
            }
            var bytes = new byte[entry.Length];
            entry.DataStream?.ReadExactly(bytes);
            files.Add((name, bytes));
        }
        if (files.Count == 0 && prefix.Length > 0)
        {
            throw new InvalidDataException($"{path}: the archive {archive} has no files under '{inner}'.");
        }
        return files;
    }

    private static LabeledData Build(string path, List<(string Name, byte[] Bytes)> files, DataReaderOptions options)
    {
        if (files.Count == 0)
        {
            throw new InvalidDataException($"{path}: holds no files; expected one folder per class (e.g. {path}/spam/1.eml).");
        }
        int strip = CommonFolders(files);
        var raw = new List<byte[]>(files.Count);
        var labels = new List<string>(files.Count);
        var isEml = new List<bool>(files.Count);
        bool allDeep = true;
        var secondLevel = new Dictionary<string, string>(StringComparer.Ordinal);
        string? repeated = null;
        foreach ((string fullName, byte[] bytes) in files)
        {
            string name = fullName[strip..];
            int slash = name.IndexOf('/');
            string folder = slash < 0 ? "" : name[..slash];
            int slash2 = slash < 0 ? -1 : name.IndexOf('/', slash + 1);
            allDeep &= slash2 >= 0;
            if (slash2 >= 0 && repeated is null)
            {
                // The same folder under two top folders (train/ham, test/ham): the top folders are splits.
                string second = name[(slash + 1)..slash2];
                if (secondLevel.TryGetValue(second, out string? top) && top != folder)
                {
                    repeated = second;
                }
                secondLevel[second] = folder;
            }
            if (MboxReader.IsMboxName(name))
            {
                string label = !options.HasLabels ? "" : slash < 0 ? MboxReader.LabelOf(name) : folder;
                foreach (byte[] message in MboxReader.Split(MboxReader.Gunzip(bytes), out _))
                {
                    raw.Add(message);
                    labels.Add(label);
                    isEml.Add(true);
                }
                continue;
            }
            if (slash < 0 && options.HasLabels)
            {
                throw new InvalidDataException(
                    $"{path}: the file '{fullName}' is not inside a class folder; expected one folder per class (e.g. {path}/spam/{name}), or read it as unlabelled data.");
            }
            raw.Add(bytes);
            labels.Add(options.HasLabels ? folder : "");
            isEml.Add(name.EndsWith(".eml", StringComparison.OrdinalIgnoreCase));
        }
        if (allDeep && repeated is not null && options.HasLabels)
        {
            string[] tops = [.. labels.Distinct(StringComparer.Ordinal).Take(4)];
            throw new InvalidDataException(
                $"{path}: its folders ({string.Join(", ", tops)}) each hold the same folders (e.g. '{repeated}'), so they look like splits, not classes; read one of them, e.g. {path.TrimEnd('/', '\\')}/{tops[0]}.");
        }
        if (raw.Count == 0)
        {
            throw new InvalidDataException($"{path}: holds no messages.");
        }
        var probe = new List<int>();
        for (int i = 0; i < raw.Count && probe.Count < 20; i++)
        {
            if (!isEml[i])
            {
                probe.Add(i);
            }
        }
        bool messages = MessageTexts.AreMessages(options, probe.Count, k => EmailMessage.LooksLikeMail(raw[probe[k]]));
        bool forced = options.Email == false;
        string[] texts = MessageTexts.ToTexts(raw, i => !forced && (isEml[i] || messages), options.EmailText);
        LabeledData data = LabeledData.FromTexts(texts, [.. labels]).WithOrigin(path, null, null);
        return !forced && (messages || isEml.Contains(true)) ? data.WithEmailText(options.EmailText ?? new EmailTextOptions()) : data;
    }

    /// <summary>The length of the folder prefix every file shares while each lies at least two folders below it.</summary>
    private static int CommonFolders(List<(string Name, byte[] Bytes)> files)
    {
        int strip = 0;
        while (true)
        {
            string first = files[0].Name;
            int slash = first.IndexOf('/', strip);
            if (slash < 0 || first.IndexOf('/', slash + 1) < 0)
            {
                return strip;
            }
            ReadOnlySpan<char> top = first.AsSpan(strip, slash - strip + 1);
            foreach ((string name, _) in files)
            {
                if (!name.AsSpan(strip).StartsWith(top, StringComparison.Ordinal) || name.IndexOf('/', strip + top.Length) < 0)
                {
                    return strip;
                }
            }
            strip = slash + 1;
        }
    }

    private static bool IsHidden(string relative)
    {
        foreach (Range r in relative.AsSpan().Split('/'))
        {
            if (relative.AsSpan()[r].StartsWith('.'))
            {
                return true;
            }
        }
        return false;
    }
}
