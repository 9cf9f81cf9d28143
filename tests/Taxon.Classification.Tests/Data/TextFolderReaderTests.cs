using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Taxon.Classification.Data;

namespace Taxon.Classification.Tests.Data;

public sealed class TextFolderReaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("taxon-folders-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string relative, byte[] bytes)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Write(string relative, string text) => Write(relative, Encoding.UTF8.GetBytes(text));

    private string Tar(string name, bool gzip, params (string Name, string Text)[] files)
    {
        string path = Path.Combine(_root, name);
        using (Stream file = File.Create(path))
        using (Stream stream = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file)
        using (var tar = new TarWriter(stream, TarEntryFormat.Gnu))
        {
            foreach ((string entryName, string text) in files)
            {
                var entry = new GnuTarEntry(TarEntryType.RegularFile, entryName) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) };
                tar.WriteEntry(entry);
            }
            tar.WriteEntry(new GnuTarEntry(TarEntryType.Directory, "train/empty/"));
        }
        return path;
    }

    [Fact]
    public void One_folder_per_class_gives_texts_labelled_by_folder_in_path_order()
    {
        Write("news/sport/2", "goal");
        Write("news/sport/1", "match report");
        Write("news/politics/deep/3", "vote");
        Write("news/.hidden/4", "skip me");
        Write("news/sport/.DS_Store", "skip me too");
        LabeledData data = DataReader.Read(Path.Combine(_root, "news"));
        Assert.Equal(["vote", "match report", "goal"], data.Texts);
        Assert.Equal(["politics", "sport", "sport"], data.Labels);
        Assert.Equal(DataFormat.TextFolders, DataReader.FormatOf(Path.Combine(_root, "news")));
    }

    [Fact]
    public void Invalid_utf8_files_are_read_as_latin1()
    {
        Write("c/a/1", [0x63, 0x61, 0x66, 0xE9]);
        Write("c/b/2", "caf\u00e9 \u2014 utf8");
        LabeledData data = TextFolderReader.Read(Path.Combine(_root, "c"));
        Assert.Equal(["caf\u00e9", "caf\u00e9 \u2014 utf8"], data.Texts);
    }

    [Fact]
    public void A_tar_gz_is_read_without_extracting_and_a_folder_inside_it_can_be_named()
    {
        string archive = Tar("bydate.tar.gz", gzip: true,
            ("bydate-train/rec.autos/1", "cars"),
            ("bydate-train/sci.space/2", "rockets"),
            ("./bydate-test/rec.autos/3", "engines"),
            ("bydate-test/sci.space/4", "orbits"));
        LabeledData train = DataReader.Read(archive + "/bydate-train");
        Assert.Equal(["cars", "rockets"], train.Texts);
        Assert.Equal(["rec.autos", "sci.space"], train.Labels);
        LabeledData test = DataReader.Read(archive + "/bydate-test/");
        Assert.Equal(["engines", "orbits"], test.Texts);
        Assert.Equal(DataFormat.TextFolders, DataReader.FormatOf(archive + "/bydate-test"));

        string whole = Assert.Throws<InvalidDataException>(() => DataReader.Read(archive)).Message;
        Assert.Contains("look like splits, not classes", whole);
        Assert.Contains(archive + "/bydate-train", whole);
        Assert.Contains("has no files under 'nothing'", Assert.Throws<InvalidDataException>(() => DataReader.Read(archive + "/nothing")).Message);
    }

    [Fact]
    public void A_plain_tar_with_one_top_folder_is_looked_through()
    {
        string archive = Tar("train.tar", gzip: false, ("train/ham/1", "hello"), ("train/spam/2", "buy"));
        LabeledData data = DataReader.Read(archive);
        Assert.Equal(["ham", "spam"], data.Labels);
    }

    [Fact]
    public void Eml_files_and_messages_become_email_texts_unless_turned_off()
    {
        Write("mail/spam/1.eml", "From: a@spam.example\nSubject: Win\n\nCash now");
        Write("mail/ham/2.eml", "From: b@work.example\nSubject: Notes\n\nMinutes attached");
        LabeledData data = DataReader.Read(Path.Combine(_root, "mail"));
        Assert.Equal(["ham", "spam"], data.Labels);
        Assert.Equal("subject: Notes\nfrom_address: b@work.example\nfrom_domain: work.example\ncontent_type: text/plain\nfrom: b@work.example\n\nMinutes attached", data.Texts![0]);
        LabeledData raw = DataReader.Read(Path.Combine(_root, "mail"), new DataReaderOptions { Email = false });
        Assert.Equal("From: b@work.example\nSubject: Notes\n\nMinutes attached", raw.Texts![0]);
    }

    [Fact]
    public void Files_that_look_like_mail_are_read_as_mail_and_usenet_posts_and_plain_texts_are_not()
    {
        Write("mail2/ham/1", "Received: from a by b\nFrom: u@work.example\nSubject: notes\n\nbody one");
        Write("mail2/spam/2", "From: v@win.example\nSubject: win\nMIME-Version: 1.0\nContent-Type: text/html\n\n<p>body two</p>");
        LabeledData mail = DataReader.Read(Path.Combine(_root, "mail2"));
        Assert.Equal("subject: notes\nfrom_address: u@work.example\nfrom_domain: work.example\ncontent_type: text/plain\nreceived: from a by b\nfrom: u@work.example\n\nbody one", mail.Texts![0]);
        Assert.EndsWith("\n\nbody two", mail.Texts[1]);

        Write("posts/comp.graphics/1", "From: u@cs.example.edu\nSubject: cards\nOrganization: CS\n\nbody one");
        Write("posts/sci.med/2", "From: v@med.example.edu\nSubject: aspirin\n\nbody two");
        Assert.Equal("From: u@cs.example.edu\nSubject: cards\nOrganization: CS\n\nbody one", DataReader.Read(Path.Combine(_root, "posts")).Texts![0]);
        LabeledData parsed = DataReader.Read(Path.Combine(_root, "posts"), new DataReaderOptions { Email = true });
        Assert.StartsWith("subject: cards\nfrom_address: u@cs.example.edu\nfrom_domain: cs.example.edu\n", parsed.Texts![0]);

        Write("plain/a/1", "Dear reader: hello\nSecond: line");
        Write("plain/b/2", "just text");
        Assert.Equal(["Dear reader: hello\nSecond: line", "just text"], DataReader.Read(Path.Combine(_root, "plain")).Texts);
    }

    [Fact]
    public void Mbox_files_at_the_root_are_classes_named_after_them()
    {
        Write("boxes/spam.mbox", "From x Mon\nFrom: a@b.example\nSubject: one\n\nbuy\nFrom y Mon\nFrom: c@d.example\nSubject: two\n\nbuy more\n");
        Write("boxes/ham.mbox", "From z Mon\nFrom: e@f.example\nSubject: three\n\nhello\n");
        LabeledData data = DataReader.Read(Path.Combine(_root, "boxes"));
        Assert.Equal(["ham", "spam", "spam"], data.Labels);
        Assert.EndsWith("\n\nbuy more\n", data.Texts![2]);
    }

    [Fact]
    public void Loose_files_need_class_folders_unless_the_data_is_unlabelled()
    {
        Write("loose/1.eml", "From: a@b.example\nSubject: s\n\nx");
        Write("loose/2.eml", "From: c@d.example\nSubject: t\n\ny");
        string message = Assert.Throws<InvalidDataException>(() => DataReader.Read(Path.Combine(_root, "loose"))).Message;
        Assert.Contains("'1.eml' is not inside a class folder", message);
        LabeledData unlabelled = DataReader.Read(Path.Combine(_root, "loose"), new DataReaderOptions { HasLabels = false });
        Assert.Equal(["", ""], unlabelled.Labels);
        Assert.StartsWith("subject: s\n", unlabelled.Texts![0]);
    }

    [Fact]
    public void An_empty_folder_a_missing_path_and_a_corrupt_archive_are_clear_errors()
    {
        Directory.CreateDirectory(Path.Combine(_root, "empty"));
        Assert.Contains("holds no files", Assert.Throws<InvalidDataException>(() => DataReader.Read(Path.Combine(_root, "empty"))).Message);
        string corrupt = Write("broken.tar.gz", [0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7]);
        string error = Assert.ThrowsAny<Exception>(() => DataReader.Read(corrupt)).Message;
        Assert.StartsWith(corrupt, error);
        Assert.ThrowsAny<IOException>(() => TextFolderReader.Read(Path.Combine(_root, "missing")));
    }
}
