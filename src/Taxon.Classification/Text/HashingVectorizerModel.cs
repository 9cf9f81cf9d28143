using System.Text;
using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Text;

/// <summary>
/// A <see cref="HashingVectorizer"/> ready to transform (scikit-learn 1.2: <c>HashingVectorizer</c>, which needs no
/// fit). Each term (a word n-gram joined by single spaces, or a character n-gram) is hashed with signed
/// MurmurHash3_x86_32 of its UTF-8 bytes, seed 0; it counts in column |h| mod <see cref="HashingVectorizerOptions.Columns"/>,
/// with sign −1 when h &lt; 0 and <see cref="HashingVectorizerOptions.AlternateSign"/> is set. Counts in one column are
/// summed, then made 1 (<see cref="HashingVectorizerOptions.Binary"/>) and scaled by the norm. As in scikit-learn, a
/// column whose terms cancel to 0 stays a stored entry (and becomes 1 under Binary). Only the options are saved.
/// </summary>
public sealed class HashingVectorizerModel : TextVectorizerModel
{
    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "hashing-vectorizer";

    [ThreadStatic]
    private static Scratch? t_scratch;

    private readonly Tokenizer? _tokenizer;
    private readonly CharNGrams? _chars;

    /// <summary>Makes the model of <paramref name="options"/> (defaults when null), after validating them.</summary>
    public HashingVectorizerModel(HashingVectorizerOptions? options = null)
    {
        Options = options ?? new HashingVectorizerOptions();
        Options.Validate();
        if (Options.Analyzer == TextAnalyzer.Word)
        {
            _tokenizer = new Tokenizer(Options.Tokenizer);
        }
        else
        {
            _chars = new CharNGrams(Options.Analyzer, Options.NGramMin, Options.NGramMax, Options.Tokenizer.Lowercase);
        }
    }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>The settings in use.</summary>
    public HashingVectorizerOptions Options { get; }

    /// <inheritdoc />
    public override int OutputColumns => Options.Columns;

