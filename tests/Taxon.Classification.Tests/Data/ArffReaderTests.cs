using Taxon.Classification.Data;

namespace Taxon.Classification.Tests.Data;

public sealed class ArffReaderTests : IDisposable
{
    private readonly DataFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static string Sample => Path.Combine(AppContext.BaseDirectory, "fixtures", "multilabel-sample.arff");

    [Fact]
    public void Reads_mulan_multi_label_files_with_the_labels_last()
    {
        LabeledData data = DataReader.Read(Sample, new DataReaderOptions { LabelCount = 3 });
        Assert.True(data.IsMultiLabel);
        Assert.Equal(5, data.Count);
        Assert.Equal(["Class1", "Class2", "Class3"], data.LabelNames!);
        Assert.Equal(["Att1", "Att2", "Att 3", "Att4"], data.FeatureNames!);
        Assert.Equal(["Class2", "Class3"], data.LabelSets[0]);
        Assert.Empty(data.LabelSets[2]);
        Assert.Equal([0.0937f, 0.139771f, -0.062774f, 0.007698f], data.Features.ToDense().RowValues(0).ToArray());
        Assert.Equal([14, 15, 17, 19, 20], data.LineNumbers!);
    }

    [Fact]
    public void Labels_may_come_first_with_a_negative_count()
    {
        string path = _files.Write("first.arff", "@relation r\n@attribute L1 {0,1}\n@attribute L2 {0,1}\n@attribute x numeric\n@data\n1,0,2.5\n1,1,3\n");
        LabeledData data = DataReader.Read(path, new DataReaderOptions { LabelCount = -2 });
        Assert.Equal(["L1"], data.LabelSets[0]);
        Assert.Equal(["L1", "L2"], data.LabelSets[1]);
        Assert.Equal([2.5f, 3f], data.Features.ToDense().Values.ToArray());
    }

    [Fact]
    public void Single_label_files_take_the_class_and_code_nominal_features()
    {
        string path = _files.Write("weather.arff", """
            @RELATION weather
            @ATTRIBUTE outlook {sunny, overcast, 'light rain'}
            @ATTRIBUTE temperature NUMERIC
            @ATTRIBUTE play {yes,no}
            @DATA
            sunny,85,no
            'light rain', 70 ,yes
            overcast,64,yes
            """);
        LabeledData data = DataReader.Read(path);
        Assert.Equal(["no", "yes", "yes"], data.Labels);
        Assert.Equal([0f, 85f, 2f, 70f, 1f, 64f], data.Features.ToDense().Values.ToArray());
        LabeledData byName = DataReader.Read(path, new DataReaderOptions { LabelColumn = "outlook" });
        Assert.Equal(["sunny", "light rain", "overcast"], byName.Labels);
    }

    [Fact]
    public void Sparse_rows_give_a_sparse_matrix_with_omitted_values_zero()
    {
        string path = _files.Write("sparse.arff", "@relation s\n@attribute a numeric\n@attribute b numeric\n@attribute c numeric\n@attribute L1 {0,1}\n@attribute L2 {0,1}\n@data\n{0 1.5, 2 -2, 4 1}\n{1 3, 3 1}\n{}\n");
        LabeledData data = DataReader.Read(path, new DataReaderOptions { LabelCount = 2 });
        Assert.True(data.Features.IsSparse);
        Assert.Equal([1.5f, 0, -2, 0, 3, 0, 0, 0, 0], data.Features.ToDense().Values.ToArray());
        Assert.Equal(["L2"], data.LabelSets[0]);
        Assert.Equal(["L1"], data.LabelSets[1]);
        Assert.Empty(data.LabelSets[2]);
    }

    [Fact]
    public void A_string_attribute_beside_the_class_makes_text_data()
    {
        string path = _files.Write("text.arff", "@relation t\n@attribute text string\n@attribute class {spam,ham}\n@data\n'buy now, cheap',spam\n\"see you\",ham\n");
        LabeledData data = DataReader.Read(path);
        Assert.Equal(["buy now, cheap", "see you"], data.Texts!);
        Assert.Equal(["spam", "ham"], data.Labels);
    }

    [Fact]
    public void Malformed_files_name_the_file_line_and_attribute()
    {
        const string header = "@relation r\n@attribute x numeric\n@attribute c {a,b}\n@data\n";
        Assert.Contains("m.arff: line 6: attribute 'x' is missing ('?')", _files.Error("m.arff", header + "1,a\n?,b\n"));
        Assert.Contains("line 5: attribute 'c' holds 'z', which is not one of its declared values {a,b}", _files.Error("n.arff", header + "1,z\n"));
        Assert.Contains("line 5: has 3 values, but 2 attributes are declared", _files.Error("w.arff", header + "1,a,3\n"));
        Assert.Contains("line 5: attribute 'x' holds 'one', which is not a number", _files.Error("v.arff", header + "one,a\n"));
        Assert.Contains("line 2: attribute 'd' has type 'date", _files.Error("d.arff", "@relation r\n@attribute d date \"yyyy-MM-dd\"\n@attribute c {a,b}\n@data\n"));
        Assert.Contains("line 3: attribute 'c' is one of the 1 label attributes, but is not binary", _files.Error("l.arff", header + "1,a\n", new DataReaderOptions { LabelCount = 1 }));
        Assert.Contains("line 5: label attribute 'L' holds '2'", _files.Error("b.arff", "@relation r\n@attribute x numeric\n@attribute L numeric\n@data\n1,2\n", new DataReaderOptions { LabelCount = 1 }));
        Assert.Contains("line 5: sparse attribute index 0 follows 1", _files.Error("s.arff", header + "{1 a, 0 2}\n"));
        Assert.Contains("line 5: a value starting with ' has no closing quote", _files.Error("q.arff", header + "1,'a\n"));
        Assert.Contains("line 2: expected @relation, @attribute or @data", _files.Error("k.arff", "@relation r\nhello\n"));
        Assert.Contains("has no @data section", _files.Error("h.arff", "@relation r\n@attribute x numeric\n"));
        Assert.Contains("leaves no features", _files.Error("c.arff", header + "1,a\n", new DataReaderOptions { LabelCount = 2 }));
    }

    [Fact]
    public void The_shared_yeast_files_load_when_present()
    {
        string? yeast = FindShared("data/yeast");
        if (yeast is null)
        {
            return; // the shared data sets are not beside this checkout
        }
        var options = new DataReaderOptions { LabelCount = 14 };
        LabeledData train = DataReader.Read(Path.Combine(yeast, "yeast-train.arff"), options);
        LabeledData test = DataReader.Read(Path.Combine(yeast, "yeast-test.arff"), options);
        Assert.Equal(1500, train.Count);
        Assert.Equal(917, test.Count);
        Assert.Equal(103, train.Features.Columns);
        Assert.Equal(103, test.Features.Columns);
        Assert.Equal(Enumerable.Range(1, 14).Select(i => $"Class{i}"), train.LabelNames!);
        // Label counts from the data set's README.
        int[] expected = [476, 645, 598, 532, 441, 378, 261, 289, 98, 161, 198, 1128, 1116, 21];
        for (int l = 0; l < 14; l++)
        {
            Assert.Equal(expected[l], train.LabelSets.Count(s => s.Contains($"Class{l + 1}")));
        }
    }

    /// <summary>The folder shared/<paramref name="relative"/> beside the repository (or one of its parents), if any.</summary>
    internal static string? FindShared(string relative)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
