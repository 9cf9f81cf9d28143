using System.Globalization;
using System.Text;

namespace Taxon.Cli.Tests;

/// <summary>
/// Small data sets written into a temporary folder, the same on every run (seeded): three Gaussian blobs with string
/// labels as CSV, LIBSVM and JSON Lines; a two-class CSV; a three-label multi-label set as MULAN ARFF and as CSV with
/// '|'-separated label sets; and broken or mismatched variants for the error tests. Small enough that a training
/// run takes a fraction of a second, overlapping enough that the models make a few mistakes to be counted.
/// </summary>
public sealed class GeneratedDataSets : IDisposable
{
    /// <summary>The blob centres: the classes overlap a little at one standard deviation of noise.</summary>
    private static readonly (string Label, double X, double Y)[] Centres = [("alpha", 0, 0), ("beta", 3, 0), ("gamma", 0, 3)];

    public static readonly string[] BlobLabels = [.. Centres.Select(c => c.Label)];

    public static readonly string[] LabelNames = ["red", "green", "blue"];

    /// <summary>Rows in <see cref="Blobs"/> and its LIBSVM and JSON Lines copies.</summary>
    public const int BlobRows = 120;

    public const int BlobTestRows = 60;

    /// <summary>The 1-based line of <see cref="Malformed"/> (the header is line 1) whose x2 cell is not a number.</summary>
    public const int MalformedLine = 5;

    private readonly string _folder = Directory.CreateTempSubdirectory("taxon-cli-tests-").FullName;

    public GeneratedDataSets()
    {
        var blobs = BlobSamples(BlobRows, seed: 1);
        var blobTest = BlobSamples(BlobTestRows, seed: 2);
        Blobs = Write("blobs.csv", Csv(blobs, "x1,x2,label"));
        BlobsSvmLight = Write("blobs.svm", string.Concat(blobs.Select(s => $"{s.Label} 1:{F(s.X1)} 2:{F(s.X2)}\n")));
        BlobsJsonLines = Write("blobs.jsonl", string.Concat(blobs.Select(s => $"{{\"features\":[{F(s.X1)},{F(s.X2)}],\"label\":\"{s.Label}\"}}\n")));
        BlobsTest = Write("blobs-test.csv", Csv(blobTest, "x1,x2,label"));
        BlobsTestFeatures = Write("blobs-test-features.csv", "x1,x2\n" + string.Concat(blobTest.Select(s => $"{F(s.X1)},{F(s.X2)}\n")));
        BlobsWide = Write("blobs-wide.csv", "x1,x2,x3,label\n" + string.Concat(blobTest.Select(s => $"{F(s.X1)},{F(s.X2)},1.0,{s.Label}\n")));
        TwoClasses = Write("two-classes.csv", Csv(blobs.Where(s => s.Label != "gamma"), "x1,x2,label"));
        TwoClassesTest = Write("two-classes-test.csv", Csv(blobTest.Where(s => s.Label != "gamma"), "x1,x2,label"));

        string[] malformed = Csv(blobs, "x1,x2,label").Split('\n');
        malformed[MalformedLine - 1] = $"{F(blobs[MalformedLine - 2].X1)},abc,{blobs[MalformedLine - 2].Label}";
        Malformed = Write("malformed.csv", string.Join('\n', malformed));

        var sets = LabelSetSamples(BlobRows, seed: 3);
        var setTest = LabelSetSamples(BlobTestRows, seed: 4);
        MultiLabelArff = Write("labels.arff", Arff(sets));
        MultiLabelArffTest = Write("labels-test.arff", Arff(setTest));
        MultiLabelCsv = Write("labels.csv", LabelSetCsv(sets));
        MultiLabelCsvTest = Write("labels-test.csv", LabelSetCsv(setTest));
    }

    /// <summary>Three classes, 120 rows: <c>x1,x2,label</c>.</summary>
    public string Blobs { get; }

    public string BlobsSvmLight { get; }

    public string BlobsJsonLines { get; }

    /// <summary>60 further rows from the same blobs.</summary>
    public string BlobsTest { get; }

