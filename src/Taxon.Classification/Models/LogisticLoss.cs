using System.Runtime.CompilerServices;
using Taxon.Classification.Data;
using Taxon.Kernels;

namespace Taxon.Classification.Models;

/// <summary>
/// The summed log loss of a linear model and its gradient (scikit-learn: <c>LinearModelLoss</c> with
/// <c>HalfBinomialLoss</c> or <c>HalfMultinomialLoss</c>), without any penalty. Parameters are <see cref="Rows"/>
/// rows of <see cref="Stride"/> values: the feature weights, then the intercept when there is one. Two classes use
/// one row (the score of class 1), more classes one row each (multinomial softmax).
/// </summary>
internal sealed class LogisticLoss
{
    // Below this many stored values one thread is faster than splitting the work.
    private const long ParallelThreshold = 1 << 19;
    private const int ChunkCount = 16;

    private readonly FeatureMatrix _x;
    private readonly int[] _y;
    private readonly int _chunks;
    private readonly double[][] _chunkGradients;
    private readonly double[] _chunkLosses;
    private readonly double[][] _chunkScratch;

    public LogisticLoss(FeatureMatrix x, int[] y, int classCount, bool fitIntercept)
    {
        _x = x;
        _y = y;
        Features = x.Columns;
        FitIntercept = fitIntercept;
        Rows = classCount == 2 ? 1 : classCount;
        Stride = Features + (fitIntercept ? 1 : 0);
        // The chunking depends only on the data, never on the thread count, so the sums (and the model) are the
        // same whatever Parallelism.MaxThreads is.
        _chunks = x.StoredCount * Rows >= ParallelThreshold && x.Rows >= 2 * ChunkCount ? ChunkCount : 1;
        _chunkGradients = new double[_chunks][];
        _chunkScratch = new double[_chunks][];
        _chunkLosses = new double[_chunks];
        for (int c = 0; c < _chunks; c++)
        {
            _chunkGradients[c] = c == 0 ? [] : new double[ParameterCount];
            _chunkScratch[c] = new double[Rows];
        }
    }

    public int Features { get; }

    public bool FitIntercept { get; }

    public int Rows { get; }

    public int Stride { get; }

    public int ParameterCount => Rows * Stride;

    public int SampleCount => _x.Rows;

    /// <summary>The samples.</summary>
    public FeatureMatrix Matrix => _x;

