using System.Runtime.InteropServices;
using System.Text;
using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Text;

/// <summary>
/// A fitted <see cref="TfidfVectorizer"/> (scikit-learn: a fitted <c>TfidfVectorizer</c>): its vocabulary, in
/// ordinal term order as columns (<see cref="FeatureNames"/>), each term's <see cref="Idf"/>, and the settings.
/// A text's row is: count of each term (1 with <see cref="TfidfVectorizerOptions.Binary"/>, 1 + ln(count) with
/// <see cref="TfidfVectorizerOptions.SublinearTf"/>), times its idf, then scaled by <see cref="TfidfVectorizerOptions.Norm"/>.
/// Terms not in the vocabulary are ignored. Saved with the terms as one UTF-8 blob, so large vocabularies load fast.
/// </summary>
public sealed class TfidfVectorizerModel : TextVectorizerModel
{
    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "tfidf-vectorizer";

    [ThreadStatic]
    private static Scratch? t_scratch;

    private readonly string[] _terms;
    private readonly double[] _idf;
    private Dictionary<string, int>? _vocabulary;
    private readonly TokenTable _tokens;
    private readonly int[] _unigramColumn;
    private readonly BigramTable _bigrams;
    private readonly Tokenizer _tokenizer;
    private readonly CharNGrams? _chars;

    internal TfidfVectorizerModel(string[] terms, double[] idf, TfidfVectorizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(idf);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (terms.Length == 0 || idf.Length != terms.Length)
        {
            throw new ArgumentException($"TfidfVectorizerModel: {terms.Length} terms and {idf.Length} idf values; there must be at least one term and one idf per term.");
        }
        _terms = terms;
        _idf = idf;
        Options = options;
        _tokenizer = new Tokenizer(options.Tokenizer);
        _chars = options.Analyzer == TextAnalyzer.Word ? null : new CharNGrams(options.Analyzer, options.NGramMin, options.NGramMax, options.Tokenizer.Lowercase);
        int unigrams = 0, bigrams = 0;
        for (int c = 0; c < terms.Length; c++)
        {
            string term = terms[c];
            if (string.IsNullOrEmpty(term) || (c > 0 && string.CompareOrdinal(terms[c - 1], term) >= 0))
            {
                throw new ArgumentException($"TfidfVectorizerModel: term {c} is empty or not after the one before in ordinal order.");
            }
            if (!(idf[c] > 0) || !double.IsFinite(idf[c]))
            {
                throw new ArgumentException($"TfidfVectorizerModel: idf {idf[c]} of term {c} is not a positive finite number.");
            }
            int parts = _chars is null ? term.AsSpan().Count(' ') + 1 : term.EnumerateRunes().Count();
            if (parts < options.NGramMin || parts > options.NGramMax)
            {
                throw new ArgumentException($"TfidfVectorizerModel: term {c} has {parts} {(_chars is null ? "words" : "characters")}, outside the n-gram range ({options.NGramMin}, {options.NGramMax}).");
            }
            unigrams += parts == 1 ? 1 : 0;
            bigrams += parts == 2 ? 1 : 0;
        }
        bool words = _chars is null;
        _tokens = new TokenTable(words ? unigrams + unigrams / 4 : 0);
        _bigrams = new BigramTable(words ? bigrams : 0);
        var unigram = new List<int>(words ? unigrams + unigrams / 4 : 0);
        for (int c = 0; c < (words ? terms.Length : 0); c++)
        {
            ReadOnlySpan<char> span = terms[c];
            int space = span.IndexOf(' ');
            if (space < 0)
            {
                int id = TokenId(span, unigram, c);
                unigram[id] = c;
            }
            else if (span[(space + 1)..].IndexOf(' ') < 0)
            {
                int a = TokenId(span[..space], unigram, -1), b = TokenId(span[(space + 1)..], unigram, -1);
                _bigrams.Add(a, b, c, idf[c]);
            }
        }
        _unigramColumn = [.. unigram];
    }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>The settings it was fitted with.</summary>
    public TfidfVectorizerOptions Options { get; }

    /// <inheritdoc />
    public override int OutputColumns => _terms.Length;

    /// <summary>Each term's column (scikit-learn: <c>vocabulary_</c>); n-grams are words joined by one space.</summary>
    public IReadOnlyDictionary<string, int> Vocabulary => VocabularyTable;

    // Built on first use: featurising up to bigrams goes through token ids, and a million-term string table would
    // cost fitting, loading and memory for nothing.
    private Dictionary<string, int> VocabularyTable => LazyInitializer.EnsureInitialized(ref _vocabulary, () =>
    {
        var table = new Dictionary<string, int>(_terms.Length, StringComparer.Ordinal);
        for (int c = 0; c < _terms.Length; c++)
        {
            table.Add(_terms[c], c);
        }
        return table;
    });

