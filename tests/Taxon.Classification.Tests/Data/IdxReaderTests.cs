using System.Buffers.Binary;
using System.IO.Compression;
using Taxon.Classification.Data;

namespace Taxon.Classification.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("taxon-idx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Bytes of an idx3 file of <paramref name="count"/> rows×cols images whose pixel k is k mod 256.</summary>
    internal static byte[] Images(int count, int rows, int cols, int? claimedCount = null)
    {
        var bytes = new byte[16 + count * rows * cols];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, 0x00000803);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), claimedCount ?? count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), cols);
        for (int i = 16; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i - 16);
        }
        return bytes;
    }

    internal static byte[] Labels(params byte[] labels)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, 0x00000801);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    internal static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest))
        {
            gz.Write(data);
        }
        return output.ToArray();
    }

    private string Write(string name, byte[] data)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, data);
        return path;
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void ReadsImagesAndFindsLabelsBesideThem(bool gzipImages, bool gzipLabels)
    {
        string images = Write("train-images-idx3-ubyte" + (gzipImages ? ".gz" : ""), Gzipped(Images(3, 4, 5), gzipImages));
        Write("train-labels-idx1-ubyte" + (gzipLabels ? ".gz" : ""), Gzipped(Labels(7, 0, 9), gzipLabels));

        Dataset data = IdxReader.ReadDataset(images);

        Assert.Equal(3, data.Count);
        Assert.Equal([1, 4, 5], data.SampleShape.ToArray());
        Assert.Equal(20, data.FeatureCount);
        Assert.Equal([7, 0, 9], data.Labels.ToArray());
        Assert.Equal(0f, data.Sample(0)[0]);
        Assert.Equal(21f / 255f, data.Sample(1)[1]);
        Assert.Equal(59f / 255f, data.Features[59]);
    }

    [Fact]
    public void GzipIsDetectedByContentNotByName()
    {
        string images = Write("t10k-images-idx3-ubyte", Gzip(Images(2, 2, 2)));
        Write("t10k-labels-idx1-ubyte.gz", Labels(1, 2));
        Assert.Equal(2, IdxReader.ReadDataset(images).Count);
    }

    [Fact]
    public void WrongMagicNumberNamesTheFile()
    {
        string path = Write("train-images-idx3-ubyte", "PK\u0003\u0004 this is a zip"u8.ToArray());
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("not an IDX file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelsFileGivenAsImagesIsExplained()
    {
        string path = Write("x-images-idx3-ubyte", Labels(1, 2, 3));
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains("is this a labels file?", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedPixelsAreReported(bool gzip)
    {
        byte[] full = Images(3, 4, 4);
        string path = Write("a-images-idx3-ubyte", Gzipped(full[..^10], gzip));
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.Contains("3 images of 4x4 pixels", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HeaderAnnouncingMoreThanTheFileCanHoldFailsBeforeAllocating(bool gzip)
    {
        string path = Write("huge-images-idx3-ubyte", Gzipped(Images(2, 28, 28, claimedCount: 2_000_000), gzip));
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains("the header announces 2000000 images of 28x28 pixels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedHeaderIsReported()
    {
        string path = Write("a-labels-idx1-ubyte", [0, 0, 8, 1, 0]);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CutGzipStreamIsReported()
    {
        byte[] gz = Gzip(Images(50, 28, 28));
        string path = Write("cut-images-idx3-ubyte.gz", gz[..(gz.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptGzipIsReported()
    {
        byte[] gz = Gzip(Images(5, 8, 8));
        for (int i = 12; i < gz.Length - 8; i++)
        {
            gz[i] ^= 0x5a;
        }
        string path = Write("bad-images-idx3-ubyte.gz", gz);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtraDataAfterTheImagesIsReported()
    {
        string path = Write("x-images-idx3-ubyte", [.. Images(2, 2, 2), 1, 2, 3]);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains("data after the 2 images", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingLabelsFileListsWhereItLooked()
    {
        string images = Write("train-images-idx3-ubyte.gz", Gzip(Images(2, 2, 2)));
        var e = Assert.Throws<FileNotFoundException>(() => IdxReader.ReadDataset(images));
        Assert.Contains("labels file is missing", e.Message, StringComparison.Ordinal);
        Assert.Contains("train-labels-idx1-ubyte.gz", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImagesFileWithAnUnusualNameNeedsExplicitLabels()
    {
        string images = Write("pictures.bin", Images(2, 2, 2));
        string labels = Write("answers.bin", Labels(4, 5));
        Assert.Throws<FileNotFoundException>(() => IdxReader.ReadDataset(images));
        Assert.Equal([4, 5], IdxReader.ReadDataset(images, labels).Labels.ToArray());
    }

    [Fact]
    public void LabelCountMismatchNamesBothFiles()
    {
        string images = Write("train-images-idx3-ubyte", Images(3, 2, 2));
        string labels = Write("train-labels-idx1-ubyte", Labels(1, 2));
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadDataset(images));
        Assert.Contains(labels, e.Message, StringComparison.Ordinal);
        Assert.Contains(images, e.Message, StringComparison.Ordinal);
        Assert.Contains("2 labels", e.Message, StringComparison.Ordinal);
        Assert.Contains("3 images", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFileAndFolderAreReported()
    {
        Assert.Throws<FileNotFoundException>(() => IdxReader.ReadImages(Path.Combine(_dir, "nope-images-idx3-ubyte")));
        var e = Assert.Throws<FileNotFoundException>(() => IdxReader.ReadImages(_dir));
        Assert.Contains("is a folder", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonByteElementTypeIsRejected()
    {
        byte[] bytes = Images(1, 2, 2);
        bytes[2] = 0x0D; // float32 IDX
        string path = Write("f-images-idx3-ubyte", bytes);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.Contains("type 0x0d", e.Message, StringComparison.Ordinal);
    }

    private static byte[] Gzipped(byte[] data, bool gzip) => gzip ? Gzip(data) : data;
}