    /// <summary>The summed log loss at <paramref name="w"/>; <paramref name="gradient"/> receives its gradient.</summary>
    public double Evaluate(double[] w, double[] gradient)
    {
        if (_chunks == 1)
        {
            Array.Clear(gradient);
            return AccumulateRange(w, gradient, 0, _x.Rows, _chunkScratch[0]);
        }
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism.MaxThreads };
        Parallel.For(0, _chunks, options, c =>
        {
            double[] g = c == 0 ? gradient : _chunkGradients[c];
            Array.Clear(g);
            int start = (int)((long)_x.Rows * c / _chunks), end = (int)((long)_x.Rows * (c + 1) / _chunks);
            _chunkLosses[c] = AccumulateRange(w, g, start, end, _chunkScratch[c]);
        });
        double loss = _chunkLosses[0];
        for (int c = 1; c < _chunks; c++)
        {
            loss += _chunkLosses[c];
            double[] g = _chunkGradients[c];
            for (int j = 0; j < g.Length; j++)
            {
                gradient[j] += g[j];
            }
        }
        return loss;
    }

    /// <summary>Adds the loss gradient of samples <paramref name="rows"/> to <paramref name="gradient"/> and returns their summed loss.</summary>
    public double Accumulate(ReadOnlySpan<double> w, Span<double> gradient, ReadOnlySpan<int> rows)
    {
        Span<double> scratch = Rows <= 64 ? stackalloc double[Rows] : new double[Rows];
        double loss = 0;
        foreach (int i in rows)
        {
            loss += AccumulateRow(_x.Row(i), _y[i], w, gradient, scratch);
        }
        return loss;
    }

    /// <summary>The largest squared row norm, counting the intercept's constant 1 (bounds the loss's curvature).</summary>
    public double MaxSquaredRowNorm()
    {
        double max = 0;
        for (int i = 0; i < _x.Rows; i++)
        {
            max = Math.Max(max, _x.Row(i).SquaredNorm());
        }
        return max + (FitIntercept ? 1 : 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double AccumulateRange(double[] w, double[] gradient, int start, int end, double[] scratch)
    {
        if (Rows > 1)
        {
            double total = 0;
            for (int i = start; i < end; i++)
            {
                total += AccumulateRow(_x.Row(i), _y[i], w, gradient, scratch);
            }
            return total;
        }
        // The binary case, the commonest, is written out in this one loop (no call per row but the vector kernels)
        // and compiled optimised at once: tiered compilation would run the first fits (a one-vs-rest fit is many
        // short ones) in unoptimised code, four times slower.
        int d = Features;
        ReadOnlySpan<double> weights = w.AsSpan(0, d);
        Span<double> g = gradient.AsSpan(0, d);
        double intercept = FitIntercept ? w[d] : 0, interceptGradient = 0, loss = 0;
        ReadOnlySpan<float> dense = _x is DenseMatrix m ? m.Values : default;
        for (int i = start; i < end; i++)
        {
            FeatureRow row = dense.IsEmpty ? _x.Row(i) : default;
            double z = intercept + (dense.IsEmpty ? row.Dot(weights) : RowKernels.DenseDot(dense.Slice(i * d, d), weights));
            double target = _y[i] == 1 ? 1 : 0;
            // One exponential serves both the sigmoid and log(1 + e^z), each computed without overflow.
            double e = Math.Exp(-Math.Abs(z));
            double residual = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - target;
            if (dense.IsEmpty)
            {
                row.AddScaledTo(g, residual);
            }
            else
            {
                RowKernels.DenseAddScaled(dense.Slice(i * d, d), g, residual);
            }
            interceptGradient += residual;
            loss += Math.Max(z, 0) + Math.Log(1 + e) - target * z;
        }
        if (FitIntercept)
        {
            gradient[d] += interceptGradient;
        }
        return loss;
    }

    private double AccumulateRow(FeatureRow row, int label, ReadOnlySpan<double> w, Span<double> gradient, Span<double> scores)
    {
        int d = Features, stride = Stride;
        if (Rows == 1)
        {
            double z = RowKernels.Dot(row, w[..d]) + (FitIntercept ? w[d] : 0);
            double target = label == 1 ? 1 : 0;
            // One exponential serves both the sigmoid and log(1 + e^z), each computed without overflow.
            double e = Math.Exp(-Math.Abs(z));
            double sigmoid = z >= 0 ? 1 / (1 + e) : e / (1 + e);
            double residual = sigmoid - target;
            RowKernels.AddScaled(row, gradient[..d], residual);
            if (FitIntercept)
            {
                gradient[d] += residual;
            }
            return Math.Max(z, 0) + Math.Log(1 + e) - target * z;
        }
        double max = double.NegativeInfinity;
        for (int k = 0; k < Rows; k++)
        {
            ReadOnlySpan<double> wk = w.Slice(k * stride, stride);
            double z = RowKernels.Dot(row, wk[..d]) + (FitIntercept ? wk[d] : 0);
            scores[k] = z;
            max = Math.Max(max, z);
        }
        double sum = 0;
        for (int k = 0; k < Rows; k++)
        {
            sum += Math.Exp(scores[k] - max);
        }
        double logSum = max + Math.Log(sum);
        double loss = logSum - scores[label];
        for (int k = 0; k < Rows; k++)
        {
            double residual = Math.Exp(scores[k] - logSum) - (k == label ? 1 : 0);
            Span<double> gk = gradient.Slice(k * stride, stride);
            RowKernels.AddScaled(row, gk[..d], residual);
            if (FitIntercept)
            {
                gk[d] += residual;
            }
        }
        return loss;
    }

    /// <summary>log(1 + e^z), without overflow.</summary>
    public static double Softplus(double z) => z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));

    /// <summary>1 / (1 + e^-z), without overflow.</summary>
    public static double Sigmoid(double z)
    {
        if (z >= 0)
        {
            return 1 / (1 + Math.Exp(-z));
        }
        double e = Math.Exp(z);
        return e / (1 + e);
    }
}
