namespace Taxon.Classification.Metrics;

/// <summary>
/// Every set-based score of multi-label predictions at once (scikit-learn: <c>classification_report</c>,
/// <c>precision_recall_fscore_support</c>, <c>jaccard_score</c>, <c>hamming_loss</c> and <c>accuracy_score</c> on
/// label-indicator matrices): per label precision, recall, F1, Jaccard and support, their micro, macro, weighted and
/// samples (example-based) averages, the Hamming loss and the subset accuracy. Ratios that divide by zero score
/// <see cref="ZeroDivision"/> (scikit-learn: <c>zero_division</c>). Create it with
/// <see cref="MultiLabelMetrics.Report(ReadOnlySpan{byte}, ReadOnlySpan{byte}, IReadOnlyList{string}, double)"/>.
/// </summary>
public sealed class MultiLabelReport
{
    internal MultiLabelReport(string[] names, long[] tp, long[] predicted, long[] actual, double[] samplePrecision, double[] sampleRecall,
        double[] sampleF1, double[] sampleJaccard, double hammingLoss, double subsetAccuracy, double zeroDivision)
    {
        int k = names.Length;
        var precision = new double[k];
        var recall = new double[k];
        var f1 = new double[k];
        var jaccard = new double[k];
        CountScores.PerClass(tp, predicted, actual, zeroDivision, precision, recall, f1);
        long tpSum = 0, unionSum = 0;
        bool anySupport = false;
        for (int j = 0; j < k; j++)
        {
            long union = predicted[j] + actual[j] - tp[j];
            jaccard[j] = CountScores.Divide(tp[j], union, zeroDivision);
            tpSum += tp[j];
            unionSum += union;
            anySupport |= actual[j] > 0;
        }
        Names = names;
        Precision = precision;
        Recall = recall;
        F1 = f1;
        Jaccard = jaccard;
        Support = actual;
        ZeroDivision = zeroDivision;
        HammingLoss = hammingLoss;
        SubsetAccuracy = subsetAccuracy;
        MacroPrecision = CountScores.Mean(precision);
        MacroRecall = CountScores.Mean(recall);
        MacroF1 = CountScores.Mean(f1);
        MacroJaccard = CountScores.Mean(jaccard);
        (MicroPrecision, MicroRecall, MicroF1) = CountScores.Micro(tp, predicted, actual, zeroDivision);
        MicroJaccard = CountScores.Divide(tpSum, unionSum, zeroDivision);
        (WeightedPrecision, WeightedRecall, WeightedF1) = CountScores.Weighted(precision, recall, f1, predicted, actual, zeroDivision);
        // jaccard_score falls back to the unweighted mean when no label has support.
        WeightedJaccard = anySupport ? CountScores.WeightedMean(jaccard, actual) : MacroJaccard;
        SamplesPrecision = CountScores.Mean(samplePrecision);
        SamplesRecall = CountScores.Mean(sampleRecall);
        SamplesF1 = CountScores.Mean(sampleF1);
        SamplesJaccard = CountScores.Mean(sampleJaccard);
    }

    /// <summary>The labels, in the order of the indicator columns.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Per label: true positives / predicted positives.</summary>
    public IReadOnlyList<double> Precision { get; }

    /// <summary>Per label: true positives / actual positives.</summary>
    public IReadOnlyList<double> Recall { get; }

    /// <summary>Per label: the harmonic mean of precision and recall.</summary>
    public IReadOnlyList<double> F1 { get; }

    /// <summary>Per label: true positives / (true positives + false positives + false negatives) (scikit-learn: <c>jaccard_score(average=None)</c>).</summary>
    public IReadOnlyList<double> Jaccard { get; }

    /// <summary>Per label: the number of samples that truly have it.</summary>
    public IReadOnlyList<long> Support { get; }

    /// <summary>The score given where a ratio divides by zero: 0 or 1 (scikit-learn: <c>zero_division</c>).</summary>
    public double ZeroDivision { get; }

    /// <summary>The fraction of (sample, label) cells predicted wrongly (scikit-learn: <c>hamming_loss</c>).</summary>
    public double HammingLoss { get; }

