using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.ModelSelection;

/// <summary>
/// Seeded splits that keep each class's share of the samples (scikit-learn: <c>train_test_split(..., stratify=y)</c>
/// via <c>StratifiedShuffleSplit</c>, and <c>StratifiedKFold</c>). Sizes and per-class counts follow scikit-learn
/// 1.2's rules exactly; which samples land where depends on the seed and differs from scikit-learn's (another random
/// generator). Multi-label <see cref="LabeledData"/> is split by <see cref="IterativeStratification"/> instead.
/// </summary>
public static class StratifiedSplit
{
    /// <summary>The default test fraction (scikit-learn: <c>train_test_split</c>'s <c>test_size=0.25</c>).</summary>
    public const double DefaultTestFraction = 0.25;

    /// <summary>The default number of folds (scikit-learn: <c>StratifiedKFold(n_splits=5)</c>).</summary>
    public const int DefaultFolds = 5;

    /// <summary>A <see cref="Random"/> seeded from Taxon's 64-bit seeds (both halves count).</summary>
    internal static Random RandomOf(ulong seed) => new(unchecked((int)seed ^ (int)(seed >> 32)));

    /// <summary>
    /// The training and test sizes scikit-learn gives <paramref name="samples"/> samples: ceil(fraction x samples)
    /// for the test part, the rest for training (<c>_validate_shuffle_split</c>).
    /// </summary>
    public static (int Train, int Test) Sizes(int samples, double testFraction)
    {
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentException($"Split: the test fraction must lie in (0, 1), not {testFraction}.", nameof(testFraction));
        }
        int test = (int)Math.Ceiling(testFraction * samples);
        return CheckSizes(samples, samples - test, test, testFraction.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A stratified train/test split of string labels, <paramref name="testFraction"/> of the samples for testing.</summary>
    public static TrainTestSplit TrainTest(IReadOnlyList<string> labels, double testFraction = DefaultTestFraction, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var (train, test) = Sizes(labels.Count, testFraction);
        return TrainTest(LabelOrder.Encode(labels).Indices, train, test, seed);
    }

    /// <summary>A stratified train/test split of string labels with exactly <paramref name="testCount"/> test samples.</summary>
    public static TrainTestSplit TrainTest(IReadOnlyList<string> labels, int testCount, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var (train, test) = CountSizes(labels.Count, testCount);
        return TrainTest(LabelOrder.Encode(labels).Indices, train, test, seed);
    }

    /// <summary>A stratified train/test split of integer class labels, <paramref name="testFraction"/> of the samples for testing.</summary>
    public static TrainTestSplit TrainTest(ReadOnlySpan<int> classes, double testFraction = DefaultTestFraction, ulong seed = 0)
    {
        var (train, test) = Sizes(classes.Length, testFraction);
        return TrainTest(classes, train, test, seed);
    }

    /// <summary>A stratified train/test split of integer class labels with exactly <paramref name="testCount"/> test samples.</summary>
    public static TrainTestSplit TrainTest(ReadOnlySpan<int> classes, int testCount, ulong seed = 0)
    {
        var (train, test) = CountSizes(classes.Length, testCount);
        return TrainTest(classes, train, test, seed);
    }

    /// <summary>
    /// A train/test split of <paramref name="data"/> that keeps label proportions: stratified by class for single-label
    /// data, by <see cref="IterativeStratification"/> for multi-label data.
    /// </summary>
    public static TrainTestSplit TrainTest(LabeledData data, double testFraction = DefaultTestFraction, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.IsMultiLabel
            ? IterativeStratification.TrainTest(Indicator(data), data.LabelNames!.Count, testFraction, seed)
            : TrainTest(data.Labels, testFraction, seed);
    }

    /// <summary>
    /// Stratified k-fold (scikit-learn: <c>StratifiedKFold(n_splits=folds, shuffle=shuffle)</c>): every sample is in
    /// exactly one test fold, and each class is dealt round-robin over the folds. Without shuffling the folds are
    /// scikit-learn's exactly; with it, the same per-fold class counts with seeded positions.
    /// </summary>
    public static TrainTestSplit[] KFold(IReadOnlyList<string> labels, int folds = DefaultFolds, bool shuffle = false, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return KFold(LabelOrder.Encode(labels).Indices, folds, shuffle, seed);
    }

    /// <summary>Stratified k-fold of integer class labels (scikit-learn: <c>StratifiedKFold</c>).</summary>
    public static TrainTestSplit[] KFold(ReadOnlySpan<int> classes, int folds = DefaultFolds, bool shuffle = false, ulong seed = 0)
    {
        int n = classes.Length;
        if (folds < 2)
        {
            throw new ArgumentException($"Split: k-fold needs at least 2 folds, not {folds}.", nameof(folds));
        }
        if (folds > n)
        {
            throw new ArgumentException($"Split: {folds} folds is more than the {n} samples.", nameof(folds));
        }
        // Classes are numbered by first appearance, as scikit-learn does, because that order decides which class
        // gets the round-robin's leftovers.
        var number = new Dictionary<int, int>();
        var encoded = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (!number.TryGetValue(classes[i], out encoded[i]))
            {
                encoded[i] = number.Count;
                number[classes[i]] = encoded[i];
            }
        }
        int k = number.Count;
        var counts = new int[k];
        foreach (int c in encoded)
        {
            counts[c]++;
        }
        if (Array.TrueForAll(counts, c => c < folds))
        {
            throw new ArgumentException($"Split: {folds} folds is more than the number of samples of every class.", nameof(folds));
        }
        // allocation[f, c]: how many samples of class c fold f tests, dealing the class-sorted samples round-robin.
        var allocation = new int[folds, k];
        int position = 0;
        for (int c = 0; c < k; c++)
        {
            for (int j = 0; j < counts[c]; j++, position++)
            {
                allocation[position % folds, c]++;
            }
        }
        var random = StratifiedSplit.RandomOf(seed);
        var testFold = new int[n];
        var next = new int[k];
        var blocks = new int[k][];
        for (int c = 0; c < k; c++)
        {
            var block = new int[counts[c]];
            int at = 0;
            for (int f = 0; f < folds; f++)
            {
                for (int j = 0; j < allocation[f, c]; j++)
                {
                    block[at++] = f;
                }
            }
            if (shuffle)
            {
                random.Shuffle(block);
            }
            blocks[c] = block;
        }
        for (int i = 0; i < n; i++)
        {
            int c = encoded[i];
            testFold[i] = blocks[c][next[c]++];
        }
        return FoldsOf(testFold, folds);
    }