    /// <summary>The term of each column, in ordinal order (scikit-learn: <c>get_feature_names_out()</c>); a copy.</summary>
    public string[] FeatureNames => (string[])_terms.Clone();

    /// <summary>
    /// Each column's inverse document frequency (scikit-learn: <c>idf_</c>); all 1 when
    /// <see cref="TfidfVectorizerOptions.UseIdf"/> is false. A copy.
    /// </summary>
    public double[] Idf => (double[])_idf.Clone();

    /// <inheritdoc />
    public override SparseMatrix Transform(IReadOnlyList<string> texts) => TransformEach(texts, "tfidf");

    /// <inheritdoc />
    public override int Transform(string text, ref int[] columns, ref float[] values)
    {
        ArgumentNullException.ThrowIfNull(text);
        columns ??= [];
        values ??= [];
        return Featurize(text, GetScratch(), ref columns, ref values);
    }

    /// <inheritdoc />
    protected internal override void Write(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        TfidfVectorizerOptions o = Options;
        writer.WriteJson("options", (StoredOptions)new StoredOptions(o.NGramMin, o.NGramMax, o.MinDf, o.MaxDfFraction, o.MaxFeatures, o.Binary, o.UseIdf,
            o.SmoothIdf, o.SublinearTf, o.Norm) { Analyzer = o.Analyzer }.WithTokenizer(o.Tokenizer));
        var lengths = new int[_terms.Length];
        long total = 0;
        for (int c = 0; c < _terms.Length; c++)
        {
            lengths[c] = Encoding.UTF8.GetByteCount(_terms[c]);
            total += lengths[c];
        }
        var packed = new int[checked((int)((total + 3) / 4))];
        Span<byte> bytes = MemoryMarshal.AsBytes(packed.AsSpan());
        int at = 0;
        foreach (string term in _terms)
        {
            at += Encoding.UTF8.GetBytes(term, bytes[at..]);
        }
        writer.WriteJson("term_count", _terms.Length);
        writer.WriteJson("term_bytes", total);
        writer.Write("term_lengths", lengths);
        writer.Write("terms", packed);
        writer.Write("idf", _idf);
    }

    internal static TfidfVectorizerModel Read(ModelReader reader)
    {
        StoredOptions s = reader.ReadJson<StoredOptions>("options");
        int count = reader.ReadJson<int>("term_count");
        long total = reader.ReadJson<long>("term_bytes");
        if (count < 1 || total < count || total > int.MaxValue)
        {
            throw reader.Corrupt("term_count", $"{count} terms of {total} bytes in all");
        }
        int[] lengths = reader.ReadInts("term_lengths", count);
        int[] packed = reader.ReadInts("terms", (int)((total + 3) / 4));
        double[] idf = reader.ReadDoubles("idf", count);
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(packed.AsSpan())[..(int)total];
        var terms = new string[count];
        int at = 0;
        for (int c = 0; c < count; c++)
        {
            int length = lengths[c];
            if (length < 1 || length > bytes.Length - at)
            {
                throw reader.Corrupt("term_lengths", $"term {c} has length {length}, beyond the {total} bytes stored");
            }
            terms[c] = Encoding.UTF8.GetString(bytes.Slice(at, length));
            at += length;
        }
        if (at != total)
        {
            throw reader.Corrupt("term_lengths", $"the lengths add up to {at} bytes, not {total}");
        }
        var options = new TfidfVectorizerOptions
        {
            NGramMin = s.NGramMin,
            NGramMax = s.NGramMax,
            MinDf = s.MinDf,
            MaxDfFraction = s.MaxDfFraction,
            MaxFeatures = s.MaxFeatures,
            Binary = s.Binary,
            UseIdf = s.UseIdf,
            SmoothIdf = s.SmoothIdf,
            SublinearTf = s.SublinearTf,
            Norm = s.Norm,
            Analyzer = s.Analyzer ?? TextAnalyzer.Word,
            Tokenizer = s.ToTokenizerOptions(),
        };
        return new TfidfVectorizerModel(terms, idf, options);
    }

    private static Scratch GetScratch() => t_scratch ??= new Scratch();

    private int TokenId(ReadOnlySpan<char> token, List<int> unigram, int column)
    {
        int id = _tokens.GetOrAdd(token, column, column >= 0 ? _idf[column] : 0);
        if (id == unigram.Count)
        {
            unigram.Add(-1);
        }
        return id;
    }

    /// <summary>The id of a token in the vocabulary's token table, or -1 when no kept term uses it.</summary>
    internal int TokenIdOf(ReadOnlySpan<char> token) => _tokens.TryFind(token, out int id, out _, out _) ? id : -1;