    /// <summary>The fraction of samples whose whole label set is predicted exactly (scikit-learn: <c>accuracy_score</c> on indicators).</summary>
    public double SubsetAccuracy { get; }

    /// <summary>The unweighted mean of the per-label precision.</summary>
    public double MacroPrecision { get; }

    /// <summary>The unweighted mean of the per-label recall.</summary>
    public double MacroRecall { get; }

    /// <summary>The unweighted mean of the per-label F1 (scikit-learn: <c>f1_score(average='macro')</c>).</summary>
    public double MacroF1 { get; }

    /// <summary>The unweighted mean of the per-label Jaccard index (scikit-learn: <c>jaccard_score(average='macro')</c>).</summary>
    public double MacroJaccard { get; }

    /// <summary>Precision from counts summed over labels.</summary>
    public double MicroPrecision { get; }

    /// <summary>Recall from counts summed over labels.</summary>
    public double MicroRecall { get; }

    /// <summary>F1 from counts summed over labels (scikit-learn: <c>f1_score(average='micro')</c>).</summary>
    public double MicroF1 { get; }

    /// <summary>The Jaccard index from counts summed over labels (scikit-learn: <c>jaccard_score(average='micro')</c>).</summary>
    public double MicroJaccard { get; }

    /// <summary>The support-weighted mean of the per-label precision.</summary>
    public double WeightedPrecision { get; }

    /// <summary>The support-weighted mean of the per-label recall.</summary>
    public double WeightedRecall { get; }

    /// <summary>The support-weighted mean of the per-label F1.</summary>
    public double WeightedF1 { get; }

    /// <summary>The support-weighted mean of the per-label Jaccard index.</summary>
    public double WeightedJaccard { get; }

    /// <summary>The mean over samples of each sample's precision (example-based; scikit-learn: <c>average='samples'</c>).</summary>
    public double SamplesPrecision { get; }

    /// <summary>The mean over samples of each sample's recall.</summary>
    public double SamplesRecall { get; }

    /// <summary>The mean over samples of each sample's F1 (example-based F1).</summary>
    public double SamplesF1 { get; }

    /// <summary>The mean over samples of each sample's Jaccard index (scikit-learn: <c>jaccard_score(average='samples')</c>).</summary>
    public double SamplesJaccard { get; }

    /// <summary>Precision combined as <paramref name="average"/> says.</summary>
    public double AveragePrecision(Averaging average) => Pick(average, MacroPrecision, MicroPrecision, WeightedPrecision, SamplesPrecision);

    /// <summary>Recall combined as <paramref name="average"/> says.</summary>
    public double AverageRecall(Averaging average) => Pick(average, MacroRecall, MicroRecall, WeightedRecall, SamplesRecall);

    /// <summary>F1 combined as <paramref name="average"/> says.</summary>
    public double AverageF1(Averaging average) => Pick(average, MacroF1, MicroF1, WeightedF1, SamplesF1);

    /// <summary>The Jaccard index combined as <paramref name="average"/> says.</summary>
    public double AverageJaccard(Averaging average) => Pick(average, MacroJaccard, MicroJaccard, WeightedJaccard, SamplesJaccard);

    /// <summary>
    /// The report as scikit-learn's <c>classification_report</c> prints multi-label data, character for character:
    /// a row per label, then "micro avg", "macro avg", "weighted avg" and "samples avg".
    /// </summary>
    public string ToText(int digits = 2) => ReportText.Build(Names, Precision, Recall, F1, Support,
    [
        ("micro avg", MicroPrecision, MicroRecall, MicroF1),
        ("macro avg", MacroPrecision, MacroRecall, MacroF1),
        ("weighted avg", WeightedPrecision, WeightedRecall, WeightedF1),
        ("samples avg", SamplesPrecision, SamplesRecall, SamplesF1),
    ], digits);

    /// <inheritdoc cref="ToText"/>
    public override string ToString() => ToText();

    private static double Pick(Averaging average, double macro, double micro, double weighted, double samples) => average switch
    {
        Averaging.Macro => macro,
        Averaging.Micro => micro,
        Averaging.Weighted => weighted,
        Averaging.Samples => samples,
        _ => throw new ArgumentOutOfRangeException(nameof(average), average, "Unknown averaging."),
    };
}
