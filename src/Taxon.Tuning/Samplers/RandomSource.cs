namespace Taxon.Tuning.Samplers;

/// <summary>
/// A seeded xoshiro256** generator for <see cref="GridSampler"/>'s visiting order: rather than <see cref="Random"/>
/// so that a seed gives the same order on every .NET version. (The random and TPE samplers draw from
/// <see cref="Mt19937RandomState"/> instead, for seed-for-seed parity with Optuna.) Not thread-safe (the sampler
/// locks around it).
/// </summary>
internal sealed class RandomSource
{
    private ulong _s0, _s1, _s2, _s3;

    public RandomSource(long seed)
    {
        // SplitMix64 spreads any seed, 0 included, over the four words of state.
        ulong x = (ulong)seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>A generator seeded from the system's entropy, for samplers built without a seed.</summary>
    public static RandomSource Unseeded() => new(Random.Shared.NextInt64());

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform over 0..n-1, without modulo bias.</summary>
    public long NextInt64(long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ulong range = (ulong)n;
        ulong limit = ulong.MaxValue - ulong.MaxValue % range;
        ulong r;
        do
        {
            r = NextUInt64();
        }
        while (r >= limit);
        return (long)(r % range);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
