using Taxon.Classification.Data;

namespace Taxon.Classification.Tests.Data;

public sealed class FastTextReaderTests : IDisposable
{
    private readonly DataFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Label_words_are_taken_out_and_the_rest_is_the_text()
    {
        string path = _files.Write("train.txt", "__label__sports  Great   match today\n\n__label__politics Vote __label__politics now\n");
        Assert.Equal(DataFormat.FastText, DataReader.FormatOf(path));
        LabeledData data = DataReader.Read(path);
        Assert.False(data.IsMultiLabel);
        Assert.Equal(["Great match today", "Vote now"], data.Texts);
        Assert.Equal(["sports", "politics"], data.Labels);
        Assert.Equal([1, 3], data.LineNumbers);
    }

    [Fact]
    public void Several_labels_on_a_line_make_the_data_multi_label()
    {
        string path = _files.Write("multi.txt.gz", "__label__a __label__b both\n__label__b one\nnone at all\n");
        LabeledData data = DataReader.Read(path);
        Assert.True(data.IsMultiLabel);
        Assert.Equal([["a", "b"], ["b"], []], data.LabelSets);
        Assert.Equal(["a", "b"], data.LabelNames);
        Assert.Equal(["both", "one", "none at all"], data.Texts);
    }

    [Fact]
    public void A_line_without_a_label_is_an_error_naming_it_unless_unlabelled()
    {
        Assert.Contains("line 2: has no label", _files.Error("x.txt", "__label__a text\nno label here\n"));
        string path = _files.Write("predict.txt", "__label__a text\nno label here\n");
        LabeledData data = DataReader.Read(path, new DataReaderOptions { HasLabels = false });
        Assert.Equal(["", ""], data.Labels);
        Assert.Equal(["text", "no label here"], data.Texts);
    }

    [Fact]
    public void An_empty_file_is_an_error()
    {
        Assert.Contains("holds no samples", _files.Error("e.txt", "\n\n", new DataReaderOptions { Format = DataFormat.FastText }));
    }
}
