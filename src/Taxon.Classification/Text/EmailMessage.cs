using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using MimeKit;

namespace Taxon.Classification.Text;

/// <summary>
/// A raw RFC 822 / MIME message (an <c>.eml</c> file, an mbox entry, a Usenet post) read with MimeKit into what a text
/// classifier uses: headers, subject, sender, the text of its <c>text/plain</c> parts and of its <c>text/html</c>
/// parts with the mark-up stripped (<see cref="Text.HtmlText"/>), link targets and attachment names (Python:
/// <c>email.message_from_bytes</c> plus an HTML-to-text step). Parsing never throws: unknown charsets, broken
/// base64 or quoted-printable, 8-bit bytes in headers and missing boundaries give whatever can be read. Bytes that
/// are not valid in the declared charset (or with none declared) are read as UTF-8 when they are valid UTF-8, and
/// as Latin-1 otherwise. <see cref="ToText(EmailTextOptions?)"/> makes one text for a vectoriser.
/// </summary>
public sealed class EmailMessage
{
    private static readonly ParserOptions Parsing = new()
    {
        // 8-bit header bytes that are not UTF-8: Latin-1 keeps every byte as one character.
        CharsetEncoding = Encoding.Latin1,
        AddressParserComplianceMode = RfcComplianceMode.Loose,
        ParameterComplianceMode = RfcComplianceMode.Loose,
        Rfc2047ComplianceMode = RfcComplianceMode.Loose,
        AllowAddressesWithoutDomain = true,
        AllowUnquotedCommasInAddresses = true,
        RespectContentLength = false,
    };

    private static readonly ConcurrentDictionary<string, Encoding?> Encodings = new(StringComparer.OrdinalIgnoreCase);

    [ThreadStatic]
    private static MimeParser? t_parser;

    [ThreadStatic]
    private static MemoryStream? t_content;

    static EmailMessage()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    private EmailMessage(Parts parts)
    {
        Headers = parts.Headers;
        Subject = parts.Subject;
        FromAddress = parts.FromAddress;
        FromDomain = parts.FromDomain;
        ContentType = parts.ContentType;
        PlainText = parts.Plain.ToString();
        HtmlText = parts.Html.ToString();
        Links = parts.Links;
        HtmlTags = parts.Tags;
        Attachments = parts.Attachments;
        IsParsed = parts.IsParsed;
    }

    /// <summary>
    /// Every header: the field name as written and the value decoded (RFC 2047) and unfolded, in order, except that
    /// the <c>Content-*</c> headers come last.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The decoded subject, or empty.</summary>
    public string Subject { get; }

    /// <summary>The first sender address (<c>From</c>), e.g. <c>joe@example.com</c>, or empty.</summary>
    public string FromAddress { get; }

    /// <summary>The domain of <see cref="FromAddress"/> in lower case, e.g. <c>example.com</c>, or empty.</summary>
    public string FromDomain { get; }

    /// <summary>The MIME type of the message itself, e.g. <c>multipart/alternative</c> (<c>text/plain</c> when it has none).</summary>
    public string ContentType { get; }

    /// <summary>The text of the <c>text/plain</c> parts (and any other inline <c>text/*</c> but HTML), in order.</summary>
    public string PlainText { get; }

    /// <summary>The visible text of the <c>text/html</c> parts, mark-up stripped.</summary>
    public string HtmlText { get; }

    /// <summary>The link targets (<c>a href</c>) of the HTML parts.</summary>
    public IReadOnlyList<string> Links { get; }

    /// <summary>The distinct tag names of the HTML parts, in lower case, in order of first use.</summary>
    public IReadOnlyList<string> HtmlTags { get; }

    /// <summary>The attachments and other non-text parts (images, applications, attached messages' own parts).</summary>
    public IReadOnlyList<EmailAttachment> Attachments { get; }

    /// <summary>False when the input had no readable header block, and the whole of it became <see cref="PlainText"/>.</summary>
    public bool IsParsed { get; }