    /// <summary>
    /// The row of a text already split into token ids (<see cref="TokenIdOf"/>), for fitting and transforming in
    /// one tokenising pass; only for n-grams up to 2, whose terms are found from ids alone.
    /// </summary>
    internal int FeaturizeIds(ReadOnlySpan<int> ids, ref int[] columns, ref float[] values)
    {
        Scratch s = GetScratch();
        s.Begin(ids.Length * 2);
        if (Options.NGramMin <= 1)
        {
            int[] unigram = _unigramColumn;
            double[] idf = _idf;
            foreach (int id in ids)
            {
                if (id >= 0 && unigram[id] is int c and >= 0)
                {
                    s.Count(c, idf[c]);
                }
            }
        }
        CountBigrams(ids, s);
        return Finish(s, ref columns, ref values);
    }

    private int Featurize(string text, Scratch s, ref int[] columns, ref float[] values)
    {
        if (_chars is not null)
        {
            int found = _chars.Scan(text, ref s.Buffer, ref s.Starts, ref s.Lengths);
            Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup = VocabularyTable.GetAlternateLookup<ReadOnlySpan<char>>();
            s.Begin(found);
            for (int k = 0; k < found; k++)
            {
                if (lookup.TryGetValue(s.Buffer.AsSpan(s.Starts[k], s.Lengths[k]), out int c))
                {
                    s.Count(c, _idf[c]);
                }
            }
            return Finish(s, ref columns, ref values);
        }
        int m = _tokenizer.Scan(text, ref s.Buffer, ref s.Starts, ref s.Lengths);
        ReadOnlySpan<char> buffer = s.Buffer;
        int min = Options.NGramMin, max = Options.NGramMax;
        s.Begin(m * (max - min + 1));
        s.EnsureTokens(m);
        _tokens.FindAll(buffer, s.Starts.AsSpan(0, m), s.Lengths.AsSpan(0, m), s.Hashes, s.Ids, s.TokenColumns, s.TokenIdf);
        if (min <= 1)
        {
            for (int k = 0; k < m; k++)
            {
                if (s.TokenColumns[k] >= 0)
                {
                    s.Count(s.TokenColumns[k], s.TokenIdf[k]);
                }
            }
        }
        CountBigrams(s.Ids.AsSpan(0, m), s);
        Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> grams = max >= 3 ? VocabularyTable.GetAlternateLookup<ReadOnlySpan<char>>() : default;
        for (int g = Math.Max(3, min); g <= max; g++)
        {
            for (int k = 0; k + g <= m; k++)
            {
                bool known = true;
                int length = 0;
                for (int j = k; j < k + g; j++)
                {
                    if (s.Ids[j] < 0)
                    {
                        known = false;
                        break;
                    }
                    int needed = length + s.Lengths[j] + 1;
                    if (needed > s.Gram.Length)
                    {
                        Array.Resize(ref s.Gram, needed * 2);
                    }
                    if (j > k)
                    {
                        s.Gram[length++] = ' ';
                    }
                    buffer.Slice(s.Starts[j], s.Lengths[j]).CopyTo(s.Gram.AsSpan(length));
                    length += s.Lengths[j];
                }
                if (known && grams.TryGetValue(s.Gram.AsSpan(0, length), out int c))
                {
                    s.Count(c, _idf[c]);
                }
            }
        }
        return Finish(s, ref columns, ref values);
    }

    private void CountBigrams(ReadOnlySpan<int> ids, Scratch s)
    {
        if (Options.NGramMin <= 2 && Options.NGramMax >= 2)
        {
            for (int k = 0; k + 1 < ids.Length; k++)
            {
                if (ids[k] >= 0 && ids[k + 1] >= 0)
                {
                    _bigrams.Prefetch(ids[k], ids[k + 1]);
                }
            }
            for (int k = 0; k + 1 < ids.Length; k++)
            {
                int a = ids[k], b = ids[k + 1];
                if (a >= 0 && b >= 0 && _bigrams.TryGet(a, b, out int c, out double termIdf))
                {
                    s.Count(c, termIdf);
                }
            }
        }
    }

