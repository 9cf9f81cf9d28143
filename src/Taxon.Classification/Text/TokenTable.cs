using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Taxon.Classification.Text;

/// <summary>
/// The tokens of a fitted word vocabulary in one open-addressing table: each token's id, the column of its unigram
/// term (-1 when only longer n-grams use it) and that column's idf, found with one probe and one comparison against
/// a packed character pool.
/// </summary>
/// <remarks>
/// A <c>Dictionary&lt;string, int&gt;</c> plus a column array and an idf array costs about five dependent cache
/// misses per token of a text (bucket, entry, key string, column, idf); on a vocabulary of a few hundred thousand
/// terms they were most of a single message's featurisation time. Here an entry holds all of it in 32 bytes, and the
/// table stays at most half full so a probe seldom goes past the first cache line.
/// </remarks>
internal sealed class TokenTable
{
    private Entry[] _entries;
    private char[] _pool;
    private int _poolLength;

    /// <summary>An empty table sized for about <paramref name="capacity"/> tokens.</summary>
    public TokenTable(int capacity)
    {
        _entries = new Entry[SlotsFor(capacity)];
        _pool = new char[Math.Max(16, capacity * 8)];
    }

    /// <summary>The number of distinct tokens; ids run 0..Count-1 in order of addition.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// The id of <paramref name="token"/>, added (with no unigram column) when new; <paramref name="column"/> and
    /// <paramref name="idf"/>, when the column is not negative, become the token's unigram term.
    /// </summary>
    public int GetOrAdd(ReadOnlySpan<char> token, int column = -1, double idf = 0)
    {
        if (token.IsEmpty)
        {
            throw new ArgumentException("TokenTable: a token is empty.", nameof(token));
        }
        ulong hash = Hash(token);
        int slot = Find(token, hash);
        ref Entry entry = ref _entries[slot];
        if (entry.Length == 0)
        {
            if (Count + 1 > MaxLoad * _entries.Length)
            {
                Grow();
                slot = Find(token, hash);
                entry = ref _entries[slot];
            }
            if (_pool.Length - _poolLength < token.Length)
            {
                Array.Resize(ref _pool, Math.Max(_pool.Length * 2, _poolLength + token.Length));
            }
            token.CopyTo(_pool.AsSpan(_poolLength));
            entry = new Entry
            {
                Hash = (uint)hash,
                Start = _poolLength,
                Length = token.Length,
                Id = Count++,
                Column = -1,
            };
            _poolLength += token.Length;
        }
        if (column >= 0)
        {
            entry.Column = column;
            entry.Idf = idf;
        }
        return entry.Id;
    }

    /// <summary>Finds <paramref name="token"/>: its id, and its unigram column and idf (column -1 when it has none).</summary>
    public bool TryFind(ReadOnlySpan<char> token, out int id, out int column, out double idf)
    {
        if (!token.IsEmpty)
        {
            ref Entry entry = ref _entries[Find(token, Hash(token))];
            if (entry.Length != 0)
            {
                id = entry.Id;
                column = entry.Column;
                idf = entry.Idf;
                return true;
            }
        }
        id = -1;
        column = -1;
        idf = 0;
        return false;
    }

    /// <summary>
    /// Finds the tokens <c>buffer[starts[k]..][..lengths[k]]</c> all at once: <paramref name="ids"/> (-1 when absent),
    /// unigram <paramref name="columns"/> (-1 when none) and their <paramref name="idf"/>; <paramref name="hashes"/>
    /// is scratch. Batched so that the cache misses of a text's lookups overlap instead of following one another:
    /// every token's slot is prefetched, then every candidate's characters, and only then are they compared.
    /// </summary>
    public void FindAll(ReadOnlySpan<char> buffer, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths,
        Span<ulong> hashes, Span<int> ids, Span<int> columns, Span<double> idf)
    {
        int n = starts.Length;
        Entry[] entries = _entries;
        char[] pool = _pool;
        for (int k = 0; k < n; k++)
        {
            ulong hash = Hash(buffer.Slice(starts[k], lengths[k]));
            hashes[k] = hash;
            Prefetch(ref entries[Home(hash, entries.Length)]);
        }
        for (int k = 0; k < n; k++)
        {
            ref Entry entry = ref entries[Home(hashes[k], entries.Length)];
            if (entry.Hash == (uint)hashes[k] && entry.Length != 0)
            {
                Prefetch(ref pool[entry.Start]);
            }
        }
        for (int k = 0; k < n; k++)
        {
            ReadOnlySpan<char> token = buffer.Slice(starts[k], lengths[k]);
            ref Entry entry = ref entries[token.IsEmpty ? 0 : Find(token, hashes[k])];
            bool found = !token.IsEmpty && entry.Length != 0;
            ids[k] = found ? entry.Id : -1;
            columns[k] = found ? entry.Column : -1;
            idf[k] = found ? entry.Idf : 0;
        }
    }

