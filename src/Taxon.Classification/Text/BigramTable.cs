namespace Taxon.Classification.Text;

/// <summary>
/// The bigram terms of a fitted vocabulary, keyed by their two token ids, column and idf in one 24-byte entry of
/// an open-addressing table at most half full: a lookup costs about one cache miss (a <c>Dictionary</c> costs a
/// bucket and an entry), and most of a text's bigrams are looked up only to be found missing.
/// </summary>
internal sealed class BigramTable
{
    private Entry[] _entries;

    /// <summary>An empty table sized for about <paramref name="capacity"/> bigrams.</summary>
    public BigramTable(int capacity)
    {
        _entries = new Entry[TokenTable.SlotsFor(capacity)];
    }

    /// <summary>The number of bigrams.</summary>
    public int Count { get; private set; }

    /// <summary>Adds the bigram of tokens <paramref name="first"/>, <paramref name="second"/> (ids, not negative).</summary>
    public void Add(int first, int second, int column, double idf)
    {
        if (Count + 1 > TokenTable.MaxLoad * _entries.Length)
        {
            Grow();
        }
        ulong key = Key(first, second);
        int slot = Find(key);
        if (_entries[slot].Key != 0)
        {
            throw new ArgumentException($"BigramTable: the bigram of tokens {first} and {second} is already present.");
        }
        _entries[slot] = new Entry { Key = key, Idf = idf, Column = column };
        Count++;
    }

    /// <summary>The column of the bigram of tokens <paramref name="first"/>, <paramref name="second"/>.</summary>
    public bool TryGet(int first, int second, out int column, out double idf)
    {
        ref Entry entry = ref _entries[Find(Key(first, second))];
        column = entry.Column;
        idf = entry.Idf;
        return entry.Key != 0;
    }

    /// <summary>Starts loading the slot of a bigram about to be looked up, so that a text's lookups overlap.</summary>
    public void Prefetch(int first, int second) => TokenTable.Prefetch(ref _entries[TokenTable.Home(TokenTable.Mix(Key(first, second)), _entries.Length)]);

    // Ids are below 2^31, so the packed pair plus one is never 0 and 0 can mark an empty slot.
    private static ulong Key(int first, int second) => (((ulong)(uint)first << 32) | (uint)second) + 1;

    private int Find(ulong key)
    {
        Entry[] entries = _entries;
        int slot = TokenTable.Home(TokenTable.Mix(key), entries.Length);
        while (entries[slot].Key != key && entries[slot].Key != 0)
        {
            slot = slot + 1 == entries.Length ? 0 : slot + 1;
        }
        return slot;
    }

    private void Grow()
    {
        Entry[] old = _entries;
        _entries = new Entry[TokenTable.SlotsFor(old.Length)];
        foreach (Entry entry in old)
        {
            if (entry.Key != 0)
            {
                _entries[Find(entry.Key)] = entry;
            }
        }
    }

    private struct Entry
    {
        public ulong Key;
        public double Idf;
        public int Column;
    }
}
