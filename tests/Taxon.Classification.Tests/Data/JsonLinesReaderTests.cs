using Taxon.Classification.Data;

namespace Taxon.Classification.Tests.Data;

public sealed class JsonLinesReaderTests : IDisposable
{
    private readonly DataFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Reads_texts_with_one_label_or_a_list_of_labels()
    {
        LabeledData single = DataReader.Read(_files.Write("a.jsonl", "{\"id\": 7, \"text\": \"free money\", \"label\": \"spam\"}\n\n{\"text\": \"hi\", \"label\": 1.0}\n"));
        Assert.Equal(["free money", "hi"], single.Texts!);
        Assert.Equal(["spam", "1"], single.Labels);
        Assert.Equal([1, 3], single.LineNumbers!);
        LabeledData multi = DataReader.Read(_files.Write("b.jsonl", "{\"text\": \"x\", \"labels\": [\"b\", \"a\", \"b\"]}\n{\"text\": \"y\", \"labels\": []}\n"));
        Assert.True(multi.IsMultiLabel);
        Assert.Equal(["b", "a"], multi.LabelSets[0]);
        Assert.Empty(multi.LabelSets[1]);
    }

    [Fact]
    public void Reads_dense_and_sparse_features()
    {
        LabeledData dense = DataReader.Read(_files.Write("d.jsonl", "{\"features\": [1, 2.5, -3], \"label\": \"a\"}\n{\"features\": [0, 0, 1e2], \"label\": \"b\"}\n"));
        Assert.False(dense.Features.IsSparse);
        Assert.Equal([1f, 2.5f, -3f, 0f, 0f, 100f], dense.Features.ToDense().Values.ToArray());
        LabeledData sparse = DataReader.Read(_files.Write("s.jsonl", "{\"features\": {\"3\": 1.5, \"0\": 2}, \"label\": \"a\"}\n{\"features\": {}, \"label\": \"b\"}\n"));
        Assert.True(sparse.Features.IsSparse);
        Assert.Equal(4, sparse.Features.Columns);
        Assert.Equal([2f, 0f, 0f, 1.5f, 0f, 0f, 0f, 0f], sparse.Features.ToDense().Values.ToArray());
        LabeledData wide = DataReader.Read(_files.Write("w.jsonl", "{\"features\": {\"1\": 1}, \"label\": \"a\"}\n"), new DataReaderOptions { Columns = 10 });
        Assert.Equal(10, wide.Features.Columns);
    }

    [Fact]
    public void A_json_array_of_samples_is_read_with_line_numbers()
    {
        LabeledData data = DataReader.Read(_files.Write("all.json", "[\n  {\"text\": \"a\", \"label\": \"x\"},\n  {\"text\": \"b\", \"label\": \"y\"}\n]\n"));
        Assert.Equal(["x", "y"], data.Labels);
        Assert.Equal([2, 3], data.LineNumbers!);
    }

    [Fact]
    public void Malformed_lines_name_the_file_line_and_field()
    {
        Assert.Contains("bad.jsonl: line 2: is not valid JSON", _files.Error("bad.jsonl", "{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\", \n"));
        Assert.Contains("line 1: has no \"label\"", _files.Error("nolabel.jsonl", "{\"text\": \"a\"}\n"));
        Assert.Contains("line 1: has neither \"text\" nor \"features\"", _files.Error("nothing.jsonl", "{\"label\": \"a\"}\n"));
        Assert.Contains("line 2: has \"labels\", but the lines before have \"label\"", _files.Error("mixed.jsonl", "{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\", \"labels\": [\"x\"]}\n"));
        Assert.Contains("line 1: \"features\"[1] is a JSON string, not a number", _files.Error("str.jsonl", "{\"features\": [1, \"2\"], \"label\": \"x\"}\n"));
        Assert.Contains("line 2: \"features\" has 3 values, but the first sample with an array has 2", _files.Error("width.jsonl", "{\"features\": [1, 2], \"label\": \"x\"}\n{\"features\": [1, 2, 3], \"label\": \"y\"}\n"));
        Assert.Contains("line 1: \"features\" has the key 'a'", _files.Error("key.jsonl", "{\"features\": {\"a\": 1}, \"label\": \"x\"}\n"));
        Assert.Contains("line 1: \"features\" has column 12, beyond the 10 columns", _files.Error("beyond.jsonl", "{\"features\": {\"12\": 1}, \"label\": \"x\"}\n", new DataReaderOptions { Columns = 10 }));
        Assert.Contains("line 1: \"label\" is empty", _files.Error("empty.jsonl", "{\"text\": \"a\", \"label\": \"\"}\n"));
        Assert.Contains("line 1: holds a JSON array, not an object", _files.Error("arr.jsonl", " [1, 2]\n"));
        Assert.Contains("holds no samples", _files.Error("blank.jsonl", "\n\n"));
    }
}
