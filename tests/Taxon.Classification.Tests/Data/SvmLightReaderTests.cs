using Taxon.Classification.Data;

namespace Taxon.Classification.Tests.Data;

public sealed class SvmLightReaderTests : IDisposable
{
    private readonly DataFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Reads_one_based_indices_comments_and_qid_into_a_sparse_matrix()
    {
        string path = _files.Write("train.svm", "# a comment line\n+1 qid:3 1:0.5 3:2 # trailing comment\n-1 2:1.5\n\n1.0 1:0 4:-1\n");
        LabeledData data = DataReader.Read(path);
        Assert.True(data.Features.IsSparse);
        Assert.Equal(4, data.Features.Columns);
        Assert.Equal(["1", "-1", "1"], data.Labels);
        Assert.Equal([0.5f, 0, 2, 0, 0, 1.5f, 0, 0, 0, 0, 0, -1], data.Features.ToDense().Values.ToArray());
        Assert.Equal([2, 3, 5], data.LineNumbers!);
        Assert.Equal(4, data.Features.StoredCount); // the explicit 1:0 is not stored
    }

    [Fact]
    public void Zero_based_indices_are_detected_or_set()
    {
        LabeledData auto = DataReader.Read(_files.Write("zero.libsvm", "a 0:1 2:3\nb 1:2\n"));
        Assert.Equal(3, auto.Features.Columns);
        Assert.Equal(1f, auto.Features[0, 0]);
        LabeledData forced = DataReader.Read(_files.Write("forced.svm", "a 1:1\n"), new DataReaderOptions { ZeroBased = true });
        Assert.Equal(2, forced.Features.Columns);
        Assert.Equal(1f, forced.Features[0, 1]);
        Assert.Contains("line 2: has feature index 0, but the file is read as 1-based",
            _files.Error("bad-zero.svm", "a 1:1\nb 0:1\n", new DataReaderOptions { ZeroBased = false }));
    }

    [Fact]
    public void A_test_file_takes_the_training_column_count()
    {
        LabeledData data = DataReader.Read(_files.Write("test.svm", "a 2:1\n"), new DataReaderOptions { Columns = 6 });
        Assert.Equal(6, data.Features.Columns);
        string message = _files.Error("wide.svm", "a 2:1\nb 1:1 9:2\n", new DataReaderOptions { Columns = 6 });
        Assert.Contains("wide.svm: line 2: has feature index 9, beyond the 6 columns expected (1-based indices", message);
    }

    [Fact]
    public void The_multi_label_form_gives_label_sets()
    {
        LabeledData data = DataReader.Read(_files.Write("multi.svm", "2,5 1:0.3\n1:1\n5 2:1\n"));
        Assert.True(data.IsMultiLabel);
        Assert.Equal(["2", "5"], data.LabelSets[0]);
        Assert.Empty(data.LabelSets[1]);
        Assert.Equal(["5"], data.LabelSets[2]);
        Assert.Equal(["2", "5"], data.LabelNames!);
    }

    [Fact]
    public void Malformed_lines_name_the_file_line_and_token()
    {
        Assert.Contains("line 1: feature index 2 follows 3; indices must ascend strictly", _files.Error("order.svm", "a 3:1 2:1\n"));
        Assert.Contains("line 1: feature index 3 follows 3", _files.Error("repeat.svm", "a 3:1 3:1\n"));
        Assert.Contains("line 2: 'junk' is not an index:value pair", _files.Error("token.svm", "a 1:1\nb junk\n"));
        Assert.Contains("line 1: feature 2 holds 'x', which is not a number", _files.Error("value.svm", "a 2:x\n"));
        Assert.Contains("line 1: feature 2 is empty", _files.Error("novalue.svm", "a 2:\n"));
        Assert.Contains("line 1: 'k:1' has the index 'k'", _files.Error("index.svm", "a k:1\n"));
        Assert.Contains("line 1: has no label before its features", _files.Error("nolabel.svm", "1:1\n", new DataReaderOptions { MultiLabel = false }));
        Assert.Contains("holds no samples", _files.Error("empty.svm", "# nothing\n"));
    }

    [Fact]
    public void A_txt_file_in_libsvm_format_is_recognised()
    {
        Assert.Equal(DataFormat.SvmLight, DataReader.FormatOf(_files.Write("data.txt", "\n1 1:2 3:4\n")));
        Assert.Contains("cannot tell the data format", Assert.Throws<InvalidDataException>(() => DataReader.FormatOf(_files.Write("words.txt", "hello world\n"))).Message);
        Assert.Equal(DataFormat.SvmLight, DataReader.FormatOf(_files.Write("data.txt.gz", "1 1:2\n")));
    }
}
