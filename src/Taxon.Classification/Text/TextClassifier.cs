using Taxon.Classification.Data;

namespace Taxon.Classification.Text;

/// <summary>
/// An estimator that learns from raw texts (scikit-learn: a <c>Pipeline</c> that starts with a text vectoriser;
/// fastText: <c>fasttext supervised</c>): immutable options in, a fitted <see cref="TextClassifierModel"/> out.
/// The checks every text estimator owes its users are made here once: text data (not numeric features), at least
/// one sample, no null text, and multi-label data only for an estimator that supports it. A model fitted on texts
/// made from raw e-mail (<see cref="LabeledData.EmailText"/>) records that, so it reads raw messages the same way.
/// </summary>
public abstract class TextClassifier
{
    /// <summary>The short name used by the command line and in messages, e.g. <c>fasttext</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Whether the estimator fits multi-label data (a set of labels per text).</summary>
    public virtual bool SupportsMultiLabel => false;

    /// <summary>Fits a model to labelled texts (scikit-learn: <c>fit(texts, y)</c>).</summary>
    public TextClassifierModel Fit(LabeledData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        IReadOnlyList<string> texts = data.Texts ?? throw new ArgumentException(
            $"{data.Source ?? "the data"}: holds numeric features, not texts; {Name} learns from raw text (use a Classifier for features).");
        if (data.Count == 0)
        {
            throw new ArgumentException($"{data.Source ?? "the data"}: has no samples to train {Name} on.");
        }
        if (data.IsMultiLabel && !SupportsMultiLabel)
        {
            throw new ArgumentException(
                $"{data.Source ?? "the data"}: is multi-label; {Name} predicts one label per text. Use a multi-label text model (fasttext with --loss ova).");
        }
        for (int i = 0; i < texts.Count; i++)
        {
            if (texts[i] is null)
            {
                throw new ArgumentException($"{data.Describe(i)}: has no text (null).");
            }
        }
        TextClassifierModel model = FitCore(data, texts, cancellationToken);
        model.EmailText = data.EmailText;
        return model;
    }

    /// <summary>Fits to checked data: texts present and non-null, at least one sample, multi-label only when <see cref="SupportsMultiLabel"/>.</summary>
    protected abstract TextClassifierModel FitCore(LabeledData data, IReadOnlyList<string> texts, CancellationToken cancellationToken);
}
