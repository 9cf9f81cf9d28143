using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Taxon.Classification.Data;

namespace Taxon.Classification.Text;

/// <summary>
/// Word n-gram counts weighted by inverse document frequency (scikit-learn 1.2: <c>TfidfVectorizer</c>, same
/// tokens, vocabulary, pruning, weights and row norms). With <see cref="TfidfVectorizerOptions.UseIdf"/> false and
/// <see cref="TfidfVectorizerOptions.Norm"/> <see cref="TextNorm.None"/> it is scikit-learn's <c>CountVectorizer</c>
/// (raw counts; with <see cref="TfidfVectorizerOptions.Binary"/>, presence).
/// Fitting tokenises the texts in parallel chunks: a token maps to a per-chunk id without allocating, a bigram is a
/// pair of ids; the chunks' counts are merged, pruned (min df, max df, then max features), and only the kept terms
/// become strings, ordered ordinally into columns.
/// </summary>
public sealed class TfidfVectorizer : TextVectorizer
{
    internal const string NoTermsMessage = "After pruning, no terms remain. Try a lower MinDf or a higher MaxDfFraction.";

    /// <summary>Makes a vectoriser with <paramref name="options"/> (defaults when null), after validating them.</summary>
    public TfidfVectorizer(TfidfVectorizerOptions? options = null)
    {
        Options = options ?? new TfidfVectorizerOptions();
        Options.Validate();
    }

    /// <summary>The settings in use.</summary>
    public TfidfVectorizerOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "tfidf";