    private int Finish(Scratch s, ref int[] columns, ref float[] values)
    {
        int touched = s.Collect();
        if (columns.Length < touched)
        {
            columns = new int[Math.Max(touched, columns.Length * 2)];
        }
        if (values.Length < touched)
        {
            values = new float[Math.Max(touched, values.Length * 2)];
        }
        Span<int> cols = s.Columns.AsSpan(0, touched);
        Span<double> weights = s.Weights.AsSpan(0, touched);
        ReadOnlySpan<double> idf = s.Idf.AsSpan(0, touched);
        bool binary = Options.Binary, sublinear = Options.SublinearTf, useIdf = Options.UseIdf, l2 = Options.Norm == TextNorm.L2;
        for (int k = 0; k < touched; k++)
        {
            double tf = binary ? 1.0 : weights[k];
            if (sublinear)
            {
                tf = Math.Log(tf) + 1.0;
            }
            if (useIdf)
            {
                tf *= idf[k];
            }
            weights[k] = tf;
        }
        cols.Sort(weights);
        double norm = 0;
        foreach (double w in weights)
        {
            norm += l2 ? w * w : Math.Abs(w);
        }
        double scale = Options.Norm switch
        {
            TextNorm.L2 when norm > 0 => 1.0 / Math.Sqrt(norm),
            TextNorm.L1 when norm > 0 => 1.0 / norm,
            _ => 1.0,
        };
        for (int k = 0; k < touched; k++)
        {
            columns[k] = cols[k];
            values[k] = (float)(weights[k] * scale);
        }
        return touched;
    }

    /// <summary>
    /// Per-thread buffers of one text's featurisation. Term counts live in a small open-addressing table sized to
    /// the text, not in a vocabulary-sized array: a long vocabulary's array is megabytes, and touching it at random
    /// costs a cache miss per n-gram, most of a short message's featurisation time.
    /// </summary>
    private sealed class Scratch
    {
        public char[] Buffer = [];
        public int[] Starts = [];
        public int[] Lengths = [];
        public int[] Ids = [];
        public ulong[] Hashes = [];
        public int[] TokenColumns = [];
        public double[] TokenIdf = [];
        public char[] Gram = new char[64];
        public int[] Columns = new int[64];
        public double[] Weights = new double[64];
        public double[] Idf = new double[64];
        private int[] _keys = [];
        private int[] _counts = [];
        private double[] _idf = [];
        private int[] _used = new int[64];
        private int _usedCount;
        private int _shift;

        /// <summary>Grows the per-token arrays to hold <paramref name="tokens"/> tokens.</summary>
        public void EnsureTokens(int tokens)
        {
            if (Ids.Length < tokens)
            {
                int size = Math.Max(tokens, Ids.Length * 2);
                Ids = new int[size];
                Hashes = new ulong[size];
                TokenColumns = new int[size];
                TokenIdf = new double[size];
            }
        }

        /// <summary>Readies the count table for at most <paramref name="terms"/> term occurrences.</summary>
        public void Begin(int terms)
        {
            int bits = 6;
            while ((1 << bits) < 2 * terms && bits < 30)
            {
                bits++;
            }
            if (_keys.Length < 1 << bits)
            {
                _keys = new int[1 << bits];
                _keys.AsSpan().Fill(-1);
                _counts = new int[1 << bits];
                _idf = new double[1 << bits];
            }
            _shift = 32 - bits;
            _usedCount = 0;
        }

        /// <summary>Counts one occurrence of <paramref name="column"/>, whose idf the caller found with it.</summary>
        public void Count(int column, double idf)
        {
            int mask = (1 << (32 - _shift)) - 1;
            int slot = (int)(((uint)column * 2654435769u) >> _shift);
            while (true)
            {
                int key = _keys[slot];
                if (key == column)
                {
                    _counts[slot]++;
                    return;
                }
                if (key < 0)
                {
                    _keys[slot] = column;
                    _counts[slot] = 1;
                    _idf[slot] = idf;
                    if (_usedCount == _used.Length)
                    {
                        Array.Resize(ref _used, _usedCount * 2);
                    }
                    _used[_usedCount++] = slot;
                    return;
                }
                slot = (slot + 1) & mask;
            }
        }

        /// <summary>
        /// Moves the counted terms into <see cref="Columns"/> / <see cref="Weights"/> (counts) / <see cref="Idf"/>,
        /// in the order first counted, and empties the table.
        /// </summary>
        public int Collect()
        {
            int n = _usedCount;
            if (Columns.Length < n)
            {
                Columns = new int[Math.Max(n, Columns.Length * 2)];
                Weights = new double[Columns.Length];
                Idf = new double[Columns.Length];
            }
            for (int k = 0; k < n; k++)
            {
                int slot = _used[k];
                Columns[k] = _keys[slot];
                Weights[k] = _counts[slot];
                Idf[k] = _idf[slot];
                _keys[slot] = -1;
            }
            _usedCount = 0;
            return n;
        }
    }

    private sealed record StoredOptions(int NGramMin, int NGramMax, int MinDf, double MaxDfFraction, int? MaxFeatures, bool Binary, bool UseIdf,
        bool SmoothIdf, bool SublinearTf, TextNorm Norm) : StoredTokenizerFields
    {
        /// <summary>Absent from files written before character n-grams: words.</summary>
        public TextAnalyzer? Analyzer { get; init; }
    }
}
