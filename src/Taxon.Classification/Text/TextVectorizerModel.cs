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
}