    /// <summary>The terms of <paramref name="text"/> before hashing, in scikit-learn's order (its <c>build_analyzer()(text)</c>).</summary>
    public List<string> Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_chars is not null)
        {
            return _chars.Analyze(text);
        }
        List<string> tokens = _tokenizer!.Tokenize(text);
        var terms = new List<string>();
        for (int n = Options.NGramMin; n <= Math.Min(Options.NGramMax, tokens.Count); n++)
        {
            for (int k = 0; k + n <= tokens.Count; k++)
            {
                terms.Add(string.Join(' ', tokens.GetRange(k, n)));
            }
        }
        return terms;
    }

    /// <inheritdoc />
    public override SparseMatrix Transform(IReadOnlyList<string> texts) => TransformEach(texts, "hashing");

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
        HashingVectorizerOptions o = Options;
        writer.WriteJson("options", (StoredOptions)new StoredOptions(o.Columns, o.Analyzer, o.NGramMin, o.NGramMax, o.AlternateSign, o.Binary, o.Norm)
            .WithTokenizer(o.Tokenizer));
    }

    internal static HashingVectorizerModel Read(ModelReader reader)
    {
        StoredOptions s = reader.ReadJson<StoredOptions>("options");
        return new HashingVectorizerModel(new HashingVectorizerOptions
        {
            Columns = s.Columns,
            Analyzer = s.Analyzer,
            NGramMin = s.NGramMin,
            NGramMax = s.NGramMax,
            AlternateSign = s.AlternateSign,
            Binary = s.Binary,
            Norm = s.Norm,
            Tokenizer = s.ToTokenizerOptions(),
        });
    }

    private static Scratch GetScratch() => t_scratch ??= new Scratch();

    private int Featurize(string text, Scratch s, ref int[] columns, ref float[] values)
    {
        int found = 0;
        if (_chars is not null)
        {
            int m = _chars.Scan(text, ref s.Buffer, ref s.Starts, ref s.Lengths);
            for (int k = 0; k < m; k++)
            {
                Hash(s, s.Buffer.AsSpan(s.Starts[k], s.Lengths[k]), ref found);
            }
        }
        else
        {
            int m = _tokenizer!.Scan(text, ref s.Buffer, ref s.Starts, ref s.Lengths);
            for (int n = Options.NGramMin; n <= Math.Min(Options.NGramMax, m); n++)
            {
                for (int k = 0; k + n <= m; k++)
                {
                    if (n == 1)
                    {
                        Hash(s, s.Buffer.AsSpan(s.Starts[k], s.Lengths[k]), ref found);
                        continue;
                    }
                    int length = 0;
                    for (int j = k; j < k + n; j++)
                    {
                        int needed = length + s.Lengths[j] + 1;
                        if (needed > s.Gram.Length)
                        {
                            Array.Resize(ref s.Gram, needed * 2);
                        }
                        if (j > k)
                        {
                            s.Gram[length++] = ' ';
                        }
                        s.Buffer.AsSpan(s.Starts[j], s.Lengths[j]).CopyTo(s.Gram.AsSpan(length));
                        length += s.Lengths[j];
                    }
                    Hash(s, s.Gram.AsSpan(0, length), ref found);
                }
            }
        }

        // Sorting the (column, sign) pairs sums duplicates in one pass, as scipy's sum_duplicates does, without a
        // dense array of Columns counts per thread.
        Span<int> cols = s.HashColumns.AsSpan(0, found);
        Span<double> signs = s.Signs.AsSpan(0, found);
        cols.Sort(signs);
        int stored = 0;
        for (int k = 0; k < found; k++)
        {
            if (stored > 0 && cols[stored - 1] == cols[k])
            {
                signs[stored - 1] += signs[k];
            }
            else
            {
                cols[stored] = cols[k];
                signs[stored] = signs[k];
                stored++;
            }
        }
        if (columns.Length < stored)
        {
            columns = new int[Math.Max(stored, columns.Length * 2)];
        }
        if (values.Length < stored)
        {
            values = new float[Math.Max(stored, values.Length * 2)];
        }
        double norm = 0;
        for (int k = 0; k < stored; k++)
        {
            if (Options.Binary)
            {
                signs[k] = 1.0;
            }
            norm += Options.Norm == TextNorm.L2 ? signs[k] * signs[k] : Math.Abs(signs[k]);
        }
        double divisor = Options.Norm switch
        {
            TextNorm.L2 when norm > 0 => Math.Sqrt(norm),
            TextNorm.L1 when norm > 0 => norm,
            _ => 1.0,
        };
        for (int k = 0; k < stored; k++)
        {
            columns[k] = cols[k];
            values[k] = (float)(signs[k] / divisor);
        }
        return stored;
    }

    private void Hash(Scratch s, ReadOnlySpan<char> term, ref int found)
    {
        int most = Encoding.UTF8.GetMaxByteCount(term.Length);
        if (s.Bytes.Length < most)
        {
            s.Bytes = new byte[Math.Max(most, s.Bytes.Length * 2)];
        }
        int length = Encoding.UTF8.GetBytes(term, s.Bytes);
        int h = MurmurHash3.Hash32(s.Bytes.AsSpan(0, length));
        int n = Options.Columns;
        if (found == s.HashColumns.Length)
        {
            int size = Math.Max(64, found * 2);
            Array.Resize(ref s.HashColumns, size);
            Array.Resize(ref s.Signs, size);
        }
        // |int.MinValue| overflows int; scikit-learn defines it as 2^31, so its column is 2^31 mod n.
        s.HashColumns[found] = h == int.MinValue ? (int)(2147483648L % n) : Math.Abs(h) % n;
        s.Signs[found] = Options.AlternateSign && h < 0 ? -1.0 : 1.0;
        found++;
    }

    private sealed class Scratch
    {
        public char[] Buffer = [];
        public int[] Starts = [];
        public int[] Lengths = [];
        public char[] Gram = new char[64];
        public byte[] Bytes = new byte[256];
        public int[] HashColumns = new int[64];
        public double[] Signs = new double[64];
    }

    private sealed record StoredOptions(int Columns, TextAnalyzer Analyzer, int NGramMin, int NGramMax, bool AlternateSign, bool Binary, TextNorm Norm)
        : StoredTokenizerFields;
}
