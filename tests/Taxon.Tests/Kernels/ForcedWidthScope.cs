using Taxon.Kernels;

namespace Taxon.Tests.Kernels;

/// <summary>Forces <see cref="VectorLoop.ForcedWidth"/> (thread-static) for a <c>using</c> block and restores it after.</summary>
internal readonly struct ForcedWidthScope : IDisposable
{
    private readonly int _saved;

    public ForcedWidthScope(int width)
    {
        _saved = VectorLoop.ForcedWidth;
        VectorLoop.ForcedWidth = width;
    }

    public void Dispose() => VectorLoop.ForcedWidth = _saved;

    /// <summary>Each named case once per width the vector loops can be forced to (1 = scalar, 256, 512), as theory data.</summary>
    public static TheoryData<string, int> AtEveryWidth(IEnumerable<string> names)
    {
        var data = new TheoryData<string, int>();
        foreach (string name in names)
        {
            foreach (int width in new[] { 1, 256, 512 })
            {
                data.Add(name, width);
            }
        }
        return data;
    }
}
