using Taxon.Classification.Data;
using Taxon.Classification.Text;

namespace Taxon.Classification.Tests.Data;

/// <summary>Raw messages inside JSON Lines and CSV files (the SpamAssassin layout: <c>{"text": raw, "label": ...}</c>).</summary>
public sealed class EmailDataTests : IDisposable
{
    private readonly DataFiles _files = new();

    public void Dispose() => _files.Dispose();

    private const string Spam = "From x@y Mon Sep  2 2002\\nFrom: Winner <win@prize.example>\\nSubject: You won\\n\\nClaim now";
    private const string Ham = "From: Bob <bob@work.example>\\nSubject: Lunch\\nMIME-Version: 1.0\\n\\nNoon?";

    [Fact]
    public void Raw_messages_in_json_lines_become_email_texts()
    {
        string path = _files.Write("mail.jsonl.gz", $"{{\"id\": \"1\", \"label\": \"spam\", \"text\": \"{Spam}\"}}\n{{\"id\": \"2\", \"label\": \"ham\", \"text\": \"{Ham}\"}}\n");
        LabeledData data = DataReader.Read(path);
        Assert.Equal(["spam", "ham"], data.Labels);
        Assert.Equal([1, 2], data.LineNumbers);
        Assert.Equal("subject: You won\nfrom_address: win@prize.example\nfrom_domain: prize.example\ncontent_type: text/plain\nfrom: Winner <win@prize.example>\n\nClaim now", data.Texts![0]);
        Assert.Equal(EmailMessage.ToText("From: Bob <bob@work.example>\nSubject: Lunch\nMIME-Version: 1.0\n\nNoon?"), data.Texts[1]);
        Assert.StartsWith("From x@y", DataReader.Read(path, new DataReaderOptions { Email = false }).Texts![0]);
    }

    [Fact]
    public void Json_fields_for_the_message_and_the_label_can_be_named()
    {
        string path = _files.Write("mail.jsonl", $"{{\"raw\": \"{Spam}\", \"class\": \"spam\"}}\n{{\"raw\": \"{Ham}\", \"class\": [\"ham\", \"work\"]}}\n");
        string message = Assert.Throws<InvalidDataException>(() => DataReader.Read(path, new DataReaderOptions { TextColumn = "raw", LabelColumn = "class" })).Message;
        Assert.Contains("line 2", message);
        string single = _files.Write("single.jsonl", $"{{\"raw\": \"{Spam}\", \"class\": \"spam\"}}\n{{\"raw\": \"{Ham}\", \"class\": \"ham\"}}\n");
        LabeledData data = DataReader.Read(single, new DataReaderOptions { TextColumn = "raw", LabelColumn = "class" });
        Assert.Equal(["spam", "ham"], data.Labels);
        Assert.StartsWith("subject: You won\n", data.Texts![0]);
        Assert.Contains("line 1: has no \"missing\"", Assert.Throws<InvalidDataException>(() => DataReader.Read(single, new DataReaderOptions { TextColumn = "raw", LabelColumn = "missing" })).Message);
    }

    [Fact]
    public void Plain_texts_in_json_lines_and_csv_are_left_alone()
    {
        string json = _files.Write("t.jsonl", "{\"text\": \"Subject: not a mail\", \"label\": \"a\"}\n{\"text\": \"hello\", \"label\": \"b\"}\n");
        Assert.Equal(["Subject: not a mail", "hello"], DataReader.Read(json).Texts);
        string csv = _files.Write("t.csv", "text,label\n\"From: a@b.example\nSubject: hi\n\nbody\",x\nplain,y\n");
        Assert.Equal(["From: a@b.example\nSubject: hi\n\nbody", "plain"], DataReader.Read(csv).Texts);
        Assert.StartsWith("subject: hi\n", DataReader.Read(csv, new DataReaderOptions { Email = true }).Texts![0]);
    }
}
