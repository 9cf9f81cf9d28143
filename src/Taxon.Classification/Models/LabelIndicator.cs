namespace Taxon.Classification.Models;

/// <summary>
/// Converts between label sets and a row-major label-indicator matrix of 0s and 1s (scikit-learn:
/// <c>MultiLabelBinarizer</c>), whose columns follow a fixed list of label names.
/// </summary>
public static class LabelIndicator
{
    /// <summary>The [samples, names.Count] indicator of <paramref name="sets"/>; a label not in <paramref name="names"/> is an error.</summary>
    public static byte[] Encode(IReadOnlyList<IReadOnlyList<string>> sets, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(sets);
        ArgumentNullException.ThrowIfNull(names);
        var index = new Dictionary<string, int>(names.Count, StringComparer.Ordinal);
        for (int j = 0; j < names.Count; j++)
        {
            index[names[j]] = j;
        }
        int width = names.Count;
        var y = new byte[sets.Count * width];
        for (int i = 0; i < sets.Count; i++)
        {
            foreach (string label in sets[i])
            {
                if (!index.TryGetValue(label, out int j))
                {
                    throw new ArgumentException($"sample {i}: label '{label}' is not one of the model's labels {ClassifierModel.LabelList(names)}.");
                }
                y[i * width + j] = 1;
            }
        }
        return y;
    }

    /// <summary>The label sets of a row-major [samples, names.Count] indicator.</summary>
    public static string[][] Decode(ReadOnlySpan<byte> y, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        int width = names.Count;
        if (width == 0 || y.Length % width != 0)
        {
            throw new ArgumentException($"LabelIndicator: {y.Length} entries do not make rows of {width} labels.");
        }
        var sets = new string[y.Length / width][];
        var row = new List<string>();
        for (int i = 0; i < sets.Length; i++)
        {
            row.Clear();
            for (int j = 0; j < width; j++)
            {
                if (y[i * width + j] != 0)
                {
                    row.Add(names[j]);
                }
            }
            sets[i] = [.. row];
        }
        return sets;
    }
}
