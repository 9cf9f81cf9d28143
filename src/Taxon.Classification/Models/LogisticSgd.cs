using Taxon.Classification.Data;

namespace Taxon.Classification.Models;

/// <summary>
/// The SGD solver of <see cref="LogisticRegression"/>: mini-batch stochastic gradient descent on the mean form of
/// the objective, <c>(1/n)·Σ log-loss + R(w)/(C·n)</c> (the same minimiser), with a step that decays as 1/√epoch
/// and a running average of the iterates that favours recent ones as the answer (polynomial-decay averaging), which
/// removes most of the noise a stochastic step leaves. The L1 penalty is applied as a proximal step (soft thresholding)
/// after every batch, and its answer is the last iterate, so weights can be exactly zero.
/// </summary>
internal static class LogisticSgd
{
    private const int AveragingPower = 3;

    /// <summary>Runs from <paramref name="w"/> (updated in place) and returns the number of epochs.</summary>
    public static int Minimize(LogisticLoss loss, double[] w, LogisticRegressionOptions options, CancellationToken cancellationToken)
    {
        int n = loss.SampleCount, p = loss.ParameterCount, stride = loss.Stride, d = loss.Features;
        Penalty penalty = options.Penalty;
        double lambda = penalty == Penalty.None ? 0 : 1 / (options.C * n);
        int batch = Math.Min(options.BatchSize, n);
        double eta0 = options.LearningRate ?? 1 / Math.Max(BatchCurvature(loss, batch) + (penalty == Penalty.L2 ? lambda : 0), 1e-12);
        int batches = (n + batch - 1) / batch;
        bool average = penalty != Penalty.L1;

        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }
        var generator = new Generator(options.Seed);
        var gradient = new double[p];
        var mean = new double[p];
        var previous = new double[p];
        long averaged = 0;
        int epoch = 1;
        for (; epoch <= options.MaxIterations; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int i = n - 1; i > 0; i--)
            {
                int j = generator.NextInt(0, i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
            double eta = eta0 / Math.Sqrt(epoch);
            for (int b = 0; b < batches; b++)
            {
                int start = b * batch, count = Math.Min(batch, n - start);
                Array.Clear(gradient);
                loss.Accumulate(w, gradient, order.AsSpan(start, count));
                double step = eta / count;
                for (int k = 0; k < loss.Rows; k++)
                {
                    int offset = k * stride;
                    for (int j = offset; j < offset + d; j++)
                    {
                        double v = w[j] - step * gradient[j];
                        if (penalty == Penalty.L2)
                        {
                            v -= eta * lambda * w[j];
                        }
                        else if (penalty == Penalty.L1)
                        {
                            double shrink = eta * lambda;
                            v = v > shrink ? v - shrink : v < -shrink ? v + shrink : 0;
                        }
                        w[j] = v;
                    }
                    if (loss.FitIntercept)
                    {
                        w[offset + d] -= step * gradient[offset + d];
                    }
                }
                if (average)
                {
                    // Polynomial-decay averaging (Shamir and Zhang 2013, q = 3): later iterates weigh more, so the
                    // far-off early ones fade out instead of biasing the answer.
                    averaged++;
                    double weight = (AveragingPower + 1.0) / (averaged + AveragingPower);
                    for (int j = 0; j < p; j++)
                    {
                        mean[j] += (w[j] - mean[j]) * weight;
                    }
                }
            }
            double[] current = average ? mean : w;
            double change = 0, size = 0;
            for (int j = 0; j < p; j++)
            {
                change = Math.Max(change, Math.Abs(current[j] - previous[j]));
                size = Math.Max(size, Math.Abs(current[j]));
            }
            Array.Copy(current, previous, p);
            if (epoch > 2 && change <= options.Tolerance * size)
            {
                break;
            }
        }
        if (average && averaged > 0)
        {
            Array.Copy(mean, w, p);
        }
        return Math.Min(epoch, options.MaxIterations);
    }

    /// <summary>
    /// The expected smoothness of the mean loss over a random batch of <paramref name="batch"/> samples (Gower et al.
    /// 2019): <c>n(B−1)/(B(n−1))·L + (n−B)/(B(n−1))·L_max</c>, between the whole loss's curvature L (B = n) and the
    /// worst single sample's L_max (B = 1). The loss's Hessian is at most c·XᵀX/n with c = ¼ (sigmoid) or ½
    /// (softmax); L comes from power iteration on up to 1000 evenly spaced rows, with a margin.
    /// </summary>
    private static double BatchCurvature(LogisticLoss loss, int batch)
    {
        int n = loss.SampleCount, d = loss.Features;
        double c = loss.Rows == 1 ? 0.25 : 0.5;
        double single = c * loss.MaxSquaredRowNorm();
        if (batch <= 1 || n <= 1)
        {
            return single;
        }
        int sample = Math.Min(n, 1000);
        var rows = new int[sample];
        for (int r = 0; r < sample; r++)
        {
            rows[r] = (int)((long)r * n / sample);
        }
        int width = d + (loss.FitIntercept ? 1 : 0);
        var v = new double[width];
        var next = new double[width];
        Array.Fill(v, 1 / Math.Sqrt(width));
        double eigenvalue = 0;
        for (int iteration = 0; iteration < 20; iteration++)
        {
            Array.Clear(next);
            foreach (int i in rows)
            {
                FeatureRow row = loss.Matrix.Row(i);
                double z = RowKernels.Dot(row, v.AsSpan(0, d)) + (loss.FitIntercept ? v[d] : 0);
                RowKernels.AddScaled(row, next.AsSpan(0, d), z / sample);
                if (loss.FitIntercept)
                {
                    next[d] += z / sample;
                }
            }
            double squares = 0;
            foreach (double value in next)
            {
                squares += value * value;
            }
            double norm = Math.Sqrt(squares);
            if (norm == 0)
            {
                break;
            }
            eigenvalue = norm;
            for (int j = 0; j < width; j++)
            {
                v[j] = next[j] / norm;
            }
        }
        double whole = Math.Min(c * eigenvalue * 1.5, single);
        double b = batch, m = n;
        return m * (b - 1) / (b * (m - 1)) * whole + (m - b) / (b * (m - 1)) * single;
    }
}
