using System.Text;
using Taxon.Classification.Text;

namespace Taxon.Classification.Tests.Text;

public sealed class EmailMessageTests
{
    private static EmailMessage Fixture(string name) =>
        EmailMessage.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixtures", "email", name)));

    [Fact]
    public void Multipart_alternative_gives_headers_sender_and_the_plain_text()
    {
        EmailMessage message = Fixture("alternative.eml");
        Assert.True(message.IsParsed);
        Assert.Equal("Caf\u00e9 meeting on Friday", message.Subject);
        Assert.Equal("Anna.Martin@Mail.Example.ORG", message.FromAddress);
        Assert.Equal("mail.example.org", message.FromDomain);
        Assert.Equal("multipart/alternative", message.ContentType);
        Assert.Equal("Let's meet at the caf\u00e9 on Friday. \nA long line that is wrapped by a soft line break.\n", message.PlainText);
        Assert.Equal("Let's meet at the caf\u00e9 on Friday.\nMap", message.HtmlText);
        Assert.Equal(["http://example.org/map"], message.Links);
        Assert.Contains(new KeyValuePair<string, string>("From", "Ann\u00e9e Martin <Anna.Martin@Mail.Example.ORG>"), message.Headers);
        Assert.Contains(new KeyValuePair<string, string>("X-Mailer", "Handwritten 1.0"), message.Headers);
        Assert.Empty(message.Attachments);
    }

    [Fact]
    public void The_text_marks_fields_lists_headers_then_the_body()
    {
        string text = Fixture("alternative.eml").ToText();
        Assert.Equal(
            "subject: Caf\u00e9 meeting on Friday\n"
            + "from_address: Anna.Martin@Mail.Example.ORG\n"
            + "from_domain: mail.example.org\n"
            + "content_type: multipart/alternative\n"
            + "link: http://example.org/map\n"
            + "html_tags: html body p b a\n"
            + "return-path: <anna@example.org>\n"
            + "from: Ann\u00e9e Martin <Anna.Martin@Mail.Example.ORG>\n"
            + "to: Bob <bob@example.com>\n"
            + "date: Mon, 2 Sep 2002 10:00:00 +0200\n"
            + "x-mailer: Handwritten 1.0\n"
            + "mime-version: 1.0\n"
            + "content-type: multipart/alternative; boundary=\"ALT-1\"\n"
            + "\n"
            + "Let's meet at the caf\u00e9 on Friday. \nA long line that is wrapped by a soft line break.\n",
            text);
    }

    [Fact]
    public void Options_leave_out_headers_and_markup_or_keep_both_alternatives()
    {
        EmailMessage message = Fixture("alternative.eml");
        string text = message.ToText(new EmailTextOptions { IncludeHeaders = false, IncludeMarkup = false, PreferPlainText = false });
        Assert.Equal(
            "subject: Caf\u00e9 meeting on Friday\nfrom_address: Anna.Martin@Mail.Example.ORG\nfrom_domain: mail.example.org\ncontent_type: multipart/alternative\n\n"
            + "Let's meet at the caf\u00e9 on Friday. \nA long line that is wrapped by a soft line break.\nLet's meet at the caf\u00e9 on Friday.\nMap",
            text);
    }

    [Fact]
    public void A_base64_html_only_message_gives_its_visible_text_links_and_tags()
    {
        EmailMessage message = Fixture("html-only.eml");
        Assert.Equal("", message.PlainText);
        Assert.Equal("Win & save\nDear friend,\nYou have WON \u20ac1,000 \u2014 claim it here!\ncaf\u00e9 \u00e9t\u00e9\nPrize ACT NOW", message.HtmlText);
        Assert.Equal(["http://win.example.biz/claim?id=7&x=1"], message.Links);
        Assert.Equal(["html", "head", "title", "style", "script", "body", "p", "a", "table", "tr", "td", "img", "font"], message.HtmlTags);
        string text = message.ToText();
        Assert.EndsWith("\n\nWin & save\nDear friend,\nYou have WON \u20ac1,000 \u2014 claim it here!\ncaf\u00e9 \u00e9t\u00e9\nPrize ACT NOW", text);
        Assert.Contains("from_domain: win.example.biz\n", text);
    }

