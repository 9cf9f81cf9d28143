namespace Taxon.Bench.BiLstm;

/// <summary>
/// The shapes both sides of the benchmark use, and the sentence lengths of the tagger workload, drawn from a
/// 32-bit LCG with Box–Muller so that bilstm_torch.py draws exactly the same ones.
/// </summary>
internal static class Workloads
{
    public const int Batch = 32, Steps = 30, Embedding = 100, Hidden = 128;
    public const int Vocabulary = 20000, Tags = 23, TaggerBatches = 50;

    /// <summary>CoNLL-2000-like lengths: N(23.5, 11²) rounded down, clipped to [1, 78] (its training set: mean 23.5, max 78).</summary>
    public static int[] SentenceLengths(int count)
    {
        uint state = 12345;
        double Next()
        {
            state = unchecked(state * 1664525u + 1013904223u);
            return (state + 0.5) / 4294967296.0;
        }
        var lengths = new int[count];
        for (int i = 0; i < count; i++)
        {
            double z = Math.Sqrt(-2 * Math.Log(Next())) * Math.Cos(2 * Math.PI * Next());
            lengths[i] = Math.Clamp((int)Math.Floor(23.5 + 11 * z), 1, 78);
        }
        return lengths;
    }
}
