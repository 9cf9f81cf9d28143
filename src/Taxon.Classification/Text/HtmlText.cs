using System.Net;
using System.Text;

namespace Taxon.Classification.Text;

/// <summary>
/// The visible text of an HTML document or fragment, for a text vectoriser (in the spirit of BeautifulSoup's
/// <c>get_text()</c>, without building a tree): tags and comments removed, the contents of <c>script</c>,
/// <c>style</c>, <c>head</c>-only elements and the like dropped, character references (<c>&amp;amp;</c>,
/// <c>&amp;#233;</c>, <c>&amp;eacute;</c>) decoded, block elements (<c>p</c>, <c>div</c>, <c>br</c>, <c>tr</c>, ...) turned
/// into line breaks and other whitespace runs into one space. Broken markup (an unclosed tag or comment, a stray
/// <c>&lt;</c>) never throws: what follows an unclosed construct is dropped, a <c>&lt;</c> that starts no tag is text.
/// </summary>
public static class HtmlText
{
    /// <summary>The visible text of <paramref name="html"/>.</summary>
    public static string ToPlainText(ReadOnlySpan<char> html)
    {
        var text = new StringBuilder(html.Length / 2);
        Append(html, text, null, null);
        return text.ToString();
    }

    /// <summary>
    /// Appends the visible text of <paramref name="html"/> to <paramref name="text"/>; when given, adds each link
    /// target (<c>a href</c>) to <paramref name="links"/> and each tag name not yet there to <paramref name="tags"/>,
    /// in lower case (mark-up itself is a strong spam signal, lost with the tags).
    /// </summary>
    internal static void Append(ReadOnlySpan<char> html, StringBuilder text, List<string>? links, List<string>? tags)
    {
        int start = text.Length;
        int i = 0;
        while (i < html.Length)
        {
            int lt = html[i..].IndexOf('<');
            if (lt < 0)
            {
                AppendText(html[i..], text);
                break;
            }
            lt += i;
            AppendText(html[i..lt], text);
            i = SkipMarkup(html, lt, text, links, tags);
        }
        int end = text.Length;
        while (end > start && text[end - 1] is ' ' or '\n')
        {
            end--;
        }
        text.Length = end;
    }

    /// <summary>Consumes the construct that starts with '&lt;' at <paramref name="lt"/>; returns the index after it.</summary>
    private static int SkipMarkup(ReadOnlySpan<char> html, int lt, StringBuilder text, List<string>? links, List<string>? tags)
    {
        ReadOnlySpan<char> rest = html[(lt + 1)..];
        if (rest.StartsWith("!--"))
        {
            int end = rest[3..].IndexOf("-->");
            return end < 0 ? html.Length : lt + 1 + 3 + end + 3;
        }
        if (rest.Length > 0 && rest[0] is '!' or '?')
        {
            int end = rest.IndexOf('>');
            return end < 0 ? html.Length : lt + 1 + end + 1;
        }
        bool closing = rest.Length > 0 && rest[0] == '/';
        int nameStart = closing ? 1 : 0;
        int nameEnd = nameStart;
        while (nameEnd < rest.Length && (char.IsAsciiLetterOrDigit(rest[nameEnd]) || rest[nameEnd] is '-' or ':'))
        {
            nameEnd++;
        }
        if (nameEnd == nameStart || !char.IsAsciiLetter(rest[nameStart]))
        {
            // "a < b", "<3": not a tag.
            text.Append('<');
            return lt + 1;
        }
        int close = TagEnd(rest, nameEnd, out int next);
        if (close < 0)
        {
            return html.Length;
        }
        ReadOnlySpan<char> name = rest[nameStart..nameEnd];
        ReadOnlySpan<char> attributes = rest[nameEnd..close];
        int after = lt + 1 + next;
        Span<char> lower = stackalloc char[16];
        int length = Math.Min(name.Length, lower.Length);
        name[..length].ToLowerInvariant(lower);
        ReadOnlySpan<char> tag = lower[..length];
        if (tags is not null && !closing && !Contains(tags, tag))
        {
            tags.Add(tag.ToString());
        }
        if (!closing && IsRawText(tag))
        {
            // Skip to the matching end tag: script and style bodies may hold '<' that is not mark-up.
            int end = IndexOfEndTag(html, after, tag);
            return end < 0 ? html.Length : end;
        }
        if (!closing && links is not null && tag is "a" or "area" && Attribute(attributes, "href") is { Length: > 0 } href)
        {
            links.Add(WebUtility.HtmlDecode(href.ToString()).Trim());
        }
        if (IsBlock(tag))
        {
            LineBreak(text);
        }
        else if (tag is "td" or "th" or "img" or "input" or "option")
        {
            Space(text);
        }
        if (!closing && tag is "img" && Attribute(attributes, "alt") is { Length: > 0 } alt)
        {
            AppendText(alt, text);
            Space(text);
        }
        return after;
    }