    /// <summary>Parses a message held as text; it is encoded as UTF-8 for the parser, which restores the original bytes of text that was decoded as UTF-8.</summary>
    public static EmailMessage Parse(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(raw.Length));
        try
        {
            int count = Encoding.UTF8.GetBytes(raw, buffer);
            return Parse(buffer, 0, count);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses the raw bytes of a message.</summary>
    public static EmailMessage Parse(byte[] raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return Parse(raw, 0, raw.Length);
    }

    /// <summary>
    /// Parses the message in <paramref name="buffer"/>[<paramref name="offset"/>..+<paramref name="count"/>]. A leading
    /// mbox envelope line (<c>From sender date</c>) is skipped. The buffer is not kept.
    /// </summary>
    public static EmailMessage Parse(byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, buffer.Length - count);
        ReadOnlySpan<byte> bytes = buffer.AsSpan(offset, count);
        if (bytes.StartsWith("From "u8))
        {
            int eol = bytes.IndexOf((byte)'\n');
            int skip = eol < 0 ? count : eol + 1;
            offset += skip;
            count -= skip;
        }
        var parts = new Parts();
        MimeMessage? message = null;
        if (LooksLikeHeaders(buffer.AsSpan(offset, count)))
        {
            try
            {
                // persistent: the parts' content stays a window on this buffer (no copies); all of it is read before returning.
                var stream = new MemoryStream(buffer, offset, count, writable: false, publiclyVisible: true);
                MimeParser parser = t_parser ??= new MimeParser(Parsing, Stream.Null, MimeFormat.Entity, persistent: true);
                parser.SetStream(stream, MimeFormat.Entity, persistent: true);
                message = parser.ParseMessage();
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException or IOException or NotSupportedException)
            {
                message = null;
            }
        }
        if (message is null)
        {
            AppendBlock(parts.Plain, DecodeText(buffer.AsSpan(offset, count), null));
            return new EmailMessage(parts);
        }
        using (message)
        {
            parts.IsParsed = true;
            ReadHeaders(message, parts);
            if (message.Body is { } body)
            {
                parts.ContentType = body.ContentType.MimeType.ToLowerInvariant();
                Visit(body, parts, 0);
            }
        }
        return new EmailMessage(parts);
    }

    /// <summary>Parses <paramref name="raw"/> and returns <see cref="ToText(EmailTextOptions?)"/> of it.</summary>
    public static string ToText(string raw, EmailTextOptions? options = null) => Parse(raw).ToText(options);

    /// <summary>
    /// One text for a vectoriser: marked fields first, one per line (<c>subject: ...</c>, <c>from_address: ...</c>,
    /// <c>from_domain: example.com</c>, <c>content_type: multipart/mixed</c>, <c>attachment: invoice.pdf</c>,
    /// <c>attachment_type: application/pdf</c>, and by default <c>link: ...</c>, <c>html_tags: ...</c> and every other
    /// header as <c>name: value</c>), then a blank line and the body text (see <see cref="EmailTextOptions"/>).
    /// </summary>
    public string ToText(EmailTextOptions? options = null)
    {
        options ??= Defaults;
        options.Validate();
        var text = new StringBuilder(256 + PlainText.Length + HtmlText.Length);
        if (IsParsed)
        {
            Field(text, "subject", Subject);
            Field(text, "from_address", FromAddress);
            Field(text, "from_domain", FromDomain);
            Field(text, "content_type", ContentType);
            foreach (EmailAttachment attachment in Attachments)
            {
                Field(text, "attachment", attachment.FileName);
                Field(text, "attachment_type", attachment.ContentType);
            }
            if (options.IncludeMarkup)
            {
                foreach (string link in Links)
                {
                    Field(text, "link", link);
                }
                if (HtmlTags.Count > 0)
                {
                    text.Append("html_tags:");
                    foreach (string tag in HtmlTags)
                    {
                        text.Append(' ').Append(tag);
                    }
                    text.Append('\n');
                }
            }
            if (options.IncludeHeaders)
            {
                foreach (KeyValuePair<string, string> header in Headers)
                {
                    if (!header.Key.Equals("Subject", StringComparison.OrdinalIgnoreCase))
                    {
                        AppendLower(text, header.Key);
                        text.Append(": ").Append(header.Value).Append('\n');
                    }
                }
            }
            text.Append('\n');
        }
        text.Append(PlainText);
        if (HtmlText.Length > 0 && (!options.PreferPlainText || string.IsNullOrWhiteSpace(PlainText)))
        {
            if (text.Length > 0 && text[^1] != '\n')
            {
                text.Append('\n');
            }
            text.Append(HtmlText);
        }
        return text.ToString();
    }

