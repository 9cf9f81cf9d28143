namespace Taxon.Classification.Data;

/// <summary>
/// Samples with their labels, as a classifier trains and is evaluated on them (scikit-learn: <c>(X, y)</c>).
/// Features are a <see cref="FeatureMatrix"/>, or raw texts for a text pipeline to featurise. Labels are strings:
/// one per sample (single-label) or a set per sample (multi-label, scikit-learn: a label-indicator <c>y</c>, with the
/// label names in <see cref="LabelNames"/>). Arrays passed in are adopted, not copied.
/// </summary>
public sealed class LabeledData
{
    private readonly FeatureMatrix? _features;
    private readonly string[]? _labels;
    private readonly string[][]? _labelSets;
    private readonly string[]? _labelNames;

    /// <summary>Single-label samples: <paramref name="features"/> row i has label <paramref name="labels"/>[i].</summary>
    public LabeledData(FeatureMatrix features, string[] labels)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        CheckCount(features.Rows, labels.Length);
        CheckLabels(labels);
        _features = features;
        _labels = labels;
    }

    /// <summary>
    /// Multi-label samples: row i has the labels <paramref name="labelSets"/>[i] (possibly none). <paramref name="labelNames"/>
    /// lists every label in a fixed order (e.g. as an ARFF file declares them, including labels no sample has); by
    /// default it is the sorted union of the sets.
    /// </summary>
    public LabeledData(FeatureMatrix features, string[][] labelSets, string[]? labelNames = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labelSets);
        CheckCount(features.Rows, labelSets.Length);
        _features = features;
        _labelSets = labelSets;
        _labelNames = CheckLabelSets(labelSets, labelNames);
    }

    private LabeledData(string[] texts, string[]? labels, string[][]? labelSets, string[]? labelNames)
    {
        Texts = texts;
        _labels = labels;
        _labelSets = labelSets;
        _labelNames = labelNames;
    }

    /// <summary>Single-label texts, for a pipeline that starts with a text featuriser.</summary>
    public static LabeledData FromTexts(string[] texts, string[] labels)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(labels);
        CheckCount(texts.Length, labels.Length);
        CheckLabels(labels);
        return new LabeledData(texts, labels, null, null);
    }

    /// <summary>Multi-label texts, for a pipeline that starts with a text featuriser.</summary>
    public static LabeledData FromTexts(string[] texts, string[][] labelSets, string[]? labelNames = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(labelSets);
        CheckCount(texts.Length, labelSets.Length);
        return new LabeledData(texts, null, labelSets, CheckLabelSets(labelSets, labelNames));
    }

    /// <summary>The number of samples.</summary>
    public int Count => _labels?.Length ?? _labelSets!.Length;

    /// <summary>Whether each sample has a set of labels rather than one.</summary>
    public bool IsMultiLabel => _labelSets is not null;

    /// <summary>Whether the samples are numeric features (false: raw <see cref="Texts"/>).</summary>
    public bool HasFeatures => _features is not null;

    /// <summary>The numeric features; text data has none and throws, naming what to do.</summary>
    public FeatureMatrix Features => _features ?? throw new InvalidOperationException(
        $"{Source ?? "the data"}: holds raw texts, not numeric features; featurise them first (a text vectoriser in a pipeline).");

    /// <summary>The raw texts, or null for numeric data.</summary>
    public IReadOnlyList<string>? Texts { get; }

    /// <summary>Each sample's label (single-label data; multi-label data throws).</summary>
    public IReadOnlyList<string> Labels => _labels ?? throw new InvalidOperationException(
        $"{Source ?? "the data"}: is multi-label (a set of labels per sample); use LabelSets, or a multi-label estimator.");

    /// <summary>Each sample's set of labels (multi-label data; single-label data throws).</summary>
    public IReadOnlyList<IReadOnlyList<string>> LabelSets => _labelSets ?? throw new InvalidOperationException(
        $"{Source ?? "the data"}: is single-label (one label per sample); use Labels, or a single-label estimator.");

    /// <summary>Every label of multi-label data in a fixed order (the columns of a label-indicator matrix); null for single-label data.</summary>
    public IReadOnlyList<string>? LabelNames => _labelNames;

    /// <summary>Where the data came from (a file name), for messages and reports.</summary>
    public string? Source { get; init; }

    /// <summary>The feature names (e.g. a CSV header), when known.</summary>
    public IReadOnlyList<string>? FeatureNames { get; init; }

    /// <summary>The line of the source file each sample came from, when known, so errors can name it.</summary>
    public IReadOnlyList<int>? LineNumbers { get; init; }

    /// <summary>
    /// How the texts were made from raw e-mail messages (<see cref="Text.EmailMessage.ToText(Text.EmailTextOptions?)"/>)
    /// when a reader parsed them as messages; null for texts taken as they were read. A text model fitted on such
    /// data records it, so that it reads raw messages at prediction time the same way.
    /// </summary>
    public Text.EmailTextOptions? EmailText { get; init; }

    /// <summary>Where sample <paramref name="index"/> came from: "train.csv line 17", or "sample 17".</summary>
    public string Describe(int index) =>
        LineNumbers is not null && index < LineNumbers.Count
            ? $"{Source ?? "the data"} line {LineNumbers[index]}"
            : Source is null ? $"sample {index}" : $"{Source} sample {index}";

    /// <summary>The samples at <paramref name="rows"/>, in that order (scikit-learn: <c>X[rows], y[rows]</c>).</summary>
    public LabeledData Subset(ReadOnlySpan<int> rows)
    {
        int[]? lines = null;
        if (LineNumbers is not null)
        {
            lines = new int[rows.Length];
            for (int i = 0; i < rows.Length; i++)
            {
                lines[i] = LineNumbers[rows[i]];
            }
        }
        string[]? texts = null;
        if (Texts is not null)
        {
            texts = new string[rows.Length];
            for (int i = 0; i < rows.Length; i++)
            {
                texts[i] = Texts[rows[i]];
            }
        }
        LabeledData subset;
        if (_labels is not null)
        {
            var labels = new string[rows.Length];
            for (int i = 0; i < rows.Length; i++)
            {
                labels[i] = _labels[rows[i]];
            }
            subset = _features is not null ? new LabeledData(_features.SelectRows(rows), labels) : new LabeledData(texts!, labels, null, null);
        }
        else
        {
            var sets = new string[rows.Length][];
            for (int i = 0; i < rows.Length; i++)
            {
                sets[i] = _labelSets![rows[i]];
            }
            subset = _features is not null ? new LabeledData(_features.SelectRows(rows), sets, _labelNames) : new LabeledData(texts!, null, sets, _labelNames);
        }
        return new LabeledData(subset, Source, FeatureNames, lines) { EmailText = EmailText };
    }

    /// <summary>The same samples with other features (e.g. transformed ones), keeping labels, source and lines.</summary>
    public LabeledData WithFeatures(FeatureMatrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        CheckCount(features.Rows, Count);
        LabeledData copy = _labels is not null ? new LabeledData(features, _labels) : new LabeledData(features, _labelSets!, _labelNames);
        return new LabeledData(copy, Source, null, LineNumbers);
    }

    /// <summary>The same samples with where they came from set (readers build the data first, then say where it came from).</summary>
    internal LabeledData WithOrigin(string? source, IReadOnlyList<string>? featureNames, IReadOnlyList<int>? lineNumbers) =>
        new(this, source, featureNames, lineNumbers);

    /// <summary>The same samples, marked as texts made from raw messages with <paramref name="emailText"/>.</summary>
    internal LabeledData WithEmailText(Text.EmailTextOptions emailText) =>
        new(this, Source, FeatureNames, LineNumbers) { EmailText = emailText };

    private LabeledData(LabeledData data, string? source, IReadOnlyList<string>? featureNames, IReadOnlyList<int>? lines)
    {
        _features = data._features;
        Texts = data.Texts;
        _labels = data._labels;
        _labelSets = data._labelSets;
        _labelNames = data._labelNames;
        Source = source;
        FeatureNames = featureNames;
        LineNumbers = lines;
        EmailText = data.EmailText;
    }

    private static void CheckCount(int samples, int labels)
    {
        if (samples != labels)
        {
            throw new ArgumentException($"LabeledData: {samples} samples but {labels} labels; each sample needs one.");
        }
    }

    private static void CheckLabels(string[] labels)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] is null)
            {
                throw new ArgumentException($"LabeledData: sample {i} has no label (null).");
            }
        }
    }

    private static string[] CheckLabelSets(string[][] sets, string[]? names)
    {
        var known = names is null ? new SortedSet<string>(StringComparer.Ordinal) : null;
        var declared = names is null ? null : new HashSet<string>(names, StringComparer.Ordinal);
        if (names is not null && declared!.Count != names.Length)
        {
            throw new ArgumentException("LabeledData: the label names contain a duplicate.");
        }
        for (int i = 0; i < sets.Length; i++)
        {
            string[] set = sets[i] ?? throw new ArgumentException($"LabeledData: sample {i} has a null label set; use an empty one for no labels.");
            foreach (string label in set)
            {
                if (label is null)
                {
                    throw new ArgumentException($"LabeledData: sample {i} has a null label.");
                }
                if (declared is not null && !declared.Contains(label))
                {
                    throw new ArgumentException($"LabeledData: sample {i} has label '{label}', which is not among the {names!.Length} label names.");
                }
                known?.Add(label);
            }
        }
        return names ?? [.. known!];
    }
}
