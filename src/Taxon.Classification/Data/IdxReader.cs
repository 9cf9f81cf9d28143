using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics.Tensors;

namespace Taxon.Classification.Data;

/// <summary>
/// Reads the IDX files of MNIST and Fashion-MNIST (<c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>),
/// plain or gzip-compressed, told apart by their first bytes rather than their names (torchvision:
/// <c>read_image_file</c>/<c>read_label_file</c>). Pixels become float32 in [0, 1] (byte / 255, as
/// <c>ToTensor()</c> does). A damaged or mismatched file fails with an <see cref="InvalidDataException"/> that names
/// the file and what is wrong with it.
/// </summary>
public static class IdxReader
{
    private const int UnsignedByteType = 0x08;
    private const int ChunkBytes = 1 << 16;

    /// <summary>The most that deflate can expand data (1032:1), bounding what a gzip file can hold.</summary>
    private const long MaxDeflateRatio = 1032;

    /// <summary>
    /// Reads an images file and its labels into a <see cref="Dataset"/> of [1, rows, cols] samples. Without
    /// <paramref name="labelsPath"/>, the labels file is the one beside the images named as MNIST names it
    /// (<see cref="FindLabelsFile"/>).
    /// </summary>
    public static Dataset ReadDataset(string imagesPath, string? labelsPath = null)
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        // The images first: a wrong file (labels given as images) is then reported as such, not as "labels missing".
        var (pixels, count, rows, cols) = ReadImages(imagesPath);
        labelsPath ??= FindLabelsFile(imagesPath);
        int[] labels = ReadLabels(labelsPath);
        if (labels.Length != count)
        {
            throw new InvalidDataException(
                $"{labelsPath}: holds {labels.Length} labels but the images file {imagesPath} holds {count} images; the two files do not belong together.");
        }
        return new Dataset(pixels, labels, 1, rows, cols) { Source = imagesPath };
    }

    /// <summary>Whether <paramref name="path"/> is named like an IDX images file (<c>*-images-idx3-ubyte</c>, optionally <c>.gz</c>).</summary>
    public static bool IsImagesFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string name = Path.GetFileName(path);
        return name.Contains("idx3-ubyte", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The labels file that belongs to an images file: the same name with <c>images-idx3</c> replaced by
    /// <c>labels-idx1</c>, in the same folder, gzip-compressed or not (<c>t10k-images-idx3-ubyte.gz</c> →
    /// <c>t10k-labels-idx1-ubyte.gz</c> or <c>t10k-labels-idx1-ubyte</c>).
    /// </summary>
    public static string FindLabelsFile(string imagesPath)
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        string name = Path.GetFileName(imagesPath);
        int at = name.IndexOf("images-idx3", StringComparison.Ordinal);
        if (at < 0)
        {
            throw new FileNotFoundException(
                $"{imagesPath}: cannot find its labels file: an images file is expected to be named like " +
                "'train-images-idx3-ubyte[.gz]' with 'train-labels-idx1-ubyte[.gz]' beside it.", imagesPath);
        }
        string folder = Path.GetDirectoryName(imagesPath) ?? "";
        string labelsName = string.Concat(name.AsSpan(0, at), "labels-idx1", name.AsSpan(at + "images-idx3".Length));
        string stem = labelsName.EndsWith(".gz", StringComparison.Ordinal) ? labelsName[..^3] : labelsName;
        string[] candidates = [Path.Combine(folder, labelsName), Path.Combine(folder, stem), Path.Combine(folder, stem + ".gz")];
        foreach (string candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException(
            $"{imagesPath}: its labels file is missing: looked for {string.Join(" and ", candidates.Distinct())}.", candidates[0]);
    }

    /// <summary>Reads an idx3 images file: pixels / 255 as float32, image after image, row-major.</summary>
    public static (float[] Pixels, int Count, int Rows, int Cols) ReadImages(string path)
    {
        using Stream stream = Open(path);
        int[] dims = ReadHeader(stream, path, expectedDims: 3, "images (idx3)");
        int count = dims[0], rows = dims[1], cols = dims[2];
        long total = (long)count * rows * cols;
        if (total > Array.MaxLength)
        {
            throw new InvalidDataException($"{path}: {count} images of {rows}x{cols} pixels are more than one array can hold.");
        }
        CheckPlausible(path, 16 + total, $"{count} images of {rows}x{cols} pixels");
        var pixels = GC.AllocateUninitializedArray<float>((int)total);
        byte[] chunk = new byte[ChunkBytes];
        long done = 0;
        while (done < total)
        {
            int want = (int)Math.Min(chunk.Length, total - done);
            int got = ReadFully(stream, chunk.AsSpan(0, want), path);
            Span<float> target = pixels.AsSpan((int)done, got);
            TensorPrimitives.ConvertTruncating<byte, float>(chunk.AsSpan(0, got), target);
            // Division rather than multiplication by 1/255, to give the same floats as NumPy's x / 255.
            TensorPrimitives.Divide(target, 255f, target);
            done += got;
            if (got < want)
            {
                throw Truncated(path, $"{count} images of {rows}x{cols} pixels need {total} bytes after the header, but only {done} are there");
            }
        }
        CheckEnd(stream, path, $"{count} images of {rows}x{cols} pixels");
        return (pixels, count, rows, cols);
    }

    /// <summary>Reads an idx1 labels file.</summary>
    public static int[] ReadLabels(string path)
    {
        using Stream stream = Open(path);
        int count = ReadHeader(stream, path, expectedDims: 1, "labels (idx1)")[0];
        CheckPlausible(path, 8 + (long)count, $"{count} labels");
        byte[] raw = GC.AllocateUninitializedArray<byte>(count);
        int got = ReadFully(stream, raw, path);
        if (got < count)
        {
            throw Truncated(path, $"{count} labels need {count} bytes after the header, but only {got} are there");
        }
        CheckEnd(stream, path, $"{count} labels");
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = raw[i];
        }
        return labels;
    }

    /// <summary>Opens a file, decompressing it when it starts with the gzip magic bytes 1f 8b.</summary>
    private static Stream Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new FileNotFoundException($"{path}: is a folder, not an IDX file.", path);
        }
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file.", path);
        }
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: ChunkBytes);
        Span<byte> magic = stackalloc byte[2];
        int n = ReadFully(file, magic, path);
        file.Position = 0;
        if (n == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            return new GZipStream(file, CompressionMode.Decompress);
        }
        return file;
    }

    /// <summary>
    /// Refuses a header that announces more data than the file can hold, before allocating for it: a plain file must
    /// be at least that long, and deflate expands at most about 1032:1, so a gzip file cannot hold more than that.
    /// </summary>
    private static void CheckPlausible(string path, long bytesNeeded, string what)
    {
        long length = new FileInfo(path).Length;
        bool gzip = length >= 2 && IsGzip(path);
        long limit = gzip ? length * MaxDeflateRatio : length;
        if (bytesNeeded > limit)
        {
            throw Truncated(path, $"the header announces {what} ({bytesNeeded} bytes with the header), but the file is {length} bytes{(gzip ? " compressed" : "")}");
        }
    }

    private static bool IsGzip(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        return file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
    }

    private static int[] ReadHeader(Stream stream, string path, int expectedDims, string what)
    {
        Span<byte> magic = stackalloc byte[4];
        int n = ReadFully(stream, magic, path);
        if (n < 4)
        {
            throw Truncated(path, $"the 4-byte IDX magic number is cut short after {n} bytes");
        }
        if (magic[0] != 0 || magic[1] != 0)
        {
            throw new InvalidDataException(
                $"{path}: not an IDX file: it starts with bytes {Convert.ToHexString(magic)}, but IDX files start with 0000 then a type and a rank (0x00000803 for images, 0x00000801 for labels).");
        }
        if (magic[2] != UnsignedByteType)
        {
            throw new InvalidDataException($"{path}: IDX element type 0x{magic[2]:x2} is not supported; MNIST-style files hold unsigned bytes (type 0x08).");
        }
        if (magic[3] != expectedDims)
        {
            throw new InvalidDataException(
                $"{path}: expected IDX {what}, magic number 0x000008{expectedDims:x2}, but the file has rank {magic[3]} (magic 0x{Convert.ToHexString(magic)}); " +
                (magic[3] == 1 ? "is this a labels file?" : magic[3] == 3 ? "is this an images file?" : "is this an MNIST-style file?"));
        }
        Span<byte> dimBytes = stackalloc byte[4 * expectedDims];
        n = ReadFully(stream, dimBytes, path);
        if (n < dimBytes.Length)
        {
            throw Truncated(path, $"the header's {expectedDims} dimension sizes need {dimBytes.Length} bytes, but only {n} are there");
        }
        var dims = new int[expectedDims];
        for (int i = 0; i < dims.Length; i++)
        {
            uint d = BinaryPrimitives.ReadUInt32BigEndian(dimBytes[(4 * i)..]);
            if (d > int.MaxValue || (i > 0 && d == 0))
            {
                throw new InvalidDataException($"{path}: dimension {i} of the IDX header is {d}, which is not a usable size.");
            }
            dims[i] = (int)d;
        }
        return dims;
    }

    private static void CheckEnd(Stream stream, string path, string what)
    {
        Span<byte> probe = stackalloc byte[1];
        if (ReadFully(stream, probe, path) != 0)
        {
            throw new InvalidDataException($"{path}: has data after the {what} its header announces; the header or the file is wrong.");
        }
    }

    /// <summary>Reads until the buffer is full or the data ends; returns the bytes read.</summary>
    private static int ReadFully(Stream stream, Span<byte> buffer, string path)
    {
        int read = 0;
        try
        {
            while (read < buffer.Length)
            {
                int n = stream.Read(buffer[read..]);
                if (n == 0)
                {
                    break;
                }
                read += n;
            }
        }
        catch (InvalidDataException e)
        {
            // GZipStream's own message names neither the file nor the format.
            throw new InvalidDataException($"{path}: the gzip data is corrupt: {e.Message}", e);
        }
        return read;
    }

    private static InvalidDataException Truncated(string path, string detail) =>
        new($"{path}: the file is truncated: {detail}.");
}