    [Fact]
    public void Attachments_are_listed_by_name_and_type_and_left_out_of_the_body()
    {
        EmailMessage message = Fixture("attachments.eml");
        Assert.Equal(
            [new EmailAttachment("invoice.pdf", "application/pdf"), new EmailAttachment("", "image/png"), new EmailAttachment("r\u00e9sum\u00e9.txt", "text/plain")],
            message.Attachments);
        Assert.Equal("Please find your invoice attached.\n", message.PlainText);
        string text = message.ToText();
        Assert.Contains("attachment: invoice.pdf\nattachment_type: application/pdf\nattachment_type: image/png\nattachment: r\u00e9sum\u00e9.txt\nattachment_type: text/plain\n", text);
        Assert.DoesNotContain("not part of the body", text);
    }

    [Fact]
    public void An_unknown_charset_reads_as_utf8_when_valid_and_latin1_otherwise()
    {
        Assert.Equal("Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e\n", Fixture("broken-charset.eml").PlainText);
        EmailMessage utf8 = EmailMessage.Parse(Encoding.UTF8.GetBytes("Subject: s\nContent-Type: text/plain; charset=bogus\n\nna\u00efve\n"));
        Assert.Equal("na\u00efve\n", utf8.PlainText);
    }

    [Fact]
    public void A_declared_windows_1252_charset_is_honoured()
    {
        Assert.Equal("\u201cQuoted\u201d \u2013 dash and \u20ac euro\n", Fixture("windows-1252.eml").PlainText);
    }

    [Fact]
    public void Eight_bit_header_bytes_read_as_utf8_or_latin1_and_encoded_words_are_decoded()
    {
        EmailMessage message = Fixture("header-8bit.eml");
        Assert.Equal("Caf\u00e9 ouvert", message.Subject);
        Assert.Equal("juergen@beispiel.de", message.FromAddress);
        Assert.Contains(new KeyValuePair<string, string>("From", "J\u00fcrgen M\u00fcller <juergen@beispiel.de>"), message.Headers);
        Assert.Contains(new KeyValuePair<string, string>("To", "Ren\u00e9 <rene@example.fr>"), message.Headers);
    }

    [Fact]
    public void A_missing_boundary_keeps_the_body_as_text()
    {
        EmailMessage message = Fixture("missing-boundary.eml");
        Assert.Equal("No boundary", message.Subject);
        Assert.Contains("The body is still here.", message.PlainText);
    }

    [Fact]
    public void Broken_base64_quoted_printable_and_unknown_transfer_encodings_never_throw()
    {
        EmailMessage message = Fixture("bad-encodings.eml");
        Assert.StartsWith("Hello world", message.PlainText);
        Assert.Contains("Broken =ZZ escape and a dangling", message.PlainText);
        Assert.Contains("Unknown transfer encoding text.", message.PlainText);
    }

    [Fact]
    public void A_forwarded_message_adds_its_subject_and_text()
    {
        Assert.Equal("See below.\nThe original subject\nOriginal body text.", Fixture("forwarded.eml").PlainText);
    }

    [Fact]
    public void Usenet_posts_with_crlf_lines_keep_their_headers_and_lose_their_carriage_returns()
    {
        EmailMessage message = Fixture("crlf-usenet.eml");
        Assert.Equal("news.example.edu", message.FromDomain);
        Assert.Equal("I use the one with the most memory.\n", message.PlainText);
        string text = message.ToText();
        Assert.Contains("organization: Example University\nlines: 3\nnewsgroups: comp.graphics\n", text);
        Assert.DoesNotContain('\r', text);
    }

    [Fact]
    public void Input_without_headers_is_all_body_and_binary_bytes_read_as_latin1()
    {
        EmailMessage message = Fixture("not-a-message.txt");
        Assert.False(message.IsParsed);
        Assert.Equal("\u0000\u0001\u00ffjust some bytes\nwithout headers \u00e9\n", message.PlainText);
        Assert.Equal(message.PlainText, message.ToText());
        Assert.Equal("", EmailMessage.Parse("").ToText());
        Assert.Equal("just text", EmailMessage.ToText("just text"));
    }