    /// <summary>Stratified k-fold of <paramref name="data"/>: by class for single-label data, by <see cref="IterativeStratification"/> for multi-label data.</summary>
    public static TrainTestSplit[] KFold(LabeledData data, int folds = DefaultFolds, bool shuffle = false, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.IsMultiLabel
            ? IterativeStratification.KFold(Indicator(data), data.LabelNames!.Count, folds, seed)
            : KFold(data.Labels, folds, shuffle, seed);
    }

    /// <summary>The folds whose test parts are the samples with each fold number, indices ascending.</summary>
    internal static TrainTestSplit[] FoldsOf(int[] testFold, int folds)
    {
        var sizes = new int[folds];
        foreach (int f in testFold)
        {
            sizes[f]++;
        }
        var result = new TrainTestSplit[folds];
        for (int f = 0; f < folds; f++)
        {
            var train = new int[testFold.Length - sizes[f]];
            var test = new int[sizes[f]];
            int a = 0, b = 0;
            for (int i = 0; i < testFold.Length; i++)
            {
                if (testFold[i] == f)
                {
                    test[b++] = i;
                }
                else
                {
                    train[a++] = i;
                }
            }
            result[f] = new TrainTestSplit(train, test);
        }
        return result;
    }

    internal static (int Train, int Test) CountSizes(int samples, int testCount)
    {
        if (testCount <= 0 || testCount >= samples)
        {
            throw new ArgumentException($"Split: the test count must be positive and less than the {samples} samples, not {testCount}.", nameof(testCount));
        }
        return CheckSizes(samples, samples - testCount, testCount, testCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static (int Train, int Test) CheckSizes(int samples, int train, int test, string given)
    {
        if (train <= 0)
        {
            throw new ArgumentException($"Split: with {samples} samples and a test size of {given} the training part would be empty.");
        }
        return (train, test);
    }

    private static byte[] Indicator(LabeledData data) => LabelIndicator.Encode(data.LabelSets, data.LabelNames!);

    private static TrainTestSplit TrainTest(ReadOnlySpan<int> classes, int trainCount, int testCount, ulong seed)
    {
        int[] encoded = Dense(classes, out int k);
        var counts = new int[k];
        foreach (int c in encoded)
        {
            counts[c]++;
        }
        int least = counts.Length == 0 ? 0 : counts.Min();
        if (least < 2)
        {
            throw new ArgumentException("Split: the least populated class has only 1 sample; stratifying needs at least 2 of each class.");
        }
        if (trainCount < k)
        {
            throw new ArgumentException($"Split: the training part ({trainCount} samples) must be at least the number of classes ({k}).");
        }
        if (testCount < k)
        {
            throw new ArgumentException($"Split: the test part ({testCount} samples) must be at least the number of classes ({k}).");
        }
        var random = StratifiedSplit.RandomOf(seed);
        int[] trainPerClass = ApproximateMode(counts, trainCount, random);
        var left = new int[k];
        for (int c = 0; c < k; c++)
        {
            left[c] = counts[c] - trainPerClass[c];
        }
        int[] testPerClass = ApproximateMode(left, testCount, random);
        var members = new List<int>[k];
        for (int c = 0; c < k; c++)
        {
            members[c] = new List<int>(counts[c]);
        }
        for (int i = 0; i < encoded.Length; i++)
        {
            members[encoded[i]].Add(i);
        }
        var train = new List<int>(trainCount);
        var test = new List<int>(testCount);
        for (int c = 0; c < k; c++)
        {
            int[] shuffled = [.. members[c]];
            random.Shuffle(shuffled);
            train.AddRange(shuffled.AsSpan(0, trainPerClass[c]));
            test.AddRange(shuffled.AsSpan(trainPerClass[c], testPerClass[c]));
        }
        int[] trainArray = [.. train], testArray = [.. test];
        random.Shuffle(trainArray);
        random.Shuffle(testArray);
        return new TrainTestSplit(trainArray, testArray);
    }

    /// <summary>
    /// scikit-learn's <c>_approximate_mode</c>: each class gets floor(count / total x draws), and the draws left go one
    /// each to the classes with the largest remainders, ties broken at random.
    /// </summary>
    internal static int[] ApproximateMode(int[] counts, int draws, Random random)
    {
        long total = 0;
        foreach (int c in counts)
        {
            total += c;
        }
        var result = new int[counts.Length];
        var remainder = new double[counts.Length];
        long floored = 0;
        for (int c = 0; c < counts.Length; c++)
        {
            // The same operations in the same order as NumPy's class_counts / class_counts.sum() * n_draws.
            double continuous = (double)counts[c] / total * draws;
            double floor = Math.Floor(continuous);
            result[c] = (int)floor;
            remainder[c] = continuous - floor;
            floored += result[c];
        }
        long need = draws - floored;
        if (need > 0)
        {
            double[] values = [.. remainder.Distinct().OrderDescending()];
            var tied = new List<int>();
            foreach (double value in values)
            {
                if (need == 0)
                {
                    break;
                }
                tied.Clear();
                for (int c = 0; c < counts.Length; c++)
                {
                    if (remainder[c] == value)
                    {
                        tied.Add(c);
                    }
                }
                int[] pick = [.. tied];
                random.Shuffle(pick);
                int now = (int)Math.Min(pick.Length, need);
                for (int j = 0; j < now; j++)
                {
                    result[pick[j]]++;
                }
                need -= now;
            }
        }
        return result;
    }

    /// <summary>The classes renumbered 0..k-1 in ascending order.</summary>
    private static int[] Dense(ReadOnlySpan<int> classes, out int count)
    {
        var distinct = new SortedSet<int>();
        foreach (int c in classes)
        {
            distinct.Add(c);
        }
        var number = new Dictionary<int, int>(distinct.Count);
        foreach (int c in distinct)
        {
            number[c] = number.Count;
        }
        var encoded = new int[classes.Length];
        for (int i = 0; i < encoded.Length; i++)
        {
            encoded[i] = number[classes[i]];
        }
        count = distinct.Count;
        return encoded;
    }
}
