namespace Taxon.Classification.Text;

/// <summary>
/// Hashes a pair of token ids packed in a <see cref="ulong"/> by mixing all its bits (<see cref="ulong.GetHashCode"/>
/// XORs the halves, so small ids collide massively).
/// </summary>
internal sealed class PairComparer : IEqualityComparer<ulong>
{
    public static readonly PairComparer Instance = new();

    public bool Equals(ulong x, ulong y) => x == y;

    public int GetHashCode(ulong key)
    {
        key ^= key >> 33;
        key *= 0xff51afd7ed558ccdUL;
        key ^= key >> 33;
        return (int)key;
    }
}
