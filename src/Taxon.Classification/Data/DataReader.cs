using System.IO.Compression;
using System.Text;

namespace Taxon.Classification.Data;

/// <summary>
/// Reads labelled samples from a file or folder, choosing the reader from its name: <c>.csv</c>/<c>.tsv</c>
/// (<see cref="CsvReader"/>), <c>.jsonl</c>/<c>.json</c> (<see cref="JsonLinesReader"/>),
/// <c>.svm</c>/<c>.libsvm</c>/<c>.svmlight</c> (<see cref="SvmLightReader"/>), <c>.arff</c> (<see cref="ArffReader"/>),
/// <c>.mbox</c> (<see cref="MboxReader"/>), and <c>.txt</c> when its first line looks like LIBSVM or fastText
/// (<c>__label__</c>, <see cref="FastTextReader"/>); any of them gzip-compressed (<c>train.csv.gz</c>). A folder, a
/// <c>.tar</c>/<c>.tar.gz</c>/<c>.tgz</c> archive, or a folder inside one (<c>news.tar.gz/train</c>) is texts in one
/// folder per class (<see cref="TextFolderReader"/>). Texts that are raw e-mail messages become marked texts (see
/// <see cref="DataReaderOptions.Email"/>). Every malformed input is an <see cref="InvalidDataException"/> naming the
/// file, the line and the field. Line-based text files (CSV, JSON Lines, fastText) are UTF-8, invalid bytes becoming
/// U+FFFD; whole files (class folders, <c>.eml</c>) and message parts without a usable charset are read as UTF-8 when
/// valid and as Latin-1 otherwise, so no byte is lost.
/// </summary>
public static class DataReader
{
    /// <summary>Reads <paramref name="path"/>; <see cref="DataReaderOptions.Format"/> overrides the choice by name.</summary>
    public static LabeledData Read(string path, DataReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new DataReaderOptions();
        options.Validate();
        DataFormat format = options.Format ?? FormatOf(path);
        return format switch
        {
            DataFormat.Csv or DataFormat.Tsv => MessageTexts.Convert(
                CsvReader.Read(path, options.Delimiter is null ? options with { Delimiter = format == DataFormat.Tsv ? '\t' : ',' } : options), options),
            DataFormat.JsonLines => MessageTexts.Convert(JsonLinesReader.Read(path, options), options),
            DataFormat.SvmLight => SvmLightReader.Read(path, options),
            DataFormat.TextFolders => TextFolderReader.Read(path, options),
            DataFormat.Mbox => MboxReader.Read(path, options),
            DataFormat.FastText => FastTextReader.Read(path, options),
            _ => ArffReader.Read(path, options),
        };
    }

    /// <summary>
    /// The format a path implies: a folder or a tar archive (or a folder inside one) is
    /// <see cref="DataFormat.TextFolders"/>; otherwise the file name, ignoring a <c>.gz</c> suffix, where a <c>.txt</c>
    /// file is LIBSVM when its first data line looks like <c>label index:value ...</c> and fastText when it starts
    /// with <c>__label__</c>. An unknown name is an <see cref="InvalidDataException"/>.
    /// </summary>
    public static DataFormat FormatOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path) || !File.Exists(path) && TextFolderReader.TrySplitArchivePath(path, out _, out _)
            || TextFolderReader.IsArchiveName(path))
        {
            return DataFormat.TextFolders;
        }
        string name = Path.GetFileName(path);
        if (MboxReader.IsMboxName(name))
        {
            return DataFormat.Mbox;
        }
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^3];
        }
        string extension = Path.GetExtension(name).ToLowerInvariant();
        switch (extension)
        {
            case ".csv": return DataFormat.Csv;
            case ".tsv" or ".tab": return DataFormat.Tsv;
            case ".jsonl" or ".json" or ".ndjson": return DataFormat.JsonLines;
            case ".svm" or ".libsvm" or ".svmlight": return DataFormat.SvmLight;
            case ".arff": return DataFormat.Arff;
            case ".txt" when FastTextReader.LooksLikeFastText(path): return DataFormat.FastText;
            case ".txt" when LooksLikeSvmLight(path): return DataFormat.SvmLight;
        }
        throw new InvalidDataException(
            $"{path}: cannot tell the data format from the name '{name}'; use .csv, .tsv, .jsonl, .json, .svm/.libsvm, .arff, .mbox, a .txt file in LIBSVM or fastText format (optionally .gz), a folder or .tar.gz of class folders, or set the format explicitly.");
    }

    /// <summary>Opens a file as UTF-8 text, decompressing it when it starts with the gzip magic bytes.</summary>
    internal static TextReader OpenText(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(Directory.Exists(path) ? $"{path}: is a folder, not a data file." : $"{path}: no such data file.", path);
        }
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            Span<byte> magic = stackalloc byte[2];
            int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            file.Position = 0;
            Stream stream = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
            return new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="read"/>, turning a failure to decompress into a message naming the file.</summary>
    internal static T Guard<T>(string source, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{source}: cannot be read: {e.Message}", e);
        }
    }

    private static bool LooksLikeSvmLight(string path)
    {
        using TextReader reader = OpenText(path);
        for (int n = 0; n < 100 && reader.ReadLine() is { } line; n++)
        {
            int hash = line.IndexOf('#', StringComparison.Ordinal);
            ReadOnlySpan<char> text = (hash >= 0 ? line.AsSpan(0, hash) : line.AsSpan()).Trim();
            if (text.IsEmpty)
            {
                continue;
            }
            int tokens = 0;
            foreach (Range r in text.SplitAny(" \t"))
            {
                ReadOnlySpan<char> token = text[r];
                if (token.IsEmpty)
                {
                    continue;
                }
                if (tokens++ > 0 && token.IndexOf(':') <= 0)
                {
                    return false;
                }
            }
            return tokens > 1;
        }
        return false;
    }
}
