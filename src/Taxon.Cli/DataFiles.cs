using Taxon.Classification.Data;

namespace Taxon.Cli;

/// <summary>Finds and loads the data files the commands are given.</summary>
internal static class DataFiles
{
    /// <summary>The Fashion-MNIST folder name under a data root, as <c>shared/data</c> holds it.</summary>
    public const string FashionMnist = "fashion-mnist";

    /// <summary>Loads an IDX images file and the labels file beside it; errors name the file.</summary>
    public static Dataset LoadImages(string path) => IdxReader.ReadDataset(path);

    /// <summary>The task a data file belongs to, for reports: the name of its folder (e.g. <c>fashion-mnist</c>).</summary>
    public static string TaskName(string dataPath)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(dataPath));
        return string.IsNullOrEmpty(folder) ? "unknown" : Path.GetFileName(folder);
    }

    /// <summary>
    /// The folder holding the Fashion-MNIST files: <paramref name="dataRoot"/>/fashion-mnist or <paramref name="dataRoot"/>
    /// itself; without a root, <c>../shared/data</c> beside the repository that holds the working directory or this program,
    /// else <c>/usr/share/datasets</c> (Debian's <c>dataset-fashion-mnist</c>).
    /// </summary>
    public static string FindFashionMnist(string? dataRoot)
    {
        if (dataRoot is null)
        {
            dataRoot = DefaultDataRoot() ?? throw new FileNotFoundException(
                "no --data-root given, no shared/data folder beside the repository (looked upwards from the working directory and from the program for Taxon.slnx), and no /usr/share/datasets/fashion-mnist.");
        }
        if (!Directory.Exists(dataRoot))
        {
            throw new DirectoryNotFoundException($"--data-root {dataRoot}: no such folder.");
        }
        foreach (string candidate in new[] { Path.Combine(dataRoot, FashionMnist), dataRoot })
        {
            if (File.Exists(Path.Combine(candidate, "train-images-idx3-ubyte.gz")) || File.Exists(Path.Combine(candidate, "train-images-idx3-ubyte")))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"--data-root {dataRoot}: holds neither {FashionMnist}/train-images-idx3-ubyte[.gz] nor train-images-idx3-ubyte[.gz].");
    }

    /// <summary>
    /// The folder holding the MULAN yeast files (<c>yeast-train.arff</c>, <c>yeast-test.arff</c>): <paramref name="dataRoot"/>/yeast
    /// or <paramref name="dataRoot"/> itself; without a root, <c>../shared/data/yeast</c> beside the repository.
    /// </summary>
    public static string FindYeast(string? dataRoot)
    {
        dataRoot ??= DefaultDataRoot() ?? throw new FileNotFoundException(
            "no --data-root given and no shared/data folder beside the repository (looked upwards from the working directory and from the program for Taxon.slnx).");
        foreach (string candidate in new[] { Path.Combine(dataRoot, "yeast"), dataRoot })
        {
            if (File.Exists(Path.Combine(candidate, "yeast-train.arff")) && File.Exists(Path.Combine(candidate, "yeast-test.arff")))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"--data-root {dataRoot}: holds neither yeast/yeast-train.arff and yeast-test.arff nor those files itself.");
    }

    /// <summary>The images file of a split (<c>train</c> or <c>t10k</c>) in an MNIST-layout folder, compressed or not.</summary>
    public static string ImagesFile(string folder, string split)
    {
        string plain = Path.Combine(folder, $"{split}-images-idx3-ubyte");
        return File.Exists(plain + ".gz") ? plain + ".gz" : plain;
    }

    /// <summary>Where Debian's dataset-fashion-mnist package puts the files; the peers fall back to it too.</summary>
    private const string DebianDatasets = "/usr/share/datasets";

    internal static string? DefaultDataRoot()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Taxon.slnx")))
                {
                    string shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
                    if (Directory.Exists(shared))
                    {
                        return shared;
                    }
                    break;
                }
            }
        }
        return Directory.Exists(Path.Combine(DebianDatasets, FashionMnist)) ? DebianDatasets : null;
    }
}
