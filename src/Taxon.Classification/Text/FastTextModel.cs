using System.Numerics.Tensors;
using Taxon.Classification.Models;

namespace Taxon.Classification.Text;

/// <summary>
/// A fitted fastText classifier (fastText: a supervised <c>.bin</c> model): a text's vector is the mean of the input
/// rows of its words, word n-grams and character n-grams, and the output layer scores the labels from it. Only the
/// input rows the training texts touched are stored; any other n-gram bucket's row is computed from the seed, with the
/// value it would have had if the full bucket matrix had been initialised. Immutable and thread-safe.
/// </summary>
public sealed class FastTextModel : TextClassifierModel
{
    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "fasttext";

    private readonly string[] _words;
    private readonly Dictionary<string, int> _wordIndex;
    private readonly int[] _bucketIds;
    private readonly Dictionary<int, int> _bucketSlots;
    private readonly float[] _input;
    private readonly float[] _output;
    private readonly long[] _labelCounts;
    private readonly int[][]? _paths;
    private readonly bool[][]? _codes;
    private readonly FastTextProductQuantizer? _quantizer;

    internal FastTextModel(FastTextOptions options, string[] classes, bool isMultiLabel, string[] words, int[] bucketIds,
        float[] input, float[] output, long[] labelCounts, FastTextProductQuantizer? quantizer = null) : base(classes, isMultiLabel)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        int dim = options.Dim;
        _words = words;
        _wordIndex = new Dictionary<string, int>(words.Length, StringComparer.Ordinal);
        for (int i = 0; i < words.Length; i++)
        {
            if (!_wordIndex.TryAdd(words[i], i))
            {
                throw new ArgumentException($"FastTextModel: word '{words[i]}' is in the dictionary twice.");
            }
        }
        _bucketIds = bucketIds;
        _bucketSlots = new Dictionary<int, int>(bucketIds.Length);
        for (int i = 0; i < bucketIds.Length; i++)
        {
            if (bucketIds[i] < 0 || bucketIds[i] >= options.Buckets || !_bucketSlots.TryAdd(bucketIds[i], words.Length + i))
            {
                throw new ArgumentException($"FastTextModel: stored bucket {bucketIds[i]} is out of range or repeated.");
            }
        }
        if (quantizer is not null && (input.Length != 0 || quantizer.Rows != words.Length + bucketIds.Length || quantizer.Dim != dim))
        {
            throw new ArgumentException($"FastTextModel: the quantised input does not match {words.Length + bucketIds.Length} rows of {dim} values.");
        }
        if (quantizer is null && input.Length != (long)(words.Length + bucketIds.Length) * dim)
        {
            throw new ArgumentException($"FastTextModel: {input.Length} input values where {(long)(words.Length + bucketIds.Length) * dim} were expected.");
        }
        if (output.Length != (long)OutputRows(options.Loss, classes.Length) * dim)
        {
            throw new ArgumentException($"FastTextModel: {output.Length} output values where {OutputRows(options.Loss, classes.Length) * dim} were expected.");
        }
        if (labelCounts.Length != classes.Length)
        {
            throw new ArgumentException($"FastTextModel: {labelCounts.Length} label counts for {classes.Length} classes.");
        }
        if (isMultiLabel && options.Loss != FastTextLoss.OneVsAll)
        {
            throw new ArgumentException($"FastTextModel: a multi-label model needs loss OneVsAll, not {options.Loss}.");
        }
        _input = input;
        _quantizer = quantizer;
        _output = output;
        _labelCounts = labelCounts;
        if (options.Loss == FastTextLoss.HierarchicalSoftmax)
        {
            (_paths, _codes) = FastTextFeatures.HuffmanTree(labelCounts);
        }
    }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>The settings the model was trained with.</summary>
    public FastTextOptions Options { get; }

    /// <inheritdoc />
    public override double Threshold => Options.Threshold;

    /// <summary>The dictionary's words, most frequent first (fastText: <c>dump dict</c>).</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>The number of input rows stored: one per word plus one per n-gram bucket the training texts touched.</summary>
    public int StoredRows => _words.Length + _bucketIds.Length;

    /// <summary>The stored input row of a dictionary word, or an empty span when it is not in the dictionary (tests).</summary>
    internal ReadOnlySpan<float> WordRow(string word)
    {
        if (!_wordIndex.TryGetValue(word, out int w))
        {
            return default;
        }
        if (_quantizer is null)
        {
            return _input.AsSpan(w * Options.Dim, Options.Dim);
        }
        var row = new float[Options.Dim];
        _quantizer.AddRow(w, row);
        return row;
    }

    /// <summary>Whether the input rows are product-quantised (<see cref="Quantize"/>).</summary>
    public bool IsQuantized => _quantizer is not null;

    /// <summary>
    /// A copy whose stored input rows are product-quantised (fastText: <c>fasttext quantize</c> without
    /// <c>-qout</c>/<c>-cutoff</c>): each row is cut into sub-vectors of <paramref name="subvectorDim"/> values, and each
    /// is replaced by one byte, the index of the nearest of 256 k-means centroids for that position (trained on up to
    /// 65,536 rows drawn with <paramref name="seed"/>). The file shrinks about 4 x subvectorDim-fold; predictions
    /// mostly stay the same. Rows of unseen n-grams are still computed from the seed.
    /// </summary>
    public FastTextModel Quantize(int subvectorDim = 2, ulong seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(subvectorDim);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(subvectorDim, Options.Dim);
        if (_quantizer is not null)
        {
            throw new InvalidOperationException("FastTextModel: the model is already quantised.");
        }
        FastTextProductQuantizer quantizer = FastTextProductQuantizer.Train(_input, StoredRows, Options.Dim, subvectorDim, seed);
        var model = new FastTextModel(Options, [.. Classes], IsMultiLabel, _words, _bucketIds, [], _output, _labelCounts, quantizer);
        model.EmailText = EmailText;
        return model;
    }

    internal static int OutputRows(FastTextLoss loss, int classes) => loss == FastTextLoss.HierarchicalSoftmax ? Math.Max(1, classes - 1) : classes;

    /// <summary>
    /// The input ids of one text as fastText numbers them: a dictionary word's index, then (with character n-grams)
    /// its n-gram buckets, and the word n-gram buckets after all words; bucket b is id <c>words + b</c>.
    /// </summary>
    internal static void InputIds(string text, FastTextOptions options, Dictionary<string, int> wordIndex, List<int> ids)
    {
        var tokens = new List<string>();
        FastTextFeatures.Tokenize(text, options.Normalize, tokens);
        int nwords = wordIndex.Count;
        bool ngrams = options.WordNgrams > 1;
        var hashes = ngrams ? new List<uint>(tokens.Count) : null;
        var buckets = new List<int>();
        foreach (string token in tokens)
        {
            int wid = wordIndex.TryGetValue(token, out int w) ? w : -1;
            if (wid >= 0)
            {
                ids.Add(wid);
            }
            if (options.MaxCharNgram > 0 && token != FastTextFeatures.EndOfSentence)
            {
                buckets.Clear();
                FastTextFeatures.AddCharNgrams(token, options.MinCharNgram, options.MaxCharNgram, options.Buckets, buckets);
                foreach (int b in buckets)
                {
                    ids.Add(nwords + b);
                }
            }
            hashes?.Add(FastTextFeatures.Hash(token));
        }
        if (hashes is not null)
        {
            buckets.Clear();
            FastTextFeatures.AddWordNgrams(hashes, options.WordNgrams, options.Buckets, buckets);
            foreach (int b in buckets)
            {
                ids.Add(nwords + b);
            }
        }
    }

    /// <summary>The text's vector: the mean of its input rows (fastText: <c>print-sentence-vectors</c>); zeros for a text with no known features.</summary>
    public float[] SentenceVector(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hidden = new float[Options.Dim];
        Hidden(text, hidden);
        return hidden;
    }

    private void Hidden(string text, Span<float> hidden)
    {
        int dim = Options.Dim;
        var ids = new List<int>();
        InputIds(text, Options, _wordIndex, ids);
        hidden.Clear();
        if (ids.Count == 0)
        {
            return;
        }
        Span<float> scratch = dim <= 1024 ? stackalloc float[dim] : new float[dim];
        int nwords = _words.Length;
        foreach (int id in ids)
        {
            int slot = id < nwords ? id : _bucketSlots.TryGetValue(id - nwords, out int s) ? s : -1;
            if (slot >= 0 && _quantizer is not null)
            {
                _quantizer.AddRow(slot, hidden);
            }
            else if (slot >= 0)
            {
                TensorPrimitives.Add(hidden, _input.AsSpan(slot * dim, dim), hidden);
            }
            else
            {
                FastTextFeatures.InitRow(Options.Seed, id, scratch);
                TensorPrimitives.Add(hidden, scratch, hidden);
            }
        }
        TensorPrimitives.Multiply(hidden, 1f / ids.Count, hidden);
    }

    /// <inheritdoc />
    public override void PredictProba(string text, Span<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(text);
        int dim = Options.Dim;
        int k = Classes.Count;
        if (probabilities.Length < k)
        {
            throw new ArgumentException($"FastTextModel: {probabilities.Length} slots for {k} class probabilities.", nameof(probabilities));
        }
        Span<float> hidden = dim <= 1024 ? stackalloc float[dim] : new float[dim];
        Hidden(text, hidden);
        Span<double> p = probabilities[..k];
        switch (Options.Loss)
        {
            case FastTextLoss.Softmax:
                double max = double.NegativeInfinity;
                for (int j = 0; j < k; j++)
                {
                    p[j] = TensorPrimitives.Dot(_output.AsSpan(j * dim, dim), hidden);
                    max = Math.Max(max, p[j]);
                }
                for (int j = 0; j < k; j++)
                {
                    p[j] = Math.Exp(p[j] - max);
                }
                break;
            case FastTextLoss.HierarchicalSoftmax:
                for (int j = 0; j < k; j++)
                {
                    double prob = 1;
                    int[] path = _paths![j];
                    bool[] code = _codes![j];
                    for (int n = 0; n < path.Length; n++)
                    {
                        double s = FastTextFeatures.Sigmoid(TensorPrimitives.Dot(_output.AsSpan(path[n] * dim, dim), hidden));
                        prob *= code[n] ? s : 1 - s;
                    }
                    p[j] = prob;
                }
                break;
            default:
                for (int j = 0; j < k; j++)
                {
                    p[j] = FastTextFeatures.Sigmoid(TensorPrimitives.Dot(_output.AsSpan(j * dim, dim), hidden));
                }
                if (IsMultiLabel)
                {
                    return;
                }
                break;
        }
        double sum = 0;
        for (int j = 0; j < k; j++)
        {
            sum += p[j];
        }
        if (sum > 0 && double.IsFinite(sum))
        {
            for (int j = 0; j < k; j++)
            {
                p[j] /= sum;
            }
        }
        else
        {
            p.Fill(1.0 / k);
        }
    }

    /// <inheritdoc />
    protected internal override void Write(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteTextModel(writer);
        writer.WriteJson("options", Options);
        writer.WriteJson("words", _words);
        writer.WriteJson("label_counts", _labelCounts);
        if (_quantizer is null)
        {
            writer.Write("input", _input, [StoredRows, Options.Dim]);
        }
        else
        {
            writer.WriteJson("pq_subvector_dim", _quantizer.SubvectorDim);
            byte[] codes = _quantizer.Codes;
            var packed = new int[(codes.Length + 3) / 4];
            Buffer.BlockCopy(codes, 0, packed, 0, codes.Length);
            writer.Write("pq_codes", packed);
            writer.WriteJson("pq_code_count", codes.Length);
            writer.Write("pq_codebooks", _quantizer.Codebooks);
        }
        if (_bucketIds.Length > 0)
        {
            writer.Write("bucket_ids", _bucketIds);
        }
        writer.Write("output", _output, [OutputRows(Options.Loss, Classes.Count), Options.Dim]);
    }

    /// <summary>Reads a model written by <see cref="Write"/> (registered with <see cref="ModelFile"/>).</summary>
    public static FastTextModel Read(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string[] classes = ReadClasses(reader);
        bool multiLabel = ReadMultiLabel(reader);
        FastTextOptions options = reader.ReadJson<FastTextOptions>("options");
        string[] words = reader.ReadJson<string[]>("words");
        long[] counts = reader.ReadJson<long[]>("label_counts");
        int[] buckets = reader.Contains("bucket_ids") ? reader.ReadInts("bucket_ids") : [];
        if (options.Dim < 1)
        {
            throw reader.Corrupt("options", $"dim {options.Dim} is not positive");
        }
        float[] output = reader.ReadFloats("output", OutputRows(options.Loss, classes.Length) * options.Dim);
        if (!reader.Contains("pq_codes"))
        {
            float[] input = reader.ReadFloats("input", (words.Length + buckets.Length) * options.Dim);
            return WithEmailText(new FastTextModel(options, classes, multiLabel, words, buckets, input, output, counts), reader);
        }
        int subvectorDim = reader.ReadJson<int>("pq_subvector_dim");
        int codeCount = reader.ReadJson<int>("pq_code_count");
        if (subvectorDim < 1 || subvectorDim > options.Dim || codeCount < 0)
        {
            throw reader.Corrupt("pq_subvector_dim", $"sub-vectors of {subvectorDim} values ({codeCount} codes) do not fit rows of {options.Dim}");
        }
        int[] packed = reader.ReadInts("pq_codes", (codeCount + 3) / 4);
        var codes = new byte[codeCount];
        Buffer.BlockCopy(packed, 0, codes, 0, codeCount);
        float[] codebooks = reader.ReadFloats("pq_codebooks");
        var quantizer = new FastTextProductQuantizer(options.Dim, subvectorDim, words.Length + buckets.Length, codes, codebooks);
        return WithEmailText(new FastTextModel(options, classes, multiLabel, words, buckets, [], output, counts, quantizer), reader);
    }
}
