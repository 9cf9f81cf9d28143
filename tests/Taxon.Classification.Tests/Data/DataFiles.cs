using System.IO.Compression;
using System.Text;

namespace Taxon.Classification.Tests.Data;

/// <summary>A temporary folder for data files written by a test.</summary>
public sealed class DataFiles : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("taxon-data-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Writes <paramref name="text"/> (UTF-8, gzip-compressed when the name ends in .gz) and returns its path.</summary>
    public string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var output = File.Create(path);
            using var gz = new GZipStream(output, CompressionLevel.Fastest);
            gz.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }
        return path;
    }

    /// <summary>The message of the <see cref="InvalidDataException"/> that reading <paramref name="text"/> as <paramref name="name"/> throws.</summary>
    public string Error(string name, string text, Taxon.Classification.Data.DataReaderOptions? options = null)
    {
        string path = Write(name, text);
        return Assert.Throws<InvalidDataException>(() => Taxon.Classification.Data.DataReader.Read(path, options)).Message;
    }
}
