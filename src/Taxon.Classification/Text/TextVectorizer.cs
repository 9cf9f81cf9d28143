namespace Taxon.Classification.Text;

/// <summary>
/// A text featuriser before fitting (scikit-learn: <c>CountVectorizer</c>, <c>TfidfVectorizer</c> before <c>fit</c>):
/// immutable options in, a fitted <see cref="TextVectorizerModel"/> out that turns texts into sparse feature rows.
/// </summary>
public abstract class TextVectorizer
{
    /// <summary>The short name used in messages and pipeline names, e.g. <c>tfidf</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Learns the vocabulary (and document frequencies) from <paramref name="texts"/> (scikit-learn: <c>fit</c>); no texts or a null text is an <see cref="ArgumentException"/>.</summary>
    public TextVectorizerModel Fit(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            throw new ArgumentException($"{Name}: no texts to fit on.");
        }
        for (int i = 0; i < texts.Count; i++)
        {
            if (texts[i] is null)
            {
                throw new ArgumentException($"{Name}: text {i} is null.");
            }
        }
        return FitCore(texts, cancellationToken);
    }

    /// <summary>Fits, then transforms the same texts (scikit-learn: <c>fit_transform</c>).</summary>
    public Data.SparseMatrix FitTransform(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        Fit(texts, cancellationToken).Transform(texts);

    /// <summary>Fits to checked texts: at least one, none null.</summary>
    protected abstract TextVectorizerModel FitCore(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}
