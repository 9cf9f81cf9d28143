using Taxon.Classification.Data;

namespace Taxon.Classification.Tests.Models;

/// <summary>Small generated data sets for training tests.</summary>
internal static class SyntheticData
{
    /// <summary>Gaussian blobs, one per label, around well-separated centres in <paramref name="features"/> dimensions.</summary>
    public static Dataset Blobs(int perClass, int[] labels, int features, ulong seed, float spread = 0.5f, int[]? sampleShape = null)
    {
        var rng = new Generator(seed);
        var centres = new float[labels.Length][];
        for (int c = 0; c < labels.Length; c++)
        {
            centres[c] = new float[features];
            for (int f = 0; f < features; f++)
            {
                centres[c][f] = rng.NextNormal() * 2f;
            }
        }
        int n = perClass * labels.Length;
        var x = new float[n * features];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            int c = i % labels.Length;
            y[i] = labels[c];
            for (int f = 0; f < features; f++)
            {
                x[i * features + f] = centres[c][f] + spread * rng.NextNormal();
            }
        }
        return new Dataset(x, y, sampleShape ?? [features]);
    }

    /// <summary>Random features with random labels: nothing to learn, so validation loss stops improving at once.</summary>
    public static Dataset Noise(int n, int classes, int features, ulong seed)
    {
        var rng = new Generator(seed);
        var x = new float[n * features];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = rng.NextNormal();
        }
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = rng.NextInt(0, classes);
        }
        return new Dataset(x, y, features);
    }
}
