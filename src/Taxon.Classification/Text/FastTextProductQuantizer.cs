using System.Numerics.Tensors;
using Taxon.Classification.Models;

namespace Taxon.Classification.Text;

/// <summary>
/// Product quantisation of a row matrix (fastText: <c>fasttext quantize</c>): each row is cut into sub-vectors of
/// <see cref="SubvectorDim"/> values (the last may be shorter) and each sub-vector is replaced by the index of the
/// nearest of up to 256 k-means centroids of that position, one byte per sub-vector.
/// </summary>
internal sealed class FastTextProductQuantizer
{
    private const int Centroids = 256;
    private const int MaxTrainingRows = 65_536;
    private const int Iterations = 25;

    public FastTextProductQuantizer(int dim, int subvectorDim, int rows, byte[] codes, float[] codebooks)
    {
        if (dim < 1 || subvectorDim < 1 || subvectorDim > dim)
        {
            throw new ArgumentException($"FastTextModel: product quantisation with sub-vectors of {subvectorDim} values does not fit rows of {dim}.");
        }
        Dim = dim;
        SubvectorDim = subvectorDim;
        Subvectors = (dim + subvectorDim - 1) / subvectorDim;
        Rows = rows;
        if (codes.Length != (long)rows * Subvectors)
        {
            throw new ArgumentException($"FastTextModel: {codes.Length} quantisation codes where {(long)rows * Subvectors} were expected.");
        }
        if (codebooks.Length != Centroids * dim)
        {
            throw new ArgumentException($"FastTextModel: {codebooks.Length} codebook values where {Centroids * dim} were expected.");
        }
        Codes = codes;
        Codebooks = codebooks;
    }

    public int Dim { get; }

    public int SubvectorDim { get; }

    public int Subvectors { get; }

    public int Rows { get; }

    /// <summary>Row-major [rows, subvectors] centroid indices.</summary>
    public byte[] Codes { get; }

    /// <summary>For sub-vector s (offset s * SubvectorDim, width w): 256 centroids of w values at 256 * s * SubvectorDim.</summary>
    public float[] Codebooks { get; }

    private int Width(int s) => Math.Min(SubvectorDim, Dim - s * SubvectorDim);

    /// <summary>Adds the decoded row to <paramref name="destination"/>.</summary>
    public void AddRow(int row, Span<float> destination)
    {
        for (int s = 0; s < Subvectors; s++)
        {
            int w = Width(s);
            int code = Codes[(long)row * Subvectors + s];
            Span<float> d = destination.Slice(s * SubvectorDim, w);
            TensorPrimitives.Add(d, Codebooks.AsSpan(Centroids * s * SubvectorDim + code * w, w), d);
        }
    }

    /// <summary>Quantises <paramref name="rows"/> rows of <paramref name="dim"/> values with k-means per sub-vector position.</summary>
    public static FastTextProductQuantizer Train(float[] matrix, int rows, int dim, int subvectorDim, ulong seed)
    {
        int m = (dim + subvectorDim - 1) / subvectorDim;
        var codes = new byte[(long)rows * m];
        var codebooks = new float[Centroids * dim];
        Parallel.For(0, m, s =>
        {
            int offset = s * subvectorDim;
            int w = Math.Min(subvectorDim, dim - offset);
            var rng = new Generator(seed ^ (ulong)(s + 1) * 0x9E3779B97F4A7C15UL);
            // Training sample: a random subset of at most MaxTrainingRows rows.
            int[] sample = new int[rows];
            for (int i = 0; i < rows; i++)
            {
                sample[i] = i;
            }
            MiniBatchTrainer.Shuffle(sample, rng);
            int n = Math.Min(rows, MaxTrainingRows);
            Span<float> centroids = codebooks.AsSpan(Centroids * offset, Centroids * w);
            for (int c = 0; c < Centroids; c++)
            {
                matrix.AsSpan(sample[c % Math.Max(1, n)] * dim + offset, w).CopyTo(centroids.Slice(c * w, w));
            }
            var assign = new int[n];
            var sums = new double[Centroids * w];
            var counts = new int[Centroids];
            for (int iteration = 0; iteration < Iterations; iteration++)
            {
                for (int i = 0; i < n; i++)
                {
                    assign[i] = Nearest(matrix.AsSpan(sample[i] * dim + offset, w), centroids, w);
                }
                Array.Clear(sums);
                Array.Clear(counts);
                for (int i = 0; i < n; i++)
                {
                    int c = assign[i];
                    counts[c]++;
                    ReadOnlySpan<float> x = matrix.AsSpan(sample[i] * dim + offset, w);
                    for (int k = 0; k < w; k++)
                    {
                        sums[c * w + k] += x[k];
                    }
                }
                for (int c = 0; c < Centroids; c++)
                {
                    if (counts[c] > 0)
                    {
                        for (int k = 0; k < w; k++)
                        {
                            centroids[c * w + k] = (float)(sums[c * w + k] / counts[c]);
                        }
                    }
                    else if (n > 0)
                    {
                        // An empty cluster restarts at a random sample point (fastText splits a large one).
                        matrix.AsSpan(sample[rng.NextInt(0, n)] * dim + offset, w).CopyTo(centroids.Slice(c * w, w));
                    }
                }
            }
            for (int r = 0; r < rows; r++)
            {
                codes[(long)r * m + s] = (byte)Nearest(matrix.AsSpan(r * dim + offset, w), centroids, w);
            }
        });
        return new FastTextProductQuantizer(dim, subvectorDim, rows, codes, codebooks);
    }

    private static int Nearest(ReadOnlySpan<float> x, ReadOnlySpan<float> centroids, int w)
    {
        int best = 0;
        float bestDistance = float.PositiveInfinity;
        for (int c = 0; c < Centroids; c++)
        {
            float d = 0;
            for (int k = 0; k < w; k++)
            {
                float e = x[k] - centroids[c * w + k];
                d += e * e;
            }
            if (d < bestDistance)
            {
                bestDistance = d;
                best = c;
            }
        }
        return best;
    }
}
