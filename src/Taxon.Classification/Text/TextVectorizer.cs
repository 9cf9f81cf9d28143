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
        Check(texts);
        return FitCore(texts, cancellationToken);
    }

    /// <summary>Fits, then transforms the same texts (scikit-learn: <c>fit_transform</c>).</summary>
    public Data.SparseMatrix FitTransform(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        FitTransform(texts, out _, cancellationToken);

    /// <summary>
    /// Fits and transforms the same texts (scikit-learn: <c>fit_transform</c>), also handing back the fitted
    /// <paramref name="model"/>; a vectoriser may do both in one pass over the texts, which is why pipelines call this.
    /// </summary>
    public Data.SparseMatrix FitTransform(IReadOnlyList<string> texts, out TextVectorizerModel model, CancellationToken cancellationToken = default)
    {
        Check(texts);
        (model, Data.SparseMatrix features) = FitTransformCore(texts, cancellationToken);
        return features;
    }

    /// <summary>Fits and transforms checked texts; by default <see cref="FitCore"/>, then the model's <see cref="TextVectorizerModel.Transform(IReadOnlyList{string})"/>.</summary>
    protected virtual (TextVectorizerModel Model, Data.SparseMatrix Features) FitTransformCore(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        TextVectorizerModel model = FitCore(texts, cancellationToken);
        return (model, model.Transform(texts));
    }

    private void Check(IReadOnlyList<string> texts)
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
    }

    /// <summary>Fits to checked texts: at least one, none null.</summary>
    protected abstract TextVectorizerModel FitCore(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}
