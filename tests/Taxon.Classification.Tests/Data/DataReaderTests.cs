using Taxon.Classification.Data;

namespace Taxon.Classification.Tests.Data;

public sealed class DataReaderTests : IDisposable
{
    private readonly DataFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("a.csv", DataFormat.Csv)]
    [InlineData("a.CSV.gz", DataFormat.Csv)]
    [InlineData("a.tsv", DataFormat.Tsv)]
    [InlineData("a.jsonl", DataFormat.JsonLines)]
    [InlineData("a.json.gz", DataFormat.JsonLines)]
    [InlineData("a.svm", DataFormat.SvmLight)]
    [InlineData("a.libsvm", DataFormat.SvmLight)]
    [InlineData("a.arff", DataFormat.Arff)]
    [InlineData("a.arff.gz", DataFormat.Arff)]
    [InlineData("a.mbox", DataFormat.Mbox)]
    [InlineData("spam.mbox.gz", DataFormat.Mbox)]
    [InlineData("news.tar.gz", DataFormat.TextFolders)]
    [InlineData("news.tgz", DataFormat.TextFolders)]
    [InlineData("news.tar", DataFormat.TextFolders)]
    public void The_format_follows_the_name(string name, DataFormat format) => Assert.Equal(format, DataReader.FormatOf(name));

    [Fact]
    public void An_unknown_name_or_a_missing_file_is_a_clear_error()
    {
        Assert.Contains("cannot tell the data format from the name 'a.xlsx'", Assert.Throws<InvalidDataException>(() => DataReader.FormatOf("a.xlsx")).Message);
        string missing = Path.Combine(Path.GetTempPath(), "no-such-dir-taxon", "train.csv");
        Assert.Contains("no such data file", Assert.Throws<FileNotFoundException>(() => DataReader.Read(missing)).Message);
    }

    [Fact]
    public void The_format_setting_overrides_the_name()
    {
        string path = _files.Write("data.dat", "1 1:2\n");
        LabeledData data = DataReader.Read(path, new DataReaderOptions { Format = DataFormat.SvmLight });
        Assert.Equal(["1"], data.Labels);
    }

    [Fact]
    public void Options_are_validated_with_the_setting_named()
    {
        Assert.Contains("LabelSeparator", Assert.Throws<ArgumentException>(() => new DataReaderOptions { LabelSeparator = "" }.Validate()).Message);
        Assert.Contains("Columns", Assert.Throws<ArgumentException>(() => new DataReaderOptions { Columns = -1 }.Validate()).Message);
        Assert.Contains("Delimiter", Assert.Throws<ArgumentException>(() => new DataReaderOptions { Delimiter = '\n' }.Validate()).Message);
    }
}
