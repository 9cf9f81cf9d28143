namespace Taxon.Classification.Text;

/// <summary>
/// Settings of a <see cref="FastTextClassifier"/>, with the defaults of <c>fasttext supervised</c> (fastText 0.9.2).
/// Immutable; <see cref="Validate"/> names the first bad property.
/// </summary>
public sealed record FastTextOptions
{
    /// <summary>The size of word vectors (fastText: <c>-dim</c>); 100.</summary>
    public int Dim { get; init; } = 100;

    /// <summary>The initial learning rate, decayed linearly to 0 (fastText: <c>-lr</c>); 0.1.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>How many tokens are processed between learning-rate updates (fastText: <c>-lrUpdateRate</c>); 100.</summary>
    public int LearningRateUpdateRate { get; init; } = 100;

    /// <summary>The longest word n-gram used as a feature (fastText: <c>-wordNgrams</c>); 1 (words only).</summary>
    public int WordNgrams { get; init; } = 1;

    /// <summary>The shortest character n-gram (fastText: <c>-minn</c>); 0.</summary>
    public int MinCharNgram { get; init; }

    /// <summary>The longest character n-gram, 0 for none (fastText: <c>-maxn</c>); 0.</summary>
    public int MaxCharNgram { get; init; }

    /// <summary>
    /// The number of hash buckets for word and character n-grams (fastText: <c>-bucket</c>); 2,000,000. Unused when
    /// <see cref="WordNgrams"/> is 1 and <see cref="MaxCharNgram"/> is 0, as in fastText. Only the buckets the training
    /// texts touch are stored; the others are computed from <see cref="Seed"/> when read.
    /// </summary>
    public int Buckets { get; init; } = 2_000_000;

    /// <summary>The number of passes over the data (fastText: <c>-epoch</c>); 5.</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>The fewest occurrences a word needs to enter the dictionary (fastText: <c>-minCount</c>); 1.</summary>
    public int MinCount { get; init; } = 1;

    /// <summary>The loss (fastText: <c>-loss</c>); <see cref="FastTextLoss.Softmax"/>.</summary>
    public FastTextLoss Loss { get; init; } = FastTextLoss.Softmax;

    /// <summary>The number of negatives sampled per example with <see cref="FastTextLoss.NegativeSampling"/> (fastText: <c>-neg</c>); 5.</summary>
    public int NegativeSamples { get; init; } = 5;

    /// <summary>
    /// The number of Hogwild worker threads (fastText: <c>-thread</c>); <see cref="Environment.ProcessorCount"/>. With 1,
    /// training is bit-for-bit reproducible for a <see cref="Seed"/>; with more, threads race on the shared weights as
    /// in fastText.
    /// </summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>The seed of the initial vectors, the sample order and the negative samples (fastText: <c>-seed</c>); 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>A <c>.vec</c> text file of pretrained word vectors of size <see cref="Dim"/> that initialise the dictionary's words (fastText: <c>-pretrainedVectors</c>); none.</summary>
    public string? PretrainedVectors { get; init; }

    /// <summary>The probability at or above which a one-vs-all model predicts a label of multi-label data (fastText: <c>predict -t</c>); 0.5.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>
    /// Whether texts are lower-cased (<see cref="char.ToLowerInvariant"/>) and punctuation and symbols split off as
    /// tokens of their own, as fastText's tutorials preprocess text; true. False splits on whitespace only, as
    /// fastText reads its input.
    /// </summary>
    public bool Normalize { get; init; } = true;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first property out of range.</summary>
    public void Validate()
    {
        static void Fail(string property, string why) => throw new ArgumentException($"FastTextOptions.{property}: {why}.", property);
        if (Dim < 1)
        {
            Fail(nameof(Dim), $"must be at least 1, not {Dim}");
        }
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            Fail(nameof(LearningRate), $"must be a positive finite number, not {LearningRate}");
        }
        if (LearningRateUpdateRate < 1)
        {
            Fail(nameof(LearningRateUpdateRate), $"must be at least 1, not {LearningRateUpdateRate}");
        }
        if (WordNgrams < 1)
        {
            Fail(nameof(WordNgrams), $"must be at least 1, not {WordNgrams}");
        }
        if (MinCharNgram < 0)
        {
            Fail(nameof(MinCharNgram), $"must not be negative, not {MinCharNgram}");
        }
        if (MaxCharNgram < 0)
        {
            Fail(nameof(MaxCharNgram), $"must not be negative, not {MaxCharNgram}");
        }
        if (MaxCharNgram > 0 && (MinCharNgram < 1 || MinCharNgram > MaxCharNgram))
        {
            Fail(nameof(MinCharNgram), $"must be between 1 and MaxCharNgram ({MaxCharNgram}) when character n-grams are used, not {MinCharNgram}");
        }
        if (Buckets < 1 && (WordNgrams > 1 || MaxCharNgram > 0))
        {
            Fail(nameof(Buckets), $"must be at least 1 when word or character n-grams are used, not {Buckets}");
        }
        if (Buckets < 0)
        {
            Fail(nameof(Buckets), $"must not be negative, not {Buckets}");
        }
        if (Epochs < 1)
        {
            Fail(nameof(Epochs), $"must be at least 1, not {Epochs}");
        }
        if (MinCount < 1)
        {
            Fail(nameof(MinCount), $"must be at least 1, not {MinCount}");
        }
        if (!Enum.IsDefined(Loss))
        {
            Fail(nameof(Loss), $"{(int)Loss} is not a FastTextLoss");
        }
        if (NegativeSamples < 1)
        {
            Fail(nameof(NegativeSamples), $"must be at least 1, not {NegativeSamples}");
        }
        if (Threads < 1)
        {
            Fail(nameof(Threads), $"must be at least 1, not {Threads}");
        }
        if (!(Threshold >= 0 && Threshold <= 1))
        {
            Fail(nameof(Threshold), $"must be between 0 and 1, not {Threshold}");
        }
        if (PretrainedVectors is { Length: 0 })
        {
            Fail(nameof(PretrainedVectors), "is empty; leave it null for no pretrained vectors");
        }
    }
}