    /// <summary>
    /// Whether <paramref name="raw"/> starts like a message: an mbox <c>From </c> line, or a block of at least two
    /// header lines (<c>Name: value</c>) ended by a blank line or the end of the text. E-mail and Usenet posts both do.
    /// </summary>
    public static bool LooksLikeMessage(ReadOnlySpan<char> raw) => Inspect(raw) != Kind.Text;

    /// <summary>Whether <paramref name="raw"/> starts like a message (see <see cref="LooksLikeMessage(ReadOnlySpan{char})"/>).</summary>
    public static bool LooksLikeMessage(ReadOnlySpan<byte> raw) => Inspect(Head(raw, stackalloc char[HeadLength])) != Kind.Text;

    /// <summary>
    /// Whether <paramref name="raw"/> is an e-mail rather than any message: an mbox <c>From </c> line, or a header
    /// block (<see cref="LooksLikeMessage(ReadOnlySpan{char})"/>) with a MIME or mail transport header
    /// (<c>MIME-Version</c>, <c>Content-Type</c>, <c>Received</c>, <c>Return-Path</c>, <c>Delivered-To</c>). Readers
    /// parse such texts by default; Usenet posts (20 Newsgroups) have none, and a vectoriser does as well on their raw text.
    /// </summary>
    public static bool LooksLikeMail(ReadOnlySpan<char> raw) => Inspect(raw) == Kind.Mail;

    /// <summary>Whether <paramref name="raw"/> is an e-mail rather than any message (see <see cref="LooksLikeMail(ReadOnlySpan{char})"/>).</summary>
    public static bool LooksLikeMail(ReadOnlySpan<byte> raw) => Inspect(Head(raw, stackalloc char[HeadLength])) == Kind.Mail;

    private const int HeadLength = 8192;

    private enum Kind { Text, Message, Mail }

    /// <summary>The first bytes of a message as Latin-1 characters: header names are ASCII, so this is enough to inspect them.</summary>
    private static ReadOnlySpan<char> Head(ReadOnlySpan<byte> raw, Span<char> head)
    {
        int n = Math.Min(raw.Length, head.Length);
        for (int i = 0; i < n; i++)
        {
            head[i] = (char)raw[i];
        }
        return head[..n];
    }

