using System.Text;

namespace Taxon.Classification.Text;

/// <summary>fastText's tokens, hashes, n-gram buckets and initial vectors, shared by training and prediction.</summary>
internal static class FastTextFeatures
{
    /// <summary>fastText's end-of-line token, the last token of every text.</summary>
    public const string EndOfSentence = "</s>";

    /// <summary>FNV-1a, 32-bit, over the UTF-8 bytes, xor-ing each byte as a signed char as fastText 0.9.2 does.</summary>
    public static uint Hash(ReadOnlySpan<byte> bytes)
    {
        uint h = 2166136261;
        foreach (byte b in bytes)
        {
            h ^= (uint)(sbyte)b;
            h *= 16777619;
        }
        return h;
    }

    /// <summary>The <see cref="Hash(ReadOnlySpan{byte})"/> of a word's UTF-8 bytes.</summary>
    public static uint Hash(string word)
    {
        int max = Encoding.UTF8.GetMaxByteCount(word.Length);
        Span<byte> buffer = max <= 512 ? stackalloc byte[max] : new byte[max];
        int n = Encoding.UTF8.GetBytes(word, buffer);
        return Hash(buffer[..n]);
    }

    /// <summary>Appends the tokens of one text and then <see cref="EndOfSentence"/>.</summary>
    public static void Tokenize(string text, bool normalize, List<string> tokens)
    {
        var current = new StringBuilder();
        void Flush()
        {
            if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }
        foreach (char c in text)
        {
            if (normalize)
            {
                if (char.IsWhiteSpace(c))
                {
                    Flush();
                }
                else if (char.IsPunctuation(c) || char.IsSymbol(c))
                {
                    Flush();
                    tokens.Add(c.ToString());
                }
                else
                {
                    current.Append(char.ToLowerInvariant(c));
                }
            }
            else if (c is ' ' or '\n' or '\r' or '\t' or '\v' or '\f' or '\0')
            {
                Flush();
            }
            else
            {
                current.Append(c);
            }
        }
        Flush();
        tokens.Add(EndOfSentence);
    }

    /// <summary>
    /// Appends the buckets of the character n-grams of <c>&lt;word&gt;</c> with <paramref name="minn"/> to
    /// <paramref name="maxn"/> characters (UTF-8 code points), leaving out the lone <c>&lt;</c> and <c>&gt;</c>, as fastText.
    /// </summary>
    public static void AddCharNgrams(string word, int minn, int maxn, int buckets, List<int> result)
    {
        byte[] bytes = Encoding.UTF8.GetBytes("<" + word + ">");
        for (int i = 0; i < bytes.Length; i++)
        {
            if ((bytes[i] & 0xC0) == 0x80)
            {
                continue;
            }
            int j = i;
            for (int n = 1; j < bytes.Length && n <= maxn; n++)
            {
                j++;
                while (j < bytes.Length && (bytes[j] & 0xC0) == 0x80)
                {
                    j++;
                }
                if (n >= minn && !(n == 1 && (i == 0 || j == bytes.Length)))
                {
                    result.Add((int)(Hash(bytes.AsSpan(i, j - i)) % (uint)buckets));
                }
            }
        }
    }

    /// <summary>
    /// Appends the buckets of the word n-grams of 2 to <paramref name="n"/> words over the word hashes, as fastText:
    /// the 32-bit hashes are held as signed ints and widened (sign-extended) to 64 bits, then
    /// <c>h = h * 116049371 + hash[j]</c> and the bucket is <c>h % buckets</c>, all unsigned 64-bit.
    /// </summary>
    public static void AddWordNgrams(List<uint> hashes, int n, int buckets, List<int> result)
    {
        for (int i = 0; i < hashes.Count; i++)
        {
            ulong h = (ulong)(long)(int)hashes[i];
            for (int j = i + 1; j < hashes.Count && j < i + n; j++)
            {
                h = h * 116049371UL + (ulong)(long)(int)hashes[j];
                result.Add((int)(h % (ulong)buckets));
            }
        }
    }

    /// <summary>
    /// The initial value of input row <paramref name="row"/>: uniform in (-1/dim, 1/dim), from a counter-based
    /// generator (SplitMix64 of the seed and row), so any row has its value without the matrix being allocated.
    /// </summary>
    public static void InitRow(ulong seed, long row, Span<float> destination)
    {
        ulong state = seed ^ ((ulong)row * 0xD1B54A32D192ED03UL);
        float scale = 1f / destination.Length;
        for (int k = 0; k < destination.Length; k++)
        {
            state += 0x9E3779B97F4A7C15UL;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            float u = (z >> 40) * (1f / (1 << 24));
            destination[k] = (2 * u - 1) * scale;
        }
    }

    /// <summary>The logistic function.</summary>
    public static float Sigmoid(float x) => x < -30 ? 0f : x > 30 ? 1f : 1f / (1f + MathF.Exp(-x));

    /// <summary>
    /// fastText's Huffman tree over the label counts (hierarchical softmax): for each label, the internal nodes on its
    /// path to the root (indices into the output rows, 0..labels-2) and the branch taken at each.
    /// </summary>
    public static (int[][] Paths, bool[][] Codes) HuffmanTree(IReadOnlyList<long> counts)
    {
        int osz = counts.Count;
        // Leaves sorted by count, descending (fastText's label order); ties by index.
        int[] order = new int[osz];
        for (int i = 0; i < osz; i++)
        {
            order[i] = i;
        }
        Array.Sort(order, (a, b) => counts[a] != counts[b] ? counts[b].CompareTo(counts[a]) : a.CompareTo(b));
        int nodes = Math.Max(1, 2 * osz - 1);
        var parent = new int[nodes];
        var binary = new bool[nodes];
        var count = new long[nodes];
        Array.Fill(parent, -1);
        Array.Fill(count, (long)1e15);
        for (int i = 0; i < osz; i++)
        {
            count[i] = counts[order[i]];
        }
        int leaf = osz - 1;
        int node = osz;
        Span<int> mini = stackalloc int[2];
        for (int i = osz; i < 2 * osz - 1; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                mini[j] = leaf >= 0 && count[leaf] < count[node] ? leaf-- : node++;
            }
            count[i] = count[mini[0]] + count[mini[1]];
            parent[mini[0]] = i;
            parent[mini[1]] = i;
            binary[mini[1]] = true;
        }
        var paths = new int[osz][];
        var codes = new bool[osz][];
        for (int i = 0; i < osz; i++)
        {
            var path = new List<int>();
            var code = new List<bool>();
            for (int j = i; parent[j] != -1; j = parent[j])
            {
                path.Add(parent[j] - osz);
                code.Add(binary[j]);
            }
            paths[order[i]] = [.. path];
            codes[order[i]] = [.. code];
        }
        return (paths, codes);
    }
}
