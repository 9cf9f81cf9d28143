using Taxon.Classification.Models;
using Taxon.Classification.Text;

namespace Taxon.Cli;

/// <summary>
/// The text models of <c>taxon train</c>: without <c>--model</c>, <see cref="TextPipeline.Default"/> (TF-IDF word
/// 1-2-grams and a linear SVM); <c>fasttext</c> with fastText's options and defaults; the classic models (logreg,
/// svm, the naive Bayes variants, knn) on the default TF-IDF features, or on those --word-ngrams, --char-ngrams and
/// --min-count ask for.
/// </summary>
internal sealed record TextModelCatalog
{
    /// <summary>The names <c>--model</c> accepts for text data.</summary>
    public static readonly string[] Models = ["fasttext", "logreg", "svm", "nb", "multinomial-nb", "complement-nb", "bernoulli-nb", "knn"];

    /// <summary>The losses <c>--loss</c> accepts, with fastText's short names.</summary>
    public static readonly string[] Losses = ["softmax", "hs", "ns", "ova"];

    public required ModelCatalog Classic { get; init; }

    public int? Dim { get; init; }

    public int? WordNgrams { get; init; }

    public int[]? CharNgrams { get; init; }

    public int? Buckets { get; init; }

    public int? MinCount { get; init; }

    public string? Loss { get; init; }

    public string? PretrainedVectors { get; init; }

    public int? Threads { get; init; }

    /// <summary>The estimator for <paramref name="model"/> (null: the default text model); <paramref name="multiLabel"/> data gets fastText's one-vs-all loss unless another was asked for.</summary>
    public TextClassifier Create(string? model, bool multiLabel)
    {
        if (model != "fasttext")
        {
            string? given = FastTextOnlyOption();
            if (given is not null)
            {
                throw new ArgumentException($"{given}: applies to --model fasttext.");
            }
        }
        if (model is null)
        {
            return Vectorizer() is { } custom ? new TextPipeline(custom, TextPipeline.Default(Classic.Seed).Classifier) : TextPipeline.Default(Classic.Seed);
        }
        if (model == "fasttext")
        {
            return new FastTextClassifier(FastText(multiLabel));
        }
        if (model == "mlp")
        {
            throw new ArgumentException("--model mlp: takes dense features and would turn a text vocabulary of hundreds of thousands of columns dense; for a network on text use --model fasttext.");
        }
        ModelCatalog.Check("--model", model, Models);
        if (multiLabel)
        {
            throw new ArgumentException($"--model {model}: the classic models classify a text into one class; for multi-label texts use --model fasttext (one-vs-all).");
        }
        return new TextPipeline(Vectorizer() ?? TextPipeline.DefaultVectorizer(), Classic.ForText(model));
    }

    /// <summary>
    /// The TF-IDF features the classic models get when --word-ngrams (word 1..N-grams), --char-ngrams (character
    /// MIN..MAX-grams inside word boundaries, scikit-learn's char_wb) or --min-count (terms in fewer texts are dropped)
    /// change the default ones; null when none is given.
    /// </summary>
    private TfidfVectorizer? Vectorizer()
    {
        if (WordNgrams is null && CharNgrams is null && MinCount is null)
        {
            return null;
        }
        if (WordNgrams is not null && CharNgrams is not null)
        {
            throw new ArgumentException("--word-ngrams and --char-ngrams: the TF-IDF features of the classic models are word or character n-grams, not both; give one.");
        }
        TfidfVectorizerOptions o = TextPipeline.DefaultVectorizer().Options;
        if (WordNgrams is int n)
        {
            o = o with { NGramMin = 1, NGramMax = n };
        }
        if (CharNgrams is { } c)
        {
            CheckCharNgrams(c);
            o = o with { Analyzer = TextAnalyzer.CharWordBounded, NGramMin = c[0], NGramMax = c[1] };
        }
        if (MinCount is int m)
        {
            o = o with { MinDf = m };
        }
        return new TfidfVectorizer(o);
    }

    private static void CheckCharNgrams(int[] n)
    {
        if (n.Length != 2 || n[0] > n[1])
        {
            throw new ArgumentException("--char-ngrams: give MIN,MAX with MIN <= MAX, e.g. 3,6.");
        }
    }

    private FastTextOptions FastText(bool multiLabel)
    {
        var defaults = new FastTextOptions();
        FastTextLoss loss = Loss switch
        {
            null => multiLabel ? FastTextLoss.OneVsAll : defaults.Loss,
            "softmax" => FastTextLoss.Softmax,
            "hs" => FastTextLoss.HierarchicalSoftmax,
            "ns" => FastTextLoss.NegativeSampling,
            "ova" => FastTextLoss.OneVsAll,
            _ => throw new ArgumentException($"--loss: '{Loss}' is not one of {string.Join(", ", Losses)}."),
        };
        if (CharNgrams is { } n)
        {
            CheckCharNgrams(n);
        }
        return defaults with
        {
            Dim = Dim ?? defaults.Dim,
            LearningRate = Classic.LearningRate ?? defaults.LearningRate,
            WordNgrams = WordNgrams ?? defaults.WordNgrams,
            MinCharNgram = CharNgrams?[0] ?? defaults.MinCharNgram,
            MaxCharNgram = CharNgrams?[1] ?? defaults.MaxCharNgram,
            Buckets = Buckets ?? defaults.Buckets,
            Epochs = Classic.Epochs ?? defaults.Epochs,
            MinCount = MinCount ?? defaults.MinCount,
            Loss = loss,
            Threads = Threads ?? defaults.Threads,
            Seed = Classic.Seed,
            PretrainedVectors = PretrainedVectors,
        };
    }

    /// <summary>The first fastText-only option given, or null.</summary>
    public string? FastTextOnlyOption() =>
        Dim is not null ? "--dim" : Buckets is not null ? "--buckets" : Loss is not null ? "--loss"
        : PretrainedVectors is not null ? "--pretrained-vectors" : null;

    /// <summary>The first text-only option given (fastText's, or the n-gram and count options), or null.</summary>
    public string? TextOnlyOption() =>
        FastTextOnlyOption() ?? (WordNgrams is not null ? "--word-ngrams" : CharNgrams is not null ? "--char-ngrams"
        : MinCount is not null ? "--min-count" : null);
}
