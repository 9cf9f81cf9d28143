using System.Buffers.Binary;
using System.Numerics;

namespace Taxon.Classification.Text;

/// <summary>
/// MurmurHash3_x86_32 (scikit-learn: <c>sklearn.utils.murmurhash3_32</c>, which <c>HashingVectorizer</c> applies to
/// a term's UTF-8 bytes with seed 0 and reads as a signed 32-bit integer).
/// </summary>
internal static class MurmurHash3
{
    private const uint C1 = 0xcc9e2d51;
    private const uint C2 = 0x1b873593;

    /// <summary>The signed hash of <paramref name="data"/> (scikit-learn: <c>murmurhash3_32(data, seed, positive=False)</c>).</summary>
    public static int Hash32(ReadOnlySpan<byte> data, uint seed = 0)
    {
        uint h = seed;
        int blocks = data.Length & ~3;
        for (int i = 0; i < blocks; i += 4)
        {
            h ^= Mix(BinaryPrimitives.ReadUInt32LittleEndian(data[i..]));
            h = BitOperations.RotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        uint k = 0;
        switch (data.Length & 3)
        {
            case 3:
                k = (uint)data[blocks + 2] << 16 | (uint)data[blocks + 1] << 8 | data[blocks];
                break;
            case 2:
                k = (uint)data[blocks + 1] << 8 | data[blocks];
                break;
            case 1:
                k = data[blocks];
                break;
        }
        if ((data.Length & 3) != 0)
        {
            h ^= Mix(k);
        }
        h ^= (uint)data.Length;
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return unchecked((int)h);
    }

    private static uint Mix(uint k)
    {
        k *= C1;
        k = BitOperations.RotateLeft(k, 15);
        return k * C2;
    }
}
