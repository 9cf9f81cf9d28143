namespace Taxon.Classification.ModelSelection;

/// <summary>
/// Splits of multi-label data that keep each label's share of the samples in every part: iterative stratification
/// (Sechidis, Tsoumakas and Vlahavas, "On the Stratification of Multi-Label Data", ECML PKDD 2011; scikit-multilearn:
/// <c>iterative_train_test_split</c>, <c>IterativeStratification</c>). The rarest label is distributed first, each of
/// its samples going to the part that most lacks that label (then the part most lacking samples, then at random).
/// Part sizes come close to the requested ones but, unlike single-label stratification, are not exact. Seeded.
/// </summary>
public static class IterativeStratification
{
    /// <summary>
    /// A train/test split of a row-major [samples, <paramref name="labelCount"/>] 0/1 indicator, aiming at
    /// ceil(<paramref name="testFraction"/> x samples) test samples (as scikit-learn sizes its splits).
    /// </summary>
    public static TrainTestSplit TrainTest(ReadOnlySpan<byte> indicator, int labelCount, double testFraction = StratifiedSplit.DefaultTestFraction, ulong seed = 0)
    {
        int n = Rows(indicator, labelCount);
        var (train, test) = StratifiedSplit.Sizes(n, testFraction);
        int[] part = Assign(indicator, labelCount, [(double)train / n, (double)test / n], seed);
        // Part 1 is the test part; the fold that tests it trains on part 0.
        return StratifiedSplit.FoldsOf(part, 2)[1];
    }

    /// <summary>Iteratively stratified k-fold: every sample is in exactly one test fold, each fold aiming at 1/k of every label.</summary>
    public static TrainTestSplit[] KFold(ReadOnlySpan<byte> indicator, int labelCount, int folds = StratifiedSplit.DefaultFolds, ulong seed = 0)
    {
        int n = Rows(indicator, labelCount);
        if (folds < 2 || folds > n)
        {
            throw new ArgumentException($"Split: k-fold needs between 2 and {n} (the samples) folds, not {folds}.", nameof(folds));
        }
        var proportions = new double[folds];
        Array.Fill(proportions, 1.0 / folds);
        return StratifiedSplit.FoldsOf(Assign(indicator, labelCount, proportions, seed), folds);
    }

    /// <summary>The part (0..proportions.Length-1) each sample goes to, the parts aiming at the given shares of every label.</summary>
    public static int[] Assign(ReadOnlySpan<byte> indicator, int labelCount, IReadOnlyList<double> proportions, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(proportions);
        int n = Rows(indicator, labelCount);
        int parts = proportions.Count;
        var random = StratifiedSplit.RandomOf(seed);
        // Desired samples per part, and per part and label.
        var wanted = new double[parts];
        var wantedLabel = new double[parts, labelCount];
        var remaining = new int[labelCount];
        for (int i = 0; i < n; i++)
        {
            for (int l = 0; l < labelCount; l++)
            {
                remaining[l] += indicator[i * labelCount + l];
            }
        }
        for (int j = 0; j < parts; j++)
        {
            wanted[j] = proportions[j] * n;
            for (int l = 0; l < labelCount; l++)
            {
                wantedLabel[j, l] = proportions[j] * remaining[l];
            }
        }
        // Samples are visited in a seeded random order, so which of equally placed samples goes where is random.
        int[] order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }
        random.Shuffle(order);
        var part = new int[n];
        Array.Fill(part, -1);
        var candidates = new List<int>();
        while (true)
        {
            int label = RarestLabel(remaining, random);
            if (label < 0)
            {
                break;
            }
            foreach (int i in order)
            {
                if (part[i] >= 0 || indicator[i * labelCount + label] == 0)
                {
                    continue;
                }
                candidates.Clear();
                double best = double.NegativeInfinity;
                for (int j = 0; j < parts; j++)
                {
                    double w = wantedLabel[j, label];
                    if (w > best)
                    {
                        best = w;
                        candidates.Clear();
                    }
                    if (w == best)
                    {
                        candidates.Add(j);
                    }
                }
                int chosen = candidates.Count == 1 ? candidates[0] : MostWanted(candidates, wanted, random);
                part[i] = chosen;
                wanted[chosen]--;
                for (int l = 0; l < labelCount; l++)
                {
                    if (indicator[i * labelCount + l] != 0)
                    {
                        wantedLabel[chosen, l]--;
                        remaining[l]--;
                    }
                }
            }
        }
        // Samples without labels fill the parts that still lack samples.
        var all = new List<int>(parts);
        for (int j = 0; j < parts; j++)
        {
            all.Add(j);
        }
        foreach (int i in order)
        {
            if (part[i] < 0)
            {
                int chosen = MostWanted(all, wanted, random);
                part[i] = chosen;
                wanted[chosen]--;
            }
        }
        return part;
    }

    private static int RarestLabel(int[] remaining, Random random)
    {
        int fewest = int.MaxValue, label = -1, ties = 0;
        for (int l = 0; l < remaining.Length; l++)
        {
            int r = remaining[l];
            if (r <= 0 || r > fewest)
            {
                continue;
            }
            if (r < fewest)
            {
                fewest = r;
                label = l;
                ties = 1;
            }
            // Reservoir choice among the tied rarest labels: each kept with equal probability.
            else if (random.Next(++ties) == 0)
            {
                label = l;
            }
        }
        return label;
    }

    private static int MostWanted(List<int> candidates, double[] wanted, Random random)
    {
        double best = double.NegativeInfinity;
        int chosen = -1, ties = 0;
        foreach (int j in candidates)
        {
            if (wanted[j] > best)
            {
                best = wanted[j];
                chosen = j;
                ties = 1;
            }
            else if (wanted[j] == best && random.Next(++ties) == 0)
            {
                chosen = j;
            }
        }
        return chosen;
    }

    private static int Rows(ReadOnlySpan<byte> indicator, int labelCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(labelCount, 1);
        if (indicator.Length == 0 || indicator.Length % labelCount != 0)
        {
            throw new ArgumentException($"Split: the indicator's {indicator.Length} entries do not make rows of {labelCount} labels.", nameof(indicator));
        }
        int bad = indicator.IndexOfAnyExcept((byte)0, (byte)1);
        if (bad >= 0)
        {
            throw new ArgumentException($"Split: the indicator holds {indicator[bad]} at sample {bad / labelCount}, label {bad % labelCount}; only 0 and 1 are allowed.", nameof(indicator));
        }
        return indicator.Length / labelCount;
    }
}