    private static Kind Inspect(ReadOnlySpan<char> raw)
    {
        if (raw.StartsWith("From ", StringComparison.Ordinal))
        {
            return Kind.Mail;
        }
        int headers = 0;
        bool mail = false;
        for (int lines = 0; lines < 200 && !raw.IsEmpty; lines++)
        {
            int eol = raw.IndexOf('\n');
            ReadOnlySpan<char> line = (eol < 0 ? raw : raw[..eol]).TrimEnd('\r');
            if (line.IsEmpty)
            {
                break;
            }
            if (line[0] is not (' ' or '\t'))
            {
                int colon = line.IndexOf(':');
                if (colon <= 0 || !IsFieldName(line[..colon]))
                {
                    return Kind.Text;
                }
                ReadOnlySpan<char> name = line[..colon];
                mail |= name.Equals("MIME-Version", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
                    || name.Equals("Received", StringComparison.OrdinalIgnoreCase) || name.Equals("Return-Path", StringComparison.OrdinalIgnoreCase)
                    || name.Equals("Delivered-To", StringComparison.OrdinalIgnoreCase);
                headers++;
            }
            else if (headers == 0)
            {
                return Kind.Text;
            }
            raw = eol < 0 ? [] : raw[(eol + 1)..];
        }
        return headers < 2 ? Kind.Text : mail ? Kind.Mail : Kind.Message;
    }

    private static readonly EmailTextOptions Defaults = new();

    /// <summary>What a parse collects before it becomes an immutable <see cref="EmailMessage"/>.</summary>
    private sealed class Parts
    {
        public List<KeyValuePair<string, string>> Headers { get; } = [];
        public string Subject { get; set; } = "";
        public string FromAddress { get; set; } = "";
        public string FromDomain { get; set; } = "";
        public string ContentType { get; set; } = "text/plain";
        public StringBuilder Plain { get; } = new();
        public StringBuilder Html { get; } = new();
        public List<string> Links { get; } = [];
        public List<string> Tags { get; } = [];
        public List<EmailAttachment> Attachments { get; } = [];
        public bool IsParsed { get; set; }
    }

    /// <summary>A message must open with a header line for MimeKit to find its headers; anything else is body text.</summary>
    private static bool LooksLikeHeaders(ReadOnlySpan<byte> raw)
    {
        int eol = raw.IndexOf((byte)'\n');
        ReadOnlySpan<byte> line = eol < 0 ? raw : raw[..eol];
        int colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return false;
        }
        foreach (byte b in line[..colon])
        {
            if (b <= 32 || b >= 127)
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsFieldName(ReadOnlySpan<char> name)
    {
        foreach (char c in name)
        {
            if (c <= ' ' || c >= 127)
            {
                return false;
            }
        }
        return true;
    }

    private static void ReadHeaders(MimeMessage message, Parts parts)
    {
        // MimeKit files the Content-* headers under the body entity; they are the message's headers all the same.
        IEnumerable<Header> headers = message.Body is { } body ? message.Headers.Concat(body.Headers) : message.Headers;
        foreach (Header header in headers)
        {
            string value;
            try
            {
                value = PlainHeaderValue(header.RawValue) ?? Unfold(header.Value);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException)
            {
                value = Unfold(Encoding.Latin1.GetString(header.RawValue));
            }
            parts.Headers.Add(new(header.Field, value));
            if (parts.Subject.Length == 0 && header.Id == HeaderId.Subject)
            {
                parts.Subject = value;
            }
        }
        foreach (MailboxAddress mailbox in message.From.Mailboxes)
        {
            parts.FromAddress = mailbox.Address ?? "";
            parts.FromDomain = (mailbox.Domain ?? "").ToLowerInvariant();
            break;
        }
        if (parts.FromAddress.Length == 0 && message.Headers[HeaderId.From] is { Length: > 0 } from)
        {
            // Unparsable From (bad quoting, 8-bit names): take the first word with an '@'.
            foreach (Range r in from.AsSpan().SplitAny(" \t<>,;\"()"))
            {
                ReadOnlySpan<char> word = from.AsSpan()[r];
                int at = word.IndexOf('@');
                if (at > 0 && at < word.Length - 1)
                {
                    parts.FromAddress = word.ToString();
                    parts.FromDomain = word[(at + 1)..].ToString().ToLowerInvariant();
                    break;
                }
            }
        }
    }

    private static void Visit(MimeEntity entity, Parts parts, int depth)
    {
        switch (entity)
        {
            case Multipart multipart:
                foreach (MimeEntity child in multipart)
                {
                    Visit(child, parts, depth + 1);
                }
                if (multipart.Count == 0)
                {
                    // The boundary never came (or was never declared): the parser leaves everything in the preamble.
                    AppendBlock(parts.Plain, string.Concat(multipart.Preamble, multipart.Epilogue));
                }
                break;
            case MessagePart { Message: { } attached }:
                // A forwarded or bounced message: its text is part of this one's.
                if (!string.IsNullOrEmpty(attached.Subject))
                {
                    AppendBlock(parts.Plain, attached.Subject);
                }
                if (attached.Body is { } body && depth < 8)
                {
                    Visit(body, parts, depth + 1);
                }
                break;
            case MimePart part:
                VisitPart(part, parts);
                break;
        }
    }

    private static void VisitPart(MimePart part, Parts parts)
    {
        ContentType type = part.ContentType;
        string? fileName = SafeFileName(part);
        bool isText = type.MediaType.Equals("text", StringComparison.OrdinalIgnoreCase);
        if (!isText || part.IsAttachment && fileName is not null)
        {
            parts.Attachments.Add(new EmailAttachment(fileName ?? "", type.MimeType.ToLowerInvariant()));
            return;
        }
        string text = DecodeContent(part, type.Charset);
        if (type.MediaSubtype.Equals("html", StringComparison.OrdinalIgnoreCase))
        {
            if (parts.Html.Length > 0)
            {
                parts.Html.Append('\n');
            }
            Text.HtmlText.Append(text, parts.Html, parts.Links, parts.Tags);
        }
        else
        {
            AppendBlock(parts.Plain, text);
        }
    }

    /// <summary>
    /// The value of a header whose raw bytes are ASCII with no encoded words, unfolded, without MimeKit's RFC 2047
    /// decoder (most headers are; it halves the time spent on headers); null for the others.
    /// </summary>
    private static string? PlainHeaderValue(byte[] raw)
    {
        ReadOnlySpan<byte> bytes = raw;
        if (!System.Text.Ascii.IsValid(bytes) || bytes.IndexOf("=?"u8) >= 0)
        {
            return null;
        }
        int start = 0, end = bytes.Length;
        while (start < end && bytes[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }
        while (end > start && bytes[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            end--;
        }
        bytes = bytes[start..end];
        if (bytes.IndexOfAny("\r\n\t"u8) < 0 && bytes.IndexOf("  "u8) < 0)
        {
            return Encoding.ASCII.GetString(bytes);
        }
        return CollapseWhitespace(bytes);
    }

    private static string CollapseWhitespace(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = bytes.Length <= 1024 ? stackalloc char[bytes.Length] : new char[bytes.Length];
        int n = 0;
        bool space = false;
        foreach (byte b in bytes)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                space = n > 0;
                continue;
            }
            if (space)
            {
                chars[n++] = ' ';
                space = false;
            }
            chars[n++] = (char)b;
        }
        return new string(chars[..n]);
    }

    private static string? SafeFileName(MimePart part)
    {
        try
        {
            string? name = part.FileName;
            return string.IsNullOrWhiteSpace(name) ? null : Unfold(name);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    private static string DecodeContent(MimePart part, string? charset)
    {
        if (part.Content is not { } content)
        {
            return "";
        }
        MemoryStream decoded = t_content ??= new MemoryStream();
        decoded.SetLength(0);
        try
        {
            content.DecodeTo(decoded);
        }
        catch (Exception e) when (e is FormatException or IOException or InvalidOperationException or NotSupportedException)
        {
            // Keep what was decoded before the failure.
        }
        string text = DecodeText(decoded.GetBuffer().AsSpan(0, (int)decoded.Length), charset);
        if (decoded.Capacity > 1 << 20)
        {
            t_content = null;
        }
        return text;
    }

    /// <summary>Bytes to text in the declared charset when it is known and not just ASCII/UTF-8; otherwise UTF-8 when valid, else Latin-1.</summary>
    internal static string DecodeText(ReadOnlySpan<byte> bytes, string? charset)
    {
        if (charset is { Length: > 0 } && EncodingOf(charset) is { } encoding)
        {
            try
            {
                return encoding.GetString(bytes);
            }
            catch (ArgumentException)
            {
                // A decoder that throws on bad input: fall through to the guess.
            }
        }
        return System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
    }

    /// <summary>The encoding a charset names; null for ASCII and UTF-8 (which get the UTF-8-or-Latin-1 guess) and for unknown names.</summary>
    private static Encoding? EncodingOf(string charset) => Encodings.GetOrAdd(charset.Trim().Trim('"'), static name =>
    {
        if (name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            || name.Equals("us-ascii", StringComparison.OrdinalIgnoreCase) || name.Equals("ascii", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    });

    private static string Unfold(string value)
    {
        if (value.AsSpan().IndexOfAny('\r', '\n', '\t') < 0 && !value.Contains("  ", StringComparison.Ordinal))
        {
            return value.Trim();
        }
        var text = new StringBuilder(value.Length);
        bool space = false;
        foreach (char c in value)
        {
            if (c is '\r' or '\n' or '\t' or ' ')
            {
                space = text.Length > 0;
                continue;
            }
            if (space)
            {
                text.Append(' ');
                space = false;
            }
            text.Append(c);
        }
        return text.ToString();
    }

    private static void AppendBlock(StringBuilder text, string block)
    {
        if (text.Length > 0 && text[^1] != '\n')
        {
            text.Append('\n');
        }
        int start = 0;
        for (int cr; (cr = block.IndexOf('\r', start)) >= 0; start = cr + 1)
        {
            // CRLF line ends (and stray CRs) become LF, so texts do not differ by their line ends.
            text.Append(block, start, cr - start);
            if (cr + 1 >= block.Length || block[cr + 1] != '\n')
            {
                text.Append('\n');
            }
        }
        text.Append(block, start, block.Length - start);
    }

    private static void Field(StringBuilder text, string name, string value)
    {
        if (value.Length > 0)
        {
            text.Append(name).Append(": ").Append(value.AsSpan().IndexOfAny('\r', '\n') < 0 ? value : Unfold(value)).Append('\n');
        }
    }

    private static void AppendLower(StringBuilder text, string name)
    {
        foreach (char c in name)
        {
            text.Append(char.ToLowerInvariant(c));
        }
    }
}
