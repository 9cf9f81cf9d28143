using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Text;

/// <summary>
/// A fitted text featuriser (scikit-learn: a fitted vectoriser with <c>transform</c> and <c>get_feature_names_out</c>):
/// texts in, CSR rows with sorted column indices out. It is a <see cref="Model"/>: immutable, thread-safe, saved to one
/// file and nested in a <see cref="TextPipelineModel"/>'s file.
/// </summary>
public abstract class TextVectorizerModel : Model
{
    /// <summary>A text model reads texts, not feature columns.</summary>
    protected TextVectorizerModel() : base(0)
    {
    }

    /// <summary>The number of feature columns a text becomes.</summary>
    public abstract int OutputColumns { get; }

    /// <summary>The features of each text (scikit-learn: <c>transform</c>), texts featurised in parallel.</summary>
    public abstract SparseMatrix Transform(IReadOnlyList<string> texts);

    /// <summary>
    /// The features of one text into caller-owned buffers (sorted columns, their values; both grown when short),
    /// returning the number of stored entries: the low-latency path of single predictions.
    /// </summary>
    public abstract int Transform(string text, ref int[] columns, ref float[] values);

    [ThreadStatic]
    private static int[]? t_columns;

    [ThreadStatic]
    private static float[]? t_values;

    /// <summary>
    /// <see cref="Transform(IReadOnlyList{string})"/> by the single-text path, texts in parallel, each row copied out
    /// of per-thread buffers; <paramref name="name"/> starts the message of a null text.
    /// </summary>
    protected SparseMatrix TransformEach(IReadOnlyList<string> texts, string name)
    {
        ArgumentNullException.ThrowIfNull(texts);
        int n = texts.Count;
        for (int i = 0; i < n; i++)
        {
            if (texts[i] is null)
            {
                throw new ArgumentException($"{name}: text {i} is null.");
            }
        }
        var rowColumns = new int[n][];
        var rowValues = new float[n][];
        Parallel.For(0, n, i =>
        {
            int[] columns = t_columns ??= [];
            float[] values = t_values ??= [];
            int count = Transform(texts[i], ref columns, ref values);
            (t_columns, t_values) = (columns, values);
            rowColumns[i] = columns[..count];
            rowValues[i] = values[..count];
        });
        return FromRows(rowColumns, rowValues, OutputColumns);
    }

    /// <summary>One CSR matrix of <paramref name="columnCount"/> columns from rows featurised separately.</summary>
    internal static SparseMatrix FromRows(int[][] rowColumns, float[][] rowValues, int columnCount)
    {
        int n = rowColumns.Length;
        var pointers = new int[n + 1];
        for (int i = 0; i < n; i++)
        {
            pointers[i + 1] = checked(pointers[i] + rowColumns[i].Length);
        }
        var columns = new int[pointers[n]];
        var values = new float[pointers[n]];
        for (int i = 0; i < n; i++)
        {
            rowColumns[i].CopyTo(columns, pointers[i]);
            rowValues[i].CopyTo(values, pointers[i]);
        }
        return new SparseMatrix(pointers, columns, values, columnCount);
    }
}