    /// <summary>
    /// The index where a tag's attributes end (its '&gt;', past quoted values; -1 when the tag never ends), and in
    /// <paramref name="next"/> where the text after it starts.
    /// </summary>
    private static int TagEnd(ReadOnlySpan<char> rest, int from, out int next)
    {
        next = rest.Length;
        char quote = '\0';
        for (int k = from; k < rest.Length; k++)
        {
            char c = rest[k];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c == '>')
            {
                next = k + 1;
                return k;
            }
            else if (c is '"' or '\'' && k > 0 && rest[k - 1] == '=')
            {
                quote = c;
            }
            else if (c == '<')
            {
                // A new tag before this one closed: this one ends here.
                next = k;
                return k;
            }
        }
        return -1;
    }

    /// <summary>The index just after <c>&lt;/name ...&gt;</c> at or after <paramref name="from"/>, -1 when absent.</summary>
    private static int IndexOfEndTag(ReadOnlySpan<char> html, int from, ReadOnlySpan<char> name)
    {
        int i = from;
        while (i < html.Length)
        {
            int k = html[i..].IndexOf("</", StringComparison.Ordinal);
            if (k < 0)
            {
                return -1;
            }
            k += i + 2;
            if (html[k..].StartsWith(name, StringComparison.OrdinalIgnoreCase))
            {
                int end = html[k..].IndexOf('>');
                return end < 0 ? html.Length : k + end + 1;
            }
            i = k;
        }
        return -1;
    }

    /// <summary>The raw value of attribute <paramref name="name"/> in a tag's attribute text, quotes removed.</summary>
    private static ReadOnlySpan<char> Attribute(ReadOnlySpan<char> attributes, string name)
    {
        int i = 0;
        while (i < attributes.Length)
        {
            int k = attributes[i..].IndexOf(name, StringComparison.OrdinalIgnoreCase);
            if (k < 0)
            {
                return [];
            }
            k += i;
            int j = k + name.Length;
            bool startsWord = k == 0 || !char.IsAsciiLetterOrDigit(attributes[k - 1]) && attributes[k - 1] != '-';
            while (j < attributes.Length && char.IsWhiteSpace(attributes[j]))
            {
                j++;
            }
            if (!startsWord || j >= attributes.Length || attributes[j] != '=')
            {
                i = k + name.Length;
                continue;
            }
            j++;
            while (j < attributes.Length && char.IsWhiteSpace(attributes[j]))
            {
                j++;
            }
            if (j >= attributes.Length)
            {
                return [];
            }
            if (attributes[j] is '"' or '\'')
            {
                char quote = attributes[j];
                int end = attributes[(j + 1)..].IndexOf(quote);
                return end < 0 ? attributes[(j + 1)..] : attributes.Slice(j + 1, end);
            }
            int stop = j;
            while (stop < attributes.Length && !char.IsWhiteSpace(attributes[stop]))
            {
                stop++;
            }
            return attributes[j..stop];
        }
        return [];
    }

    private static bool IsRawText(ReadOnlySpan<char> tag) =>
        tag is "script" or "style" or "noscript" or "template" or "textarea" or "xml" or "object" or "applet";

    private static bool IsBlock(ReadOnlySpan<char> tag) =>
        tag is "p" or "div" or "br" or "tr" or "li" or "ul" or "ol" or "table" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6"
            or "hr" or "blockquote" or "pre" or "body" or "html" or "center" or "dl" or "dt" or "dd" or "form" or "section"
            or "article" or "header" or "footer" or "address" or "tbody" or "thead";

    private static bool Contains(List<string> tags, ReadOnlySpan<char> tag)
    {
        foreach (string t in tags)
        {
            if (tag.SequenceEqual(t))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Appends a run of character data, decoding references and collapsing whitespace.</summary>
    private static void AppendText(ReadOnlySpan<char> run, StringBuilder text)
    {
        if (run.IsEmpty)
        {
            return;
        }
        if (run.Contains('&'))
        {
            AppendCollapsed(WebUtility.HtmlDecode(run.ToString()), text);
        }
        else
        {
            AppendCollapsed(run, text);
        }
    }

    private static void AppendCollapsed(ReadOnlySpan<char> run, StringBuilder text)
    {
        int i = 0;
        while (i < run.Length)
        {
            int ws = i;
            while (ws < run.Length && !char.IsWhiteSpace(run[ws]))
            {
                ws++;
            }
            if (ws > i)
            {
                text.Append(run[i..ws]);
            }
            if (ws == run.Length)
            {
                break;
            }
            Space(text);
            i = ws + 1;
            while (i < run.Length && char.IsWhiteSpace(run[i]))
            {
                i++;
            }
        }
    }

    private static void Space(StringBuilder text)
    {
        if (text.Length > 0 && text[^1] is not (' ' or '\n'))
        {
            text.Append(' ');
        }
    }

    private static void LineBreak(StringBuilder text)
    {
        TrimEnd(text);
        if (text.Length > 0 && text[^1] != '\n')
        {
            text.Append('\n');
        }
    }

    private static void TrimEnd(StringBuilder text)
    {
        int end = text.Length;
        while (end > 0 && text[end - 1] == ' ')
        {
            end--;
        }
        text.Length = end;
    }
}
