using Taxon.Classification.Data;

namespace Taxon.Classification.Tests.Data;

public sealed class CsvReaderTests : IDisposable
{
    private readonly DataFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Reads_a_header_the_label_column_by_name_and_numeric_features()
    {
        string path = _files.Write("train.csv", "a,label,b\n1.5,spam,-2e-1\n\n  3 , ham , 4\n");
        LabeledData data = DataReader.Read(path);
        Assert.Equal(["spam", "ham"], data.Labels);
        Assert.Equal(["a", "b"], data.FeatureNames!);
        Assert.Equal([1.5f, -0.2f, 3f, 4f], data.Features.ToDense().Values.ToArray());
        Assert.Equal([2, 4], data.LineNumbers!);
        Assert.Equal(path, data.Source);
        Assert.Equal($"{path} line 4", data.Describe(1));
    }

    [Fact]
    public void A_file_without_labels_reads_every_column_as_a_feature()
    {
        string path = _files.Write("predict.csv", "a,label,b\n1.5,2,-2e-1\n3,4,5\n");
        LabeledData data = DataReader.Read(path, new DataReaderOptions { HasLabels = false, LabelSeparator = "|" });
        Assert.False(data.IsMultiLabel);
        Assert.Equal(["", ""], data.Labels);
        Assert.Equal(["a", "label", "b"], data.FeatureNames!);
        Assert.Equal([1.5f, 2f, -0.2f, 3f, 4f, 5f], data.Features.ToDense().Values.ToArray());
        string single = _files.Write("one.csv", "7\n8\n");
        Assert.Equal([7f, 8f], DataReader.Read(single, new DataReaderOptions { HasLabels = false, HasHeader = false }).Features.ToDense().Values.ToArray());
    }

    [Fact]
    public void Without_a_header_the_label_is_the_last_column_or_the_one_given_by_index()
    {
        string path = _files.Write("plain.csv", "1,2,x\n3,4,y\n");
        LabeledData data = DataReader.Read(path, new DataReaderOptions { HasHeader = false });
        Assert.Equal(["x", "y"], data.Labels);
        Assert.Equal(2, data.Features.Columns);
        string first = _files.Write("first.csv", "x,1,2\ny,3,4\n");
        Assert.Equal(["x", "y"], DataReader.Read(first, new DataReaderOptions { HasHeader = false, LabelColumn = "0" }).Labels);
        Assert.Equal(["x", "y"], DataReader.Read(first, new DataReaderOptions { HasHeader = false, LabelColumn = "-3" }).Labels);
    }

    [Fact]
    public void Tsv_files_use_tabs_and_quoted_fields_may_hold_the_delimiter()
    {
        string path = _files.Write("data.tsv", "f\tclass\n2.5\t\"a\tb\"\n");
        LabeledData data = DataReader.Read(path);
        Assert.Equal(["a\tb"], data.Labels);
        string csv = _files.Write("quoted.csv", "f,class\n1,\"x, y\"\n");
        Assert.Equal(["x, y"], DataReader.Read(csv).Labels);
        string semicolon = _files.Write("semi.csv", "f;g;target\n1;2;z\n");
        Assert.Equal(["z"], DataReader.Read(semicolon, new DataReaderOptions { Delimiter = ';' }).Labels);
    }

    [Fact]
    public void A_label_separator_makes_the_data_multi_label()
    {
        string path = _files.Write("multi.csv", "x,tags\n1,sports|politics\n2,\n3, politics \n");
        LabeledData data = DataReader.Read(path, new DataReaderOptions { LabelSeparator = "|" });
        Assert.True(data.IsMultiLabel);
        Assert.Equal(["sports", "politics"], data.LabelSets[0]);
        Assert.Empty(data.LabelSets[1]);
        Assert.Equal(["politics"], data.LabelSets[2]);
        Assert.Equal(["politics", "sports"], data.LabelNames!);
    }

    [Fact]
    public void A_text_column_makes_text_data()
    {
        string path = _files.Write("texts.csv", "id,text,label\n1,\"Hello, world\",greet\n2,bye now,part\n");
        LabeledData data = DataReader.Read(path);
        Assert.False(data.HasFeatures);
        Assert.Equal(["Hello, world", "bye now"], data.Texts!);
        Assert.Equal(["greet", "part"], data.Labels);
        string named = _files.Write("body.csv", "body,y\nsome words,a\n");
        Assert.Equal(["some words"], DataReader.Read(named, new DataReaderOptions { TextColumn = "body" }).Texts!);
    }

    [Fact]
    public void Malformed_rows_name_the_file_line_and_column()
    {
        string message = _files.Error("empty-cell.csv", "a,b,label\n1,2,x\n3,,y\n");
        Assert.Contains("empty-cell.csv: line 3: column 'b' is empty", message);
        message = _files.Error("word.csv", "a,b,label\n1,abc,x\n");
        Assert.Contains("line 2: column 'b' holds 'abc', which is not a number", message);
        message = _files.Error("nan.csv", "a,label\nNaN,x\n");
        Assert.Contains("line 2: column 'a' holds 'NaN', which is not a finite", message);
        message = _files.Error("fields.csv", "a,b,label\n1,2,x\n1,2,3,y\n");
        Assert.Contains("line 3: has 4 fields, but the header has 3", message);
        message = _files.Error("nolabel.csv", "a,label\n1,\n");
        Assert.Contains("line 2: column 'label' (the label) is empty", message);
        message = _files.Error("noheader.csv", "1,2,x\n1,q,y\n", new DataReaderOptions { HasHeader = false });
        Assert.Contains("line 2: column 2 holds 'q'", message);
        message = _files.Error("unknown.csv", "a,b\n1,x\n", new DataReaderOptions { LabelColumn = "klass" });
        Assert.Contains("'klass' names no column; the columns are 'a', 'b'", message);
        message = _files.Error("range.csv", "a,b\n1,x\n", new DataReaderOptions { LabelColumn = "5" });
        Assert.Contains("5 is out of range for 2 columns", message);
        Assert.Contains("is empty", _files.Error("nothing.csv", ""));
        message = _files.Error("quote.csv", "a,label\n1,x\n\"2,y\n3,z\n");
        Assert.Contains("quote.csv: line 3: has 1 fields, but the header has 2", message);
    }

    [Fact]
    public void Gzip_compressed_files_are_read_by_their_inner_name()
    {
        string path = _files.Write("train.csv.gz", "a,label\n1,x\n2,y\n");
        LabeledData data = DataReader.Read(path);
        Assert.Equal(["x", "y"], data.Labels);
        string tsv = _files.Write("train.tsv.gz", "a\tlabel\n1\tx\n");
        Assert.Equal(["x"], DataReader.Read(tsv).Labels);
    }

    [Fact]
    public void A_damaged_gzip_file_fails_with_a_message_naming_it()
    {
        string path = _files.Write("broken.csv.gz", "a,label\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"{i},x{i % 7}\n")));
        byte[] bytes = File.ReadAllBytes(path);
        for (int i = 12; i < bytes.Length - 8; i += 3)
        {
            bytes[i] ^= 0x5a;
        }
        File.WriteAllBytes(path, bytes);
        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => DataReader.Read(path)).Message);
    }
}
