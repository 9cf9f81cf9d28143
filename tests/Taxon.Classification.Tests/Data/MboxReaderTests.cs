using System.Text;
using Taxon.Classification.Data;

namespace Taxon.Classification.Tests.Data;

public sealed class MboxReaderTests : IDisposable
{
    private readonly DataFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Messages_split_at_from_lines_with_escaped_from_lines_unescaped()
    {
        List<byte[]> messages = MboxReader.Split(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixtures", "email", "sample.mbox")), out List<int> lines);
        Assert.Equal(3, messages.Count);
        Assert.Equal([1, 9, 16], lines);
        string first = Encoding.UTF8.GetString(messages[0]);
        Assert.Equal("From alice@example.com Mon Sep  2 10:00:00 2002\nFrom: alice@example.com\nSubject: First\n\nHello.\nFrom the archive: this line was escaped.\n>From twice escaped.\n\n", first);
    }

    [Fact]
    public void An_mbox_file_reads_as_one_class_named_after_it_with_line_numbers()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "email", "sample.mbox");
        LabeledData data = DataReader.Read(path);
        Assert.Equal(DataFormat.Mbox, DataReader.FormatOf(path));
        Assert.Equal(["sample", "sample", "sample"], data.Labels);
        Assert.Equal([1, 9, 16], data.LineNumbers);
        Assert.Equal("subject: Second\nfrom_address: bob@example.com\nfrom_domain: example.com\ncontent_type: text/html\nhtml_tags: p b\nfrom: bob@example.com\ncontent-type: text/html\n\nSecond message", data.Texts![1]);
        Assert.Equal(["", "", ""], DataReader.Read(path, new DataReaderOptions { HasLabels = false }).Labels);
    }

    [Fact]
    public void A_gzipped_mbox_is_read_and_one_without_messages_is_an_error()
    {
        string path = _files.Write("spam.mbox.gz", "From a\nSubject: x\n\nbody\n");
        Assert.Equal(["spam"], DataReader.Read(path).Labels);
        Assert.Contains("holds no messages", _files.Error("empty.mbox", "no envelope line here\n"));
    }
}