    /// <inheritdoc />
    protected override TextVectorizerModel FitCore(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        FitVocabulary(texts, record: false, out _, cancellationToken);

    /// <summary>
    /// Up to bigrams, every term is found from token ids, so fitting keeps each text's ids and the rows are built
    /// from them instead of tokenising every text a second time.
    /// </summary>
    protected override (TextVectorizerModel Model, SparseMatrix Features) FitTransformCore(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        if (Options.NGramMax > 2 || Options.Analyzer != TextAnalyzer.Word)
        {
            return base.FitTransformCore(texts, cancellationToken);
        }
        TfidfVectorizerModel model = FitVocabulary(texts, record: true, out List<FitState> states, cancellationToken);
        var rowColumns = new int[texts.Count][];
        var rowValues = new float[texts.Count][];
        Parallel.ForEach(states, new ParallelOptions { CancellationToken = cancellationToken }, state =>
        {
            string[] tokens = state.TokenStrings();
            var map = new int[tokens.Length];
            for (int t = 0; t < tokens.Length; t++)
            {
                map[t] = model.TokenIdOf(tokens[t]);
            }
            int[] ids = [];
            int[] columns = [];
            float[] values = [];
            for (int r = 0; r < state.Docs.Count; r++)
            {
                int start = state.Offsets[r], length = state.Offsets[r + 1] - start;
                if (ids.Length < length)
                {
                    ids = new int[Math.Max(length, ids.Length * 2)];
                }
                ReadOnlySpan<int> local = state.Recorded.AsSpan(start, length);
                for (int k = 0; k < length; k++)
                {
                    ids[k] = map[local[k]];
                }
                int count = model.FeaturizeIds(ids.AsSpan(0, length), ref columns, ref values);
                int doc = state.Docs[r];
                rowColumns[doc] = columns[..count];
                rowValues[doc] = values[..count];
            }
        });
        return (model, TextVectorizerModel.FromRows(rowColumns, rowValues, model.OutputColumns));
    }

    private TfidfVectorizerModel FitVocabulary(IReadOnlyList<string> texts, bool record, out List<FitState> states, CancellationToken cancellationToken)
    {
        TfidfVectorizerOptions o = Options;
        var tokenizer = new Tokenizer(o.Tokenizer);
        int n = texts.Count;
        var found = new List<FitState>();
        states = found;
        int chunk = Math.Max(16, n / (Environment.ProcessorCount * 4) + 1);
        Parallel.ForEach(Partitioner.Create(0, n, chunk), new ParallelOptions { CancellationToken = cancellationToken },
            () => new FitState(tokenizer, o, record),
            (range, _, state) =>
            {
                for (int i = range.Item1; i < range.Item2; i++)
                {
                    state.Add(texts[i], i);
                }
                return state;
            },
            state =>
            {
                lock (found)
                {
                    found.Add(state);
                }
            });
        cancellationToken.ThrowIfCancellationRequested();

        // Merge into the largest chunk state: its ids become the global ones (its own ids keep their numbers).
        found.Sort((a, b) => b.Ids.Count.CompareTo(a.Ids.Count));
        FitState global = found[0];
        for (int s = 1; s < found.Count; s++)
        {
            global.Merge(found[s]);
        }

        double maxDoc = o.MaxDfFraction * n;
        if (maxDoc < o.MinDf)
        {
            throw new ArgumentException("tfidf: MaxDfFraction corresponds to fewer texts than MinDf.");
        }
        string[] tokenStrings = global.TokenStrings();
        // Candidates surviving the document-frequency limits: a token id (and a second one for a bigram, else -1),
        // or, for longer n-grams, the joined string.
        var first = new List<int>();
        var second = new List<int>();
        var grams = new List<string?>();
        var dfs = new List<int>();
        var tfs = new List<long>();
        if (o.NGramMin <= 1)
        {
            for (int t = 0; t < global.Ids.Count; t++)
            {
                int df = global.UniDf[t];
                if (df >= o.MinDf && df <= maxDoc)
                {
                    first.Add(t);
                    second.Add(-1);
                    grams.Add(null);
                    dfs.Add(df);
                    tfs.Add(global.UniTf[t]);
                }
            }
        }
        foreach (KeyValuePair<ulong, Stat> kv in global.Bigrams)
        {
            int df = kv.Value.Df;
            if (df >= o.MinDf && df <= maxDoc)
            {
                first.Add((int)(kv.Key >> 32));
                second.Add((int)(uint)kv.Key);
                grams.Add(null);
                dfs.Add(df);
                tfs.Add(kv.Value.Tf);
            }
        }
        foreach (KeyValuePair<string, Stat> kv in global.Grams)
        {
            int df = kv.Value.Df;
            if (df >= o.MinDf && df <= maxDoc)
            {
                first.Add(-1);
                second.Add(-1);
                grams.Add(kv.Key);
                dfs.Add(df);
                tfs.Add(kv.Value.Tf);
            }
        }
        int count = dfs.Count;
        if (count == 0)
        {
            throw new ArgumentException(NoTermsMessage);
        }
        int[] order = new int[count];
        for (int k = 0; k < count; k++)
        {
            order[k] = k;
        }
        string[]? strings = null;
        if (global.Grams.Count == 0)
        {
            // The space joining words sorts below every word character, so the ordinal order of "a b" strings is the
            // order of (rank of a, rank of b) with a lone word first: sort packed ranks instead of strings.
            int[] byString = new int[tokenStrings.Length];
            for (int t = 0; t < byString.Length; t++)
            {
                byString[t] = t;
            }
            string[] copy = (string[])tokenStrings.Clone();
            Array.Sort(copy, byString, StringComparer.Ordinal);
            int[] rank = new int[tokenStrings.Length];
            for (int r = 0; r < rank.Length; r++)
            {
                rank[byString[r]] = r;
            }
            var keys = new ulong[count];
            for (int k = 0; k < count; k++)
            {
                keys[k] = ((ulong)(uint)(rank[first[k]] + 1) << 32) | (second[k] < 0 ? 0u : (uint)(rank[second[k]] + 1));
            }
            Array.Sort(keys, order);
        }
        else
        {
            strings = new string[count];
            for (int k = 0; k < count; k++)
            {
                strings[k] = Term(k);
            }
            Array.Sort(strings, order, StringComparer.Ordinal);
        }
        int kept = count;
        int[] positions = new int[count];
        for (int k = 0; k < count; k++)
        {
            positions[k] = k;
        }
        if (o.MaxFeatures is int limit && count > limit)
        {
            Array.Sort(positions, (a, b) =>
            {
                int c = tfs[order[b]].CompareTo(tfs[order[a]]);
                return c != 0 ? c : a.CompareTo(b);
            });
            Array.Sort(positions, 0, limit);
            kept = limit;
        }
        var sorted = new string[kept];
        var idf = new double[kept];
        for (int k = 0; k < kept; k++)
        {
            int candidate = order[positions[k]];
            sorted[k] = strings is null ? Term(candidate) : strings[positions[k]];
            double df = dfs[candidate];
            idf[k] = !o.UseIdf ? 1.0 : o.SmoothIdf ? Math.Log((1.0 + n) / (1.0 + df)) + 1.0 : Math.Log(n / df) + 1.0;
        }
        return new TfidfVectorizerModel(sorted, idf, o);

        string Term(int k) => grams[k] ?? (second[k] < 0 ? tokenStrings[first[k]] : string.Concat(tokenStrings[first[k]], " ", tokenStrings[second[k]]));
    }

    internal struct Stat
    {
        public int Df;
        public long Tf;
        public int Last;
    }

    private sealed class FitState
    {
        private readonly Tokenizer _tokenizer;
        private readonly CharNGrams? _chars;
        private readonly TfidfVectorizerOptions _options;
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private readonly Dictionary<string, Stat>.AlternateLookup<ReadOnlySpan<char>> _gramLookup;
        private char[] _buffer = [];
        private int[] _starts = [];
        private int[] _lengths = [];
        private int[] _tokenIds = new int[64];
        private char[] _gram = new char[64];
        private int[] _uniLast = new int[1024];
        private readonly bool _record;

        /// <summary>With recording on: the texts this state saw, in order.</summary>
        public List<int> Docs { get; } = [];

        /// <summary>With recording on: where each of <see cref="Docs"/>' token ids start in <see cref="Recorded"/>, and one past the last.</summary>
        public List<int> Offsets { get; } = [0];

        /// <summary>With recording on: every text's token ids (this state's numbering), one text after another.</summary>
        public int[] Recorded { get; private set; } = [];

        public FitState(Tokenizer tokenizer, TfidfVectorizerOptions options, bool record)
        {
            _tokenizer = tokenizer;
            _options = options;
            _chars = options.Analyzer == TextAnalyzer.Word ? null
                : new CharNGrams(options.Analyzer, options.NGramMin, options.NGramMax, options.Tokenizer.Lowercase);
            _record = record;
            _lookup = Ids.GetAlternateLookup<ReadOnlySpan<char>>();
            _gramLookup = Grams.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public Dictionary<string, int> Ids { get; } = new(StringComparer.Ordinal);

        public int[] UniDf { get; private set; } = new int[1024];

        public long[] UniTf { get; private set; } = new long[1024];

        public Dictionary<ulong, Stat> Bigrams { get; } = new(PairComparer.Instance);

        public Dictionary<string, Stat> Grams { get; } = new(StringComparer.Ordinal);

        public string[] TokenStrings()
        {
            var result = new string[Ids.Count];
            foreach (KeyValuePair<string, int> kv in Ids)
            {
                result[kv.Value] = kv.Key;
            }
            return result;
        }

        public void Add(string text, int doc)
        {
            if (_chars is not null)
            {
                int grams = _chars.Scan(text, ref _buffer, ref _starts, ref _lengths);
                for (int k = 0; k < grams; k++)
                {
                    ref Stat stat = ref CollectionsMarshal.GetValueRefOrAddDefault(_gramLookup, _buffer.AsSpan(_starts[k], _lengths[k]), out bool exists);
                    if (!exists)
                    {
                        stat.Last = -1;
                    }
                    Count(ref stat, doc);
                }
                return;
            }
            int m = _tokenizer.Scan(text, ref _buffer, ref _starts, ref _lengths);
            if (_tokenIds.Length < m)
            {
                _tokenIds = new int[Math.Max(m, _tokenIds.Length * 2)];
            }
            ReadOnlySpan<char> buffer = _buffer;
            for (int k = 0; k < m; k++)
            {
                ReadOnlySpan<char> token = buffer.Slice(_starts[k], _lengths[k]);
                if (!_lookup.TryGetValue(token, out int id))
                {
                    id = Ids.Count;
                    Ids.Add(token.ToString(), id);
                    if (id == UniDf.Length)
                    {
                        int size = id * 2;
                        UniDf = Grow(UniDf, size);
                        UniTf = Grow(UniTf, size);
                        _uniLast = Grow(_uniLast, size);
                    }
                    _uniLast[id] = -1;
                }
                _tokenIds[k] = id;
            }
            if (_record)
            {
                int at = Offsets[^1];
                if (Recorded.Length < at + m)
                {
                    Recorded = Grow(Recorded, Math.Max(at + m, Recorded.Length * 2));
                }
                _tokenIds.AsSpan(0, m).CopyTo(Recorded.AsSpan(at));
                Docs.Add(doc);
                Offsets.Add(at + m);
            }
            int min = _options.NGramMin, max = _options.NGramMax;
            if (min <= 1)
            {
                for (int k = 0; k < m; k++)
                {
                    int id = _tokenIds[k];
                    UniTf[id]++;
                    if (_uniLast[id] != doc)
                    {
                        _uniLast[id] = doc;
                        UniDf[id]++;
                    }
                }
            }
            if (min <= 2 && max >= 2)
            {
                for (int k = 0; k + 1 < m; k++)
                {
                    ulong key = ((ulong)(uint)_tokenIds[k] << 32) | (uint)_tokenIds[k + 1];
                    ref Stat stat = ref CollectionsMarshal.GetValueRefOrAddDefault(Bigrams, key, out bool exists);
                    if (!exists)
                    {
                        stat.Last = -1;
                    }
                    Count(ref stat, doc);
                }
            }
            for (int g = Math.Max(3, min); g <= max; g++)
            {
                for (int k = 0; k + g <= m; k++)
                {
                    int length = 0;
                    for (int j = k; j < k + g; j++)
                    {
                        int needed = length + _lengths[j] + 1;
                        if (needed > _gram.Length)
                        {
                            Array.Resize(ref _gram, needed * 2);
                        }
                        if (j > k)
                        {
                            _gram[length++] = ' ';
                        }
                        buffer.Slice(_starts[j], _lengths[j]).CopyTo(_gram.AsSpan(length));
                        length += _lengths[j];
                    }
                    ReadOnlySpan<char> gram = _gram.AsSpan(0, length);
                    ref Stat stat = ref CollectionsMarshal.GetValueRefOrAddDefault(_gramLookup, gram, out bool exists);
                    if (!exists)
                    {
                        stat.Last = -1;
                    }
                    Count(ref stat, doc);
                }
            }
        }

        public void Merge(FitState other)
        {
            var map = new int[other.Ids.Count];
            foreach (KeyValuePair<string, int> kv in other.Ids)
            {
                if (!Ids.TryGetValue(kv.Key, out int id))
                {
                    id = Ids.Count;
                    Ids.Add(kv.Key, id);
                    if (id >= UniDf.Length)
                    {
                        int size = Math.Max(id + 1, UniDf.Length * 2);
                        UniDf = Grow(UniDf, size);
                        UniTf = Grow(UniTf, size);
                    }
                }
                map[kv.Value] = id;
                UniDf[id] += other.UniDf[kv.Value];
                UniTf[id] += other.UniTf[kv.Value];
            }
            foreach (KeyValuePair<ulong, Stat> kv in other.Bigrams)
            {
                ulong key = ((ulong)(uint)map[(int)(kv.Key >> 32)] << 32) | (uint)map[(int)(uint)kv.Key];
                ref Stat stat = ref CollectionsMarshal.GetValueRefOrAddDefault(Bigrams, key, out _);
                stat.Df += kv.Value.Df;
                stat.Tf += kv.Value.Tf;
            }
            foreach (KeyValuePair<string, Stat> kv in other.Grams)
            {
                ref Stat stat = ref CollectionsMarshal.GetValueRefOrAddDefault(Grams, kv.Key, out _);
                stat.Df += kv.Value.Df;
                stat.Tf += kv.Value.Tf;
            }
        }

        private static void Count(ref Stat stat, int doc)
        {
            stat.Tf++;
            if (stat.Last != doc)
            {
                stat.Last = doc;
                stat.Df++;
            }
        }

        private static T[] Grow<T>(T[] array, int size)
        {
            Array.Resize(ref array, size);
            return array;
        }
    }
}
