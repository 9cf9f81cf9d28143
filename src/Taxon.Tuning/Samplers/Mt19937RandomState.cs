namespace Taxon.Tuning.Samplers;

/// <summary>
/// The Mersenne Twister MT19937 (Matsumoto and Nishimura 1998) with the draws of NumPy's legacy
/// <c>numpy.random.RandomState</c> that Optuna 3.1's <c>RandomSampler</c> and <c>TPESampler</c> use:
/// <c>random_sample</c> (= <c>rand</c>), <c>uniform</c> and <c>choice(n, size, p=...)</c>. It exists for
/// seed-for-seed parity: seeded alike, Taxon's samplers consume the same stream in the same order as Optuna's and
/// so suggest the same values, which makes a benchmark seed mean the same study on both sides. Period 2^19937 − 1,
/// 623-dimensionally equidistributed at 32 bits; it fails some linear-complexity tests of TestU01's BigCrush, which
/// does not matter for sampling hyperparameters. Not thread-safe (each sampler locks around its own).
/// </summary>
internal sealed class Mt19937RandomState
{
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908B0DFu;
    private const uint UpperMask = 0x80000000u;
    private const uint LowerMask = 0x7FFFFFFFu;

    private readonly uint[] _key = new uint[N];
    private int _pos;

    /// <summary>
    /// Seeds as <c>RandomState(seed)</c> does for 0 &lt;= seed &lt; 2^32 (Knuth's linear initialisation,
    /// <c>init_genrand</c>). NumPy refuses other integers; here they seed as <c>RandomState([low, high])</c> would,
    /// from the seed's two 32-bit halves (<c>init_by_array</c>), so every long is a distinct, valid seed.
    /// </summary>
    public Mt19937RandomState(long seed)
    {
        if (seed is >= 0 and <= uint.MaxValue)
        {
            InitGenrand((uint)seed);
        }
        else
        {
            InitByArray([(uint)seed, (uint)((ulong)seed >> 32)]);
        }
    }

    private Mt19937RandomState(ReadOnlySpan<uint> words) => InitByArray(words);

    /// <summary>A generator seeded with 128 bits of the system's entropy, for samplers built without a seed.</summary>
    public static Mt19937RandomState Unseeded()
    {
        Span<uint> words = stackalloc uint[4];
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = (uint)Random.Shared.NextInt64(1L << 32);
        }
        return new Mt19937RandomState(words);
    }

    /// <summary>The next tempered 32-bit output (NumPy: <c>mt19937_next32</c>).</summary>
    public uint NextUInt32()
    {
        if (_pos >= N)
        {
            Regenerate();
        }
        uint y = _key[_pos++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C5680u;
        y ^= (y << 15) & 0xEFC60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>Uniform in [0, 1) with 53 bits from two outputs (NumPy: <c>random_sample</c>, <c>rand</c>).</summary>
    public double RandomSample()
    {
        uint a = NextUInt32() >> 5;
        uint b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary>Uniform in [low, high) (NumPy: <c>uniform(low, high)</c>, one element; arrays draw element by element).</summary>
    public double Uniform(double low, double high) => low + (high - low) * RandomSample();

    /// <summary>
    /// Fills <paramref name="destination"/> with indices drawn with probabilities <paramref name="p"/> (NumPy:
    /// <c>choice(len(p), size, p=p)</c>): one <see cref="RandomSample"/> per index, placed by a right-sided
    /// binary search in the running sum of <paramref name="p"/> divided by its last element, as NumPy does.
    /// </summary>
    public void Choice(ReadOnlySpan<double> p, Span<int> destination)
    {
        ArgumentOutOfRangeException.ThrowIfZero(p.Length);
        double[] cdf = CumulativeSum(p);
        double last = cdf[^1];
        for (int i = 0; i < cdf.Length; i++)
        {
            cdf[i] /= last;
        }
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = SearchSortedRight(cdf, RandomSample());
        }
    }

    /// <summary>The first index whose element exceeds <paramref name="value"/> (NumPy: <c>searchsorted(side='right')</c>).</summary>
    private static int SearchSortedRight(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /// <summary>The running sum, left to right as NumPy's <c>cumsum</c> adds.</summary>
    internal static double[] CumulativeSum(ReadOnlySpan<double> values)
    {
        var result = new double[values.Length];
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            sum += values[i];
            result[i] = sum;
        }
        return result;
    }

    private void InitGenrand(uint seed)
    {
        _key[0] = seed;
        for (int i = 1; i < N; i++)
        {
            uint prev = _key[i - 1];
            _key[i] = 1812433253u * (prev ^ (prev >> 30)) + (uint)i;
        }
        _pos = N;
    }

    private void InitByArray(ReadOnlySpan<uint> words)
    {
        InitGenrand(19650218u);
        int i = 1, j = 0;
        for (int k = Math.Max(N, words.Length); k > 0; k--)
        {
            uint prev = _key[i - 1];
            _key[i] = (_key[i] ^ ((prev ^ (prev >> 30)) * 1664525u)) + words[j] + (uint)j;
            i++;
            j++;
            if (i >= N)
            {
                _key[0] = _key[N - 1];
                i = 1;
            }
            if (j >= words.Length)
            {
                j = 0;
            }
        }
        for (int k = N - 1; k > 0; k--)
        {
            uint prev = _key[i - 1];
            _key[i] = (_key[i] ^ ((prev ^ (prev >> 30)) * 1566083941u)) - (uint)i;
            i++;
            if (i >= N)
            {
                _key[0] = _key[N - 1];
                i = 1;
            }
        }
        // The top bit alone makes the state non-zero, whatever the seed words were.
        _key[0] = UpperMask;
        _pos = N;
    }

    private void Regenerate()
    {
        for (int i = 0; i < N; i++)
        {
            uint y = (_key[i] & UpperMask) | (_key[(i + 1) % N] & LowerMask);
            _key[i] = _key[(i + M) % N] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : MatrixA);
        }
        _pos = 0;
    }
}
