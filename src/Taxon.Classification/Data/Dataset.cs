namespace Taxon.Classification.Data;

/// <summary>
/// Labelled samples of one fixed shape, stored in one flat row-major float32 array (scikit-learn's <c>(X, y)</c>;
/// PyTorch: <c>TensorDataset(X, y)</c>). The arrays are adopted, not copied: a 60,000-image training set is 188 MB,
/// and a second copy would double a run's peak memory.
/// </summary>
public sealed class Dataset
{
    private readonly float[] _features;
    private readonly int[] _labels;
    private readonly int[] _sampleShape;

    /// <summary>
    /// Wraps <paramref name="features"/> (<c>labels.Length</c> samples of <paramref name="sampleShape"/>, row-major)
    /// and <paramref name="labels"/> without copying them; do not change the arrays afterwards.
    /// </summary>
    public Dataset(float[] features, int[] labels, params int[] sampleShape)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(sampleShape);
        if (sampleShape.Length == 0)
        {
            throw new ArgumentException("Dataset: the sample shape needs at least one dimension, e.g. [784] or [1, 28, 28].", nameof(sampleShape));
        }
        long perSample = 1;
        foreach (int d in sampleShape)
        {
            if (d < 1)
            {
                throw new ArgumentException($"Dataset: sample shape [{string.Join(", ", sampleShape)}] has a dimension below 1.", nameof(sampleShape));
            }
            perSample *= d;
        }
        if (perSample * labels.Length != features.Length)
        {
            throw new ArgumentException(
                $"Dataset: {labels.Length} labels of samples shaped [{string.Join(", ", sampleShape)}] need {perSample * labels.Length} feature values, but {features.Length} were given.");
        }
        _features = features;
        _labels = labels;
        _sampleShape = (int[])sampleShape.Clone();
        FeatureCount = (int)perSample;
    }

    /// <summary>The number of samples (scikit-learn: <c>n_samples</c>).</summary>
    public int Count => _labels.Length;

    /// <summary>The shape of one sample, e.g. [1, 28, 28] (channels, height, width) for a grey-scale image.</summary>
    public ReadOnlySpan<int> SampleShape => _sampleShape;

    /// <summary>The number of values in one sample (scikit-learn: <c>n_features</c>).</summary>
    public int FeatureCount { get; }

    /// <summary>All samples' values, sample after sample.</summary>
    public ReadOnlySpan<float> Features => _features;

    /// <summary>The label of each sample.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>Where the data came from (a file name or a data set's name), for messages and reports.</summary>
    public string? Source { get; init; }

    /// <summary>The values of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Sample(int index)
    {
        if ((uint)index >= (uint)_labels.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Dataset: sample index out of range for {Count} samples.");
        }
        return _features.AsSpan(index * FeatureCount, FeatureCount);
    }

    /// <summary>The samples as a tensor [Count, ...SampleShape] (a copy).</summary>
    public Tensor ToTensor() => Tensor.FromArray(_features, [_labels.Length, .. _sampleShape]);
}
