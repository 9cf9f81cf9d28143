using Taxon.Classification.Data;
using Taxon.Classification.Features;

namespace Taxon.Classification.Models;

/// <summary>
/// Feature transformers followed by a classifier, fitted and saved as one estimator (scikit-learn:
/// <c>Pipeline([("scale", StandardScaler()), ("splines", SplineTransformer()), ("clf", LogisticRegression())])</c>):
/// each transformer is fitted on the output of the ones before it, the classifier on the output of the last, so
/// what is learnt from the training data never sees the test data.
/// </summary>
public sealed class Pipeline : Classifier
{
    private readonly Transformer[] _steps;

    /// <summary>Runs <paramref name="steps"/> in order, then <paramref name="classifier"/>.</summary>
    public Pipeline(IReadOnlyList<Transformer> steps, Classifier classifier)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(classifier);
        for (int s = 0; s < steps.Count; s++)
        {
            if (steps[s] is null)
            {
                throw new ArgumentException($"Pipeline: step {s} is null.", nameof(steps));
            }
        }
        _steps = [.. steps];
        Classifier = classifier;
    }

    /// <summary>The transformers, in the order they run.</summary>
    public IReadOnlyList<Transformer> Steps => _steps;

    /// <summary>The final classifier.</summary>
    public Classifier Classifier { get; }

    /// <summary>The step names joined by '+', e.g. <c>standard-scaler+spline+logreg</c>.</summary>
    public override string Name => string.Join("+", _steps.Select(s => s.Name).Append(Classifier.Name));

    /// <inheritdoc />
    protected override ClassifierModel FitCore(FeatureMatrix x, int[] y, IReadOnlyList<string> classes, CancellationToken cancellationToken)
    {
        var fitted = new TransformerModel[_steps.Length];
        FeatureMatrix current = x;
        for (int s = 0; s < _steps.Length; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            fitted[s] = _steps[s].Fit(current, cancellationToken);
            current = fitted[s].Transform(current);
        }
        ClassifierModel model = Classifier.Fit(current, y, classes, cancellationToken);
        return new PipelineModel(fitted, model, x.Columns);
    }
}
