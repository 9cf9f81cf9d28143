using System.Text;
using System.Text.Unicode;
using Taxon.Classification.Text;

namespace Taxon.Classification.Data;

/// <summary>
/// What the text readers share: raw bytes to text (UTF-8 when valid, Latin-1 otherwise), telling raw messages from
/// plain texts, and turning messages into <see cref="EmailMessage.ToText(EmailTextOptions?)"/> texts on every core.
/// </summary>
internal static class MessageTexts
{
    private const int Probe = 20;

    /// <summary>File bytes as text: a UTF-8 byte-order mark is dropped; invalid UTF-8 is read as Latin-1 (every byte one character), not replaced.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("\xEF\xBB\xBF"u8))
        {
            bytes = bytes[3..];
        }
        return Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
    }

    /// <summary>Whether the samples are messages: <see cref="DataReaderOptions.Email"/>, else most of the first 20 look like one.</summary>
    public static bool AreMessages(DataReaderOptions options, int count, Func<int, bool> looksLikeMessage)
    {
        if (options.Email is bool set)
        {
            return set;
        }
        int probed = Math.Min(count, Probe), messages = 0;
        for (int i = 0; i < probed; i++)
        {
            if (looksLikeMessage(i))
            {
                messages++;
            }
        }
        return probed > 0 && messages * 2 > probed;
    }

    /// <summary>The text of each raw sample: a message's <see cref="EmailMessage.ToText(EmailTextOptions?)"/> where <paramref name="isMessage"/> says so, else the decoded bytes.</summary>
    public static string[] ToTexts(IReadOnlyList<byte[]> raw, Func<int, bool> isMessage, EmailTextOptions? options)
    {
        var texts = new string[raw.Count];
        Parallel.For(0, raw.Count, i => texts[i] = isMessage(i) ? EmailMessage.Parse(raw[i]).ToText(options) : Decode(raw[i]));
        return texts;
    }

    /// <summary>Text data whose texts are raw messages (by <see cref="DataReaderOptions.Email"/> or by their look) with each text replaced by its message text; other data unchanged.</summary>
    public static LabeledData Convert(LabeledData data, DataReaderOptions options)
    {
        if (data.Texts is not { } raw || !AreMessages(options, raw.Count, i => EmailMessage.LooksLikeMail(raw[i])))
        {
            return data;
        }
        var texts = new string[raw.Count];
        Parallel.For(0, raw.Count, i => texts[i] = EmailMessage.Parse(raw[i]).ToText(options.EmailText));
        LabeledData converted = data.IsMultiLabel
            ? LabeledData.FromTexts(texts, Sets(data.LabelSets), [.. data.LabelNames!])
            : LabeledData.FromTexts(texts, [.. data.Labels]);
        return converted.WithOrigin(data.Source, data.FeatureNames, data.LineNumbers).WithEmailText(options.EmailText ?? new EmailTextOptions());
    }

    private static string[][] Sets(IReadOnlyList<IReadOnlyList<string>> sets)
    {
        var copy = new string[sets.Count][];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = [.. sets[i]];
        }
        return copy;
    }
}
