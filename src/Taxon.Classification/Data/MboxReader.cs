using System.IO.Compression;
using Taxon.Classification.Text;

namespace Taxon.Classification.Data;

/// <summary>
/// Reads an mbox file (Python: <c>mailbox.mbox</c>): messages start at lines beginning with <c>From </c>, and a body
/// line escaped as <c>&gt;From </c> (or <c>&gt;&gt;From </c>, mboxrd) loses one <c>&gt;</c>. Each message becomes its
/// <see cref="EmailMessage.ToText(EmailTextOptions?)"/> text, with the line of its <c>From </c> line as its line number.
/// An mbox holds one class: every message gets the file's name without extensions as its label (<c>spam.mbox</c>:
/// <c>spam</c>), or the empty label when <see cref="DataReaderOptions.HasLabels"/> is false; a folder of mbox files,
/// one per class, is read by <see cref="TextFolderReader"/>. Gzip-compressed files are read as they are.
/// </summary>
public static class MboxReader
{
    /// <summary>Reads the mbox file at <paramref name="path"/>.</summary>
    public static LabeledData Read(string path, DataReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new DataReaderOptions();
        options.Validate();
        return DataReader.Guard(path, () =>
        {
            byte[] bytes = ReadAllBytes(path);
            List<byte[]> messages = Split(bytes, out List<int> lines);
            if (messages.Count == 0)
            {
                throw new InvalidDataException($"{path}: holds no messages (an mbox message starts with a line 'From sender date').");
            }
            string label = options.HasLabels ? LabelOf(path) : "";
            string[] texts = MessageTexts.ToTexts(messages, _ => true, options.EmailText);
            return LabeledData.FromTexts(texts, Enumerable.Repeat(label, texts.Length).ToArray()).WithOrigin(path, null, [.. lines]).WithEmailText(options.EmailText ?? new EmailTextOptions());
        });
    }

    /// <summary>
    /// The messages of an mbox, each with its <c>From </c> line and with <c>&gt;From </c> unescaped; text before the
    /// first <c>From </c> line is ignored. <paramref name="lines"/> gets the 1-based line of each message's start.
    /// </summary>
    public static List<byte[]> Split(ReadOnlySpan<byte> mbox, out List<int> lines)
    {
        var messages = new List<byte[]>();
        lines = [];
        var current = new MemoryStream(4096);
        bool inMessage = false;
        int line = 0;
        while (!mbox.IsEmpty)
        {
            line++;
            int eol = mbox.IndexOf((byte)'\n');
            ReadOnlySpan<byte> text = eol < 0 ? mbox : mbox[..(eol + 1)];
            mbox = eol < 0 ? [] : mbox[(eol + 1)..];
            if (text.StartsWith("From "u8))
            {
                if (inMessage)
                {
                    messages.Add(Finish(current));
                }
                inMessage = true;
                lines.Add(line);
            }
            else if (!inMessage)
            {
                continue;
            }
            else if (IsEscapedFrom(text))
            {
                text = text[1..];
            }
            current.Write(text);
        }
        if (inMessage)
        {
            messages.Add(Finish(current));
        }
        return messages;
    }

    /// <summary>The label an mbox file gives its messages: its name without extensions (<c>spam.mbox.gz</c>: <c>spam</c>).</summary>
    internal static string LabelOf(string name)
    {
        string label = Path.GetFileName(name);
        int dot = label.IndexOf('.', 1);
        return dot > 0 ? label[..dot] : label;
    }

    /// <summary>Whether a name is an mbox file's: <c>.mbox</c> or <c>.mbx</c>, optionally gzip-compressed.</summary>
    internal static bool IsMboxName(string name)
    {
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^3];
        }
        return name.EndsWith(".mbox", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".mbx", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The bytes of a file, decompressed when it starts with the gzip magic bytes.</summary>
    internal static byte[] ReadAllBytes(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(Directory.Exists(path) ? $"{path}: is a folder, not a data file." : $"{path}: no such data file.", path);
        }
        byte[] bytes = File.ReadAllBytes(path);
        return Gunzip(bytes);
    }

    /// <summary><paramref name="bytes"/>, decompressed when they start with the gzip magic bytes.</summary>
    internal static byte[] Gunzip(byte[] bytes)
    {
        if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b)
        {
            return bytes;
        }
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var plain = new MemoryStream(bytes.Length * 4);
        gzip.CopyTo(plain);
        return plain.ToArray();
    }

    private static bool IsEscapedFrom(ReadOnlySpan<byte> line)
    {
        int quotes = 0;
        while (quotes < line.Length && line[quotes] == '>')
        {
            quotes++;
        }
        return quotes > 0 && line[quotes..].StartsWith("From "u8);
    }

    private static byte[] Finish(MemoryStream current)
    {
        byte[] message = current.ToArray();
        current.SetLength(0);
        return message;
    }
}