    /// <summary><see cref="BlobsTest"/> without its label column.</summary>
    public string BlobsTestFeatures { get; }

    /// <summary><see cref="BlobsTest"/> with a third feature column: the wrong width for a model trained on the blobs.</summary>
    public string BlobsWide { get; }

    /// <summary>The alpha and beta rows of <see cref="Blobs"/>.</summary>
    public string TwoClasses { get; }

    public string TwoClassesTest { get; }

    /// <summary><see cref="Blobs"/> with a non-numeric cell on line <see cref="MalformedLine"/>.</summary>
    public string Malformed { get; }

    /// <summary>MULAN layout: numeric f1, f2, f3, then the {0,1} labels red, green, blue (use --label-count 3).</summary>
    public string MultiLabelArff { get; }

    public string MultiLabelArffTest { get; }

    /// <summary>The same samples as <see cref="MultiLabelArff"/> as <c>f1,f2,f3,labels</c> with <c>red|blue</c> label sets; some are empty.</summary>
    public string MultiLabelCsv { get; }

    public string MultiLabelCsvTest { get; }

    /// <summary>A path in the temporary folder for a file a test writes (a model).</summary>
    public string PathFor(string name) => Path.Combine(_folder, name);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The labels of a CSV file of this class, in row order.</summary>
    public static string[] LabelColumn(string csvPath) => [.. File.ReadLines(csvPath).Skip(1).Where(l => l.Length > 0).Select(l => l[(l.LastIndexOf(',') + 1)..])];

    private string Write(string name, string text)
    {
        string path = PathFor(name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private static (double X1, double X2, string Label)[] BlobSamples(int count, int seed)
    {
        var random = new Random(seed);
        var samples = new (double, double, string)[count];
        for (int i = 0; i < count; i++)
        {
            // Classes in turn, so every split has all three in equal shares.
            var (label, x, y) = Centres[i % Centres.Length];
            samples[i] = (x + Gaussian(random), y + Gaussian(random), label);
        }
        return samples;
    }

    /// <summary>Three features; red when f1 is high, green when f2 is, blue when f1 + f3 is; noise flips a few.</summary>
    private static (double[] Features, bool[] Labels)[] LabelSetSamples(int count, int seed)
    {
        var random = new Random(seed);
        var samples = new (double[], bool[])[count];
        for (int i = 0; i < count; i++)
        {
            double f1 = Gaussian(random), f2 = Gaussian(random), f3 = Gaussian(random);
            double noise() => 0.3 * Gaussian(random);
            samples[i] = ([f1, f2, f3], [f1 + noise() > 0, f2 + noise() > 0.3, f1 + f3 + noise() > 0.5]);
        }
        return samples;
    }

    /// <summary>A standard normal draw (Box–Muller), from the seeded generator only.</summary>
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    private static string Csv(IEnumerable<(double X1, double X2, string Label)> samples, string header) =>
        header + "\n" + string.Concat(samples.Select(s => $"{F(s.X1)},{F(s.X2)},{s.Label}\n"));

    private static string Arff((double[] Features, bool[] Labels)[] samples)
    {
        var text = new StringBuilder("@relation generated\n@attribute f1 numeric\n@attribute f2 numeric\n@attribute f3 numeric\n");
        foreach (string name in LabelNames)
        {
            text.Append("@attribute ").Append(name).Append(" {0,1}\n");
        }
        text.Append("@data\n");
        foreach (var (features, labels) in samples)
        {
            text.AppendJoin(',', features.Select(F)).Append(',').AppendJoin(',', labels.Select(on => on ? "1" : "0")).Append('\n');
        }
        return text.ToString();
    }

    private static string LabelSetCsv((double[] Features, bool[] Labels)[] samples)
    {
        var text = new StringBuilder("f1,f2,f3,labels\n");
        foreach (var (features, labels) in samples)
        {
            text.AppendJoin(',', features.Select(F)).Append(',').AppendJoin('|', LabelNames.Where((_, j) => labels[j])).Append('\n');
        }
        return text.ToString();
    }
}