    [Fact]
    public void An_mbox_envelope_line_is_skipped_and_text_input_round_trips_utf8()
    {
        EmailMessage message = EmailMessage.Parse("From bob@example.com Mon Sep  2 10:00:00 2002\nFrom: Bob <bob@example.com>\nSubject: na\u00efve\n\nbody \u00e9\n");
        Assert.Equal("na\u00efve", message.Subject);
        Assert.Equal("example.com", message.FromDomain);
        Assert.Equal("body \u00e9\n", message.PlainText);
        Assert.DoesNotContain(message.Headers, h => h.Key.StartsWith("From ", StringComparison.Ordinal));
    }

    [Fact]
    public void Garbage_of_every_kind_never_throws()
    {
        var random = new Random(7);
        string[] seeds =
        [
            "Content-Type: multipart/mixed; boundary=\"x\"\n\n--x\nContent-Type: multipart/mixed; boundary=\"x\"\n\n--x\n",
            "Subject: =?utf-8?B?!!!?= =?bogus?Q?x?=\nFrom: <<<@@@>>>\nContent-Type: ;;;\n\nbody",
            "Content-Transfer-Encoding: base64\nContent-Type: text/html; charset=\"\n\n<<<<<<&&&&#99999999;",
            "From: \"unterminated <a@b>\nSubject:\n\n",
        ];
        foreach (string seed in seeds)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(seed);
            _ = EmailMessage.Parse(bytes).ToText();
            for (int trial = 0; trial < 50; trial++)
            {
                byte[] mutated = (byte[])bytes.Clone();
                for (int k = 0; k < 4; k++)
                {
                    mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
                }
                _ = EmailMessage.Parse(mutated, 0, random.Next(mutated.Length + 1)).ToText();
            }
        }
    }

    [Fact]
    public void Real_spamassassin_messages_give_their_sender_and_body()
    {
        EmailMessage spam = Fixture(Path.Combine("spam-assassin", "spam-spam-2-00990.eml"));
        Assert.Equal("msn.com", spam.FromDomain);
        Assert.Equal("text/html", spam.ContentType);
        Assert.Contains("http://365.sunshinehui.com/creditfix/?cid=1580&mid=17600", spam.Links);
        Assert.Contains("please Click here and enter your name into the remove box", spam.HtmlText);
        foreach (string name in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "fixtures", "email", "spam-assassin")))
        {
            EmailMessage message = EmailMessage.Parse(File.ReadAllBytes(name));
            Assert.True(message.IsParsed);
            Assert.NotEmpty(message.Subject);
            Assert.NotEmpty(message.FromDomain);
            Assert.False(string.IsNullOrWhiteSpace(message.PlainText + message.HtmlText), name);
        }
    }

    [Theory]
    [InlineData("From x@y Mon Sep 2 2002\nanything", true, true)]
    [InlineData("From: a@b\nSubject: s\n\nbody", true, false)]
    [InlineData("From: a@b\nSubject: s\nMIME-Version: 1.0\n\nbody", true, true)]
    [InlineData("Return-Path: <a@b>\nReceived: from x\n  by y\n\nbody", true, true)]
    [InlineData("Xref: cantaloupe.srv.cs.cmu.edu alt.atheism:49960\nPath: a!b\n", true, false)]
    [InlineData("Subject: only one header\n\nbody", false, false)]
    [InlineData("Dear friend: this is text\nmore text", false, false)]
    [InlineData(" indented: first\nSubject: s", false, false)]
    [InlineData("plain text", false, false)]
    public void Messages_and_mail_are_told_from_plain_text(string text, bool message, bool mail)
    {
        Assert.Equal(message, EmailMessage.LooksLikeMessage(text));
        Assert.Equal(message, EmailMessage.LooksLikeMessage(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(mail, EmailMessage.LooksLikeMail(text));
        Assert.Equal(mail, EmailMessage.LooksLikeMail(Encoding.UTF8.GetBytes(text)));
    }
}
