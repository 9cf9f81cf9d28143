namespace Taxon;

/// <summary>
/// A seedable pseudo-random generator (PyTorch: <c>torch.Generator</c>; <see cref="ManualSeed"/> is
/// <c>torch.manual_seed</c>). xoshiro256** seeded through SplitMix64: the same seed gives the same stream
/// on every machine and runtime. Not thread-safe; give each thread its own.
/// </summary>
public sealed class Generator
{
    private const ulong DefaultSeed = 67280421310721UL;
    private ulong _s0, _s1, _s2, _s3;
    private float _spareNormal;
    private bool _hasSpare;

    /// <summary>Creates a generator seeded with <paramref name="seed"/>.</summary>
    public Generator(ulong seed) => Seed(seed);

    /// <summary>The process-wide generator used when an operation is given none (as PyTorch's default generator).</summary>
    public static Generator Default { get; } = new(DefaultSeed);

    /// <summary>The seed this generator was last seeded with.</summary>
    public ulong InitialSeed { get; private set; }

    /// <summary>Re-seeds <see cref="Default"/> (PyTorch: <c>torch.manual_seed</c>).</summary>
    public static void ManualSeed(ulong seed) => Default.Seed(seed);

    /// <summary>Restarts this generator's stream from <paramref name="seed"/>.</summary>
    public void Seed(ulong seed)
    {
        InitialSeed = seed;
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
        _hasSpare = false;
    }

    /// <summary>The next 64 random bits.</summary>
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

    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [<paramref name="low"/>, <paramref name="high"/>), without modulo bias.</summary>
    public int NextInt(int low, int high)
    {
        if (high <= low)
        {
            throw new ArgumentException($"NextInt: high ({high}) must be greater than low ({low}).");
        }
        ulong range = (ulong)((long)high - low);
        ulong limit = ulong.MaxValue - ulong.MaxValue % range;
        ulong r;
        do
        {
            r = NextUInt64();
        }
        while (r >= limit);
        return (int)(low + (long)(r % range));
    }

    /// <summary>A standard normal sample (Box–Muller, computed in double).</summary>
    public float NextNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }
        double u1;
        do
        {
            u1 = NextDouble();
        }
        while (u1 <= double.Epsilon);
        double u2 = NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        double angle = 2.0 * Math.PI * u2;
        _spareNormal = (float)(radius * Math.Sin(angle));
        _hasSpare = true;
        return (float)(radius * Math.Cos(angle));
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
