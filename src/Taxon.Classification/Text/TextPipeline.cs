using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Text;

/// <summary>
/// A text featuriser followed by any single-label <see cref="Classifier"/> (scikit-learn:
/// <c>make_pipeline(TfidfVectorizer(), LinearSVC())</c>): the vectoriser is fitted on the training texts, the
/// classifier on their features, and the fitted <see cref="TextPipelineModel"/> saves as one file.
/// </summary>
public sealed class TextPipeline : TextClassifier
{
    /// <summary>Chains <paramref name="vectorizer"/> and <paramref name="classifier"/>.</summary>
    public TextPipeline(TextVectorizer vectorizer, Classifier classifier)
    {
        Vectorizer = vectorizer ?? throw new ArgumentNullException(nameof(vectorizer));
        Classifier = classifier ?? throw new ArgumentNullException(nameof(classifier));
    }

    /// <summary>The featuriser.</summary>
    public TextVectorizer Vectorizer { get; }

    /// <summary>The classifier fitted on the features.</summary>
    public Classifier Classifier { get; }

    /// <inheritdoc/>
    public override string Name => $"{Vectorizer.Name}+{Classifier.Name}";

    /// <summary>
    /// The default text featuriser: TF-IDF of word 1- and 2-grams with sublinear term frequency, terms in at least
    /// two documents, rows L2-normalised (scikit-learn: <c>TfidfVectorizer(ngram_range=(1, 2), min_df=2,
    /// sublinear_tf=True)</c>): the common strong baseline for topic and spam classification.
    /// </summary>
    public static TfidfVectorizer DefaultVectorizer() =>
        new(new TfidfVectorizerOptions { NGramMin = 1, NGramMax = 2, MinDf = 2, SublinearTf = true });

    /// <summary>
    /// The model a user gets without choosing one: <see cref="DefaultVectorizer"/> and a linear SVM (squared hinge,
    /// C = 1, liblinear's dual coordinate descent, one-vs-rest) — linear models on TF-IDF n-grams are the most
    /// accurate classic text classifiers and fit in seconds.
    /// </summary>
    public static TextPipeline Default(ulong seed = 0) =>
        new(DefaultVectorizer(), new LinearSvc(new LinearSvcOptions { Seed = seed }));

    /// <inheritdoc/>
    protected override TextClassifierModel FitCore(LabeledData data, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        SparseMatrix features = Vectorizer.FitTransform(texts, out TextVectorizerModel vectorizer, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var featured = new LabeledData(features, [.. data.Labels]) { Source = data.Source, LineNumbers = data.LineNumbers };
        ClassifierModel classifier = Classifier.Fit(featured, cancellationToken);
        return new TextPipelineModel(vectorizer, classifier);
    }
}
