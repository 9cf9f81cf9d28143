using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Taxon.Classification.Data;
using Taxon.Classification.Text;

// dotnet run --project bench/email -c Release -- parse DATA_ROOT         e-mail parse throughput on spam-assassin train
// dotnet run --project bench/email -c Release -- dump DATA_ROOT OUT_DIR  texts as DataReader makes them, for representation.py
string mode = args.Length > 0 ? args[0] : "parse";
string root = args.Length > 1 ? args[1] : "../shared/data";
string spam = Path.Combine(root, "spam-assassin");
string news = Path.Combine(root, "20newsgroups-bydate", "20news-bydate.tar.gz");

if (mode == "dump")
{
    string output = args.Length > 2 ? args[2] : "email-dump";
    Directory.CreateDirectory(output);
    foreach (string split in new[] { "train", "test" })
    {
        Dump(Path.Combine(spam, $"{split}.jsonl.gz"), Path.Combine(output, $"spam-{split}-email.jsonl"), new DataReaderOptions());
        Dump(Path.Combine(spam, $"{split}.jsonl.gz"), Path.Combine(output, $"spam-{split}-raw.jsonl"), new DataReaderOptions { Email = false });
        Dump($"{news}/20news-bydate-{split}", Path.Combine(output, $"news-{split}-email.jsonl"), new DataReaderOptions { Email = true });
        Dump($"{news}/20news-bydate-{split}", Path.Combine(output, $"news-{split}-raw.jsonl"), new DataReaderOptions { Email = false });
    }
    return;
}

var texts = new List<string>();
using (var reader = new StreamReader(new GZipStream(File.OpenRead(Path.Combine(spam, "train.jsonl.gz")), CompressionMode.Decompress)))
{
    while (reader.ReadLine() is { } line)
    {
        using var document = JsonDocument.Parse(line);
        texts.Add(document.RootElement.GetProperty("text").GetString()!);
    }
}
int n = texts.Count;
Console.WriteLine($"spam-assassin train: {n} messages, {texts.Sum(t => (long)t.Length) / 1e6:F1} M chars; {Environment.ProcessorCount} cores");
double parse = double.MaxValue, text = double.MaxValue, parallel = double.MaxValue, read = double.MaxValue;
for (int round = 0; round < 7; round++)
{
    var clock = Stopwatch.StartNew();
    foreach (string t in texts)
    {
        _ = EmailMessage.Parse(t);
    }
    parse = Math.Min(parse, clock.Elapsed.TotalSeconds);
    clock.Restart();
    foreach (string t in texts)
    {
        _ = EmailMessage.ToText(t);
    }
    text = Math.Min(text, clock.Elapsed.TotalSeconds);
    clock.Restart();
    var outputs = new string[n];
    Parallel.For(0, n, i => outputs[i] = EmailMessage.ToText(texts[i]));
    parallel = Math.Min(parallel, clock.Elapsed.TotalSeconds);
    clock.Restart();
    _ = DataReader.Read(Path.Combine(spam, "train.jsonl.gz"));
    read = Math.Min(read, clock.Elapsed.TotalSeconds);
}
var each = new double[n];
for (int i = 0; i < n; i++)
{
    long start = Stopwatch.GetTimestamp();
    _ = EmailMessage.ToText(texts[i]);
    each[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
}
Array.Sort(each);
Console.WriteLine($"1 thread, parse: {parse * 1e6 / n:F1} us/message = {n / parse:F0} messages/s");
Console.WriteLine($"1 thread, parse + ToText: {text * 1e6 / n:F1} us/message = {n / text:F0} messages/s; one message p50 {each[n / 2]:F1} us, p90 {each[n * 9 / 10]:F1} us, p99 {each[n * 99 / 100]:F1} us");
Console.WriteLine($"{Environment.ProcessorCount} threads, parse + ToText: {parallel:F3} s = {n / parallel:F0} messages/s");
Console.WriteLine($"DataReader.Read(train.jsonl.gz) (gunzip, JSON, parse, ToText): {read:F3} s = {n / read:F0} messages/s");
if (File.Exists(news))
{
    double asRaw = double.MaxValue, asMail = double.MaxValue;
    for (int round = 0; round < 3; round++)
    {
        var clock = Stopwatch.StartNew();
        _ = DataReader.Read($"{news}/20news-bydate-train");
        asRaw = Math.Min(asRaw, clock.Elapsed.TotalSeconds);
        clock.Restart();
        _ = DataReader.Read($"{news}/20news-bydate-train", new DataReaderOptions { Email = true });
        asMail = Math.Min(asMail, clock.Elapsed.TotalSeconds);
    }
    Console.WriteLine($"DataReader.Read(20news-bydate.tar.gz/20news-bydate-train): raw texts (the default) {asRaw:F3} s, parsed as e-mail {asMail:F3} s");
}

static void Dump(string input, string output, DataReaderOptions options)
{
    LabeledData data = DataReader.Read(input, options);
    using var writer = new StreamWriter(output);
    for (int i = 0; i < data.Count; i++)
    {
        writer.WriteLine(JsonSerializer.Serialize(new { text = data.Texts![i], label = data.Labels[i] }));
    }
}
