namespace Taxon.Classification.Multilabel;

/// <summary>Reads the columns of a row-major label-indicator matrix as the binary targets of sub-models.</summary>
internal static class LabelColumns
{
    /// <summary>Column <paramref name="label"/> of the [rows, width] indicator <paramref name="y"/> as 0/1 class indices.</summary>
    public static int[] Column(byte[] y, int width, int label)
    {
        var column = new int[y.Length / width];
        for (int i = 0; i < column.Length; i++)
        {
            column[i] = y[i * width + label];
        }
        return column;
    }

    /// <summary>The class names of label <paramref name="name"/>'s binary sub-model: absent, then present.</summary>
    public static string[] BinaryClasses(string name) => ["not " + name, name];
}