    /// <summary>
    /// A hint to bring <paramref name="location"/>'s cache line in. Harmless if the GC moves the array meanwhile: a
    /// prefetch of a stale address loads a useless line and never faults.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void Prefetch<T>(ref T location)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref location));
        }
    }

    /// <summary>The slot holding <paramref name="token"/>, or the empty slot where it would go.</summary>
    private int Find(ReadOnlySpan<char> token, ulong hash)
    {
        Entry[] entries = _entries;
        int slot = Home(hash, entries.Length);
        while (true)
        {
            ref Entry entry = ref entries[slot];
            if (entry.Length == 0
                || (entry.Hash == (uint)hash && entry.Length == token.Length && token.SequenceEqual(_pool.AsSpan(entry.Start, entry.Length))))
            {
                return slot;
            }
            slot = slot + 1 == entries.Length ? 0 : slot + 1;
        }
    }

    /// <summary>At most this fraction of the slots is used: linear probing stays short, the table stays small.</summary>
    internal const double MaxLoad = 0.5;

    /// <summary>Slots for <paramref name="capacity"/> keys at <see cref="MaxLoad"/>; any count, not a power of two.</summary>
    internal static int SlotsFor(int capacity) => (int)Math.Min(Array.MaxLength, Math.Max(16, (long)Math.Ceiling(capacity / MaxLoad) + 1));

    /// <summary>A key's first slot: its hash's high 32 bits scaled to the table (Lemire's multiply-shift range reduction).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Home(ulong hash, int slots) => (int)(((hash >> 32) * (uint)slots) >> 32);

    private void Grow()
    {
        Entry[] old = _entries;
        _entries = new Entry[SlotsFor(old.Length)];
        foreach (Entry entry in old)
        {
            if (entry.Length == 0)
            {
                continue;
            }
            int slot = Home(Hash(_pool.AsSpan(entry.Start, entry.Length)), _entries.Length);
            while (_entries[slot].Length != 0)
            {
                slot = slot + 1 == _entries.Length ? 0 : slot + 1;
            }
            _entries[slot] = entry;
        }
    }

    /// <summary>
    /// A 64-bit hash of the characters, four at a time: the high bits pick the slot, the low 32 are kept to skip most
    /// comparisons. Fixed, not per-process random: the table holds a fitted vocabulary, not attacker-chosen keys.
    /// </summary>
    private static ulong Hash(ReadOnlySpan<char> token)
    {
        ulong h = 0x9E3779B97F4A7C15UL ^ (ulong)token.Length;
        ReadOnlySpan<ulong> words = MemoryMarshal.Cast<char, ulong>(token);
        foreach (ulong w in words)
        {
            h = ulong.RotateLeft((h ^ w) * 0x87C37B91114253D5UL, 31) * 0x4CF5AD432745937FUL;
        }
        for (int i = words.Length * 4; i < token.Length; i++)
        {
            h = ulong.RotateLeft((h ^ token[i]) * 0x87C37B91114253D5UL, 31) * 0x4CF5AD432745937FUL;
        }
        return Mix(h);
    }

    /// <summary>MurmurHash3's 64-bit finaliser: every input bit reaches every output bit, so the high bits can pick slots.</summary>
    internal static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return h;
    }

    private struct Entry
    {
        public uint Hash;
        public int Start;
        public int Length;
        public int Id;
        public int Column;
        public double Idf;
    }
}
