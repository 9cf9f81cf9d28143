namespace Taxon;

public static partial class Functional
{
    /// <summary>
    /// Batch normalisation of an input [N, C, *] per channel C (PyTorch: <c>F.batch_norm</c>, Ioffe &amp; Szegedy 2015).
    /// With <paramref name="training"/>, the statistics are the batch's (biased variance for normalising) and the running
    /// statistics, when given, are updated in place: running = (1 − momentum)·running + momentum·batch, with the unbiased
    /// variance for the running variance. Otherwise the running statistics normalise. The forward is fused (per-channel
    /// reductions, then one pass y = x·scale + shift) and the backward hand-written; the gradient flows to the input,
    /// weight and bias, never to the running statistics.
    /// </summary>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null,
        Tensor? bias = null, bool training = false, float momentum = 0.1f, float eps = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckBatchNormArguments(input, runningMean, runningVar, weight, bias, training);
        int n = input.Shape[0], c = input.Shape[1];
        int inner = c == 0 || n == 0 ? 0 : input.NumElements / (n * c);
        int[] shape = input.Shape.ToArray();
        Tensor x = input.IsContiguous ? input : input.Materialize();

        var mean = new float[c];
        var invstd = new float[c];
        if (training)
        {
            var variance = new float[c];
            Tensor.Backend.ChannelMoments(x.ContiguousSpan, n, c, inner, mean, variance);
            for (int k = 0; k < c; k++)
            {
                invstd[k] = (float)(1.0 / Math.Sqrt(variance[k] + (double)eps));
            }
            if (runningMean is not null && runningVar is not null)
            {
                UpdateRunningStatistics(runningMean, runningVar, mean, variance, (long)n * inner, momentum);
            }
        }
        else
        {
            runningMean!.ToArray().CopyTo(mean, 0);
            float[] rv = runningVar!.ToArray();
            for (int k = 0; k < c; k++)
            {
                invstd[k] = (float)(1.0 / Math.Sqrt(rv[k] + (double)eps));
            }
        }

        float[]? w = weight?.ToArray();
        float[]? b = bias?.ToArray();
        var scale = new float[c];
        var shift = new float[c];
        for (int k = 0; k < c; k++)
        {
            scale[k] = w is null ? invstd[k] : w[k] * invstd[k];
            shift[k] = (b is null ? 0f : b[k]) - mean[k] * scale[k];
        }
        Tensor y = Tensor.Empty(shape);
        Tensor.Backend.ChannelAffine(x.ContiguousSpan, n, c, inner, scale, shift, y.ContiguousSpan);

        var inputs = new List<Tensor> { input };
        if (weight is not null)
        {
            inputs.Add(weight);
        }
        if (bias is not null)
        {
            inputs.Add(bias);
        }
        Tensor[] saved = weight is null ? [input] : [input, weight];
        return Tensor.Record(y, "NativeBatchNormBackward0", [.. inputs], g =>
        {
            Tensor dy = g.IsContiguous ? g : g.Materialize();
            var sumDy = new float[c];
            var sumDyCentred = new float[c];
            // In evaluation the input gradient is dy·invstd·w alone: the sums are needed only for weight and bias.
            if (training || weight is not null || bias is not null)
            {
                Tensor.Backend.ChannelGradientSums(x.ContiguousSpan, dy.ContiguousSpan, n, c, inner, mean, sumDy, sumDyCentred);
            }
            var grads = new Tensor?[inputs.Count];
            if (input.RequiresGrad)
            {
                double count = (double)n * inner;
                var dyScale = new float[c];
                var xScale = new float[c];
                var offset = new float[c];
                for (int k = 0; k < c; k++)
                {
                    double a = (double)invstd[k] * (w is null ? 1.0 : w[k]);
                    if (training)
                    {
                        // dx = (dy − Σdy/n − (x − mean)·Σdy(x − mean)·invstd²/n)·invstd·w: the batch statistics
                        // depend on x, so their gradients are part of dx.
                        double bx = -sumDyCentred[k] * (double)invstd[k] * invstd[k] * a / count;
                        dyScale[k] = (float)a;
                        xScale[k] = (float)bx;
                        offset[k] = (float)(-sumDy[k] * a / count - mean[k] * bx);
                    }
                    else
                    {
                        dyScale[k] = (float)a;
                    }
                }
                Tensor dx = Tensor.Empty(shape);
                Tensor.Backend.ChannelAffineGradient(x.ContiguousSpan, dy.ContiguousSpan, n, c, inner, dyScale, xScale, offset, dx.ContiguousSpan);
                grads[0] = dx;
            }
            int next = 1;
            if (weight is not null)
            {
                var dw = new float[c];
                for (int k = 0; k < c; k++)
                {
                    dw[k] = sumDyCentred[k] * invstd[k];
                }
                grads[next++] = Tensor.FromArray(dw, c);
            }
            if (bias is not null)
            {
                grads[next] = Tensor.FromArray(sumDy, c);
            }
            return grads;
        }, saved);
    }

    /// <summary>
    /// Layer normalisation over the trailing dimensions <paramref name="normalizedShape"/> (PyTorch: <c>F.layer_norm</c>,
    /// Ba et al. 2016): each row is normalised by its own mean and biased variance, then scaled by weight and shifted by
    /// bias (both of shape <paramref name="normalizedShape"/>). Fused forward and hand-written backward.
    /// </summary>
    public static Tensor LayerNorm(Tensor input, int[] normalizedShape, Tensor? weight = null, Tensor? bias = null, float eps = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(normalizedShape);
        CheckLayerNormArguments(input, normalizedShape, weight, bias);
        int cols = ShapeMath.NumElements(normalizedShape);
        int rows = cols == 0 ? 0 : input.NumElements / cols;
        int[] shape = input.Shape.ToArray();
        Tensor x = input.IsContiguous ? input : input.Materialize();
        Tensor? wc = weight is null ? null : (weight.IsContiguous ? weight : weight.Materialize());
        Tensor? bc = bias is null ? null : (bias.IsContiguous ? bias : bias.Materialize());
        var mean = new float[rows];
        var rstd = new float[rows];
        Tensor y = Tensor.Empty(shape);
        Tensor.Backend.LayerNormRows(x.ContiguousSpan, rows, cols, eps, wc is null ? default : wc.ContiguousSpan,
            bc is null ? default : bc.ContiguousSpan, y.ContiguousSpan, mean, rstd);

        var inputs = new List<Tensor> { input };
        if (weight is not null)
        {
            inputs.Add(weight);
        }
        if (bias is not null)
        {
            inputs.Add(bias);
        }
        Tensor[] saved = weight is null ? [input] : [input, weight];
        return Tensor.Record(y, "NativeLayerNormBackward0", [.. inputs], g =>
        {
            Tensor dy = g.IsContiguous ? g : g.Materialize();
            Tensor? dx = input.RequiresGrad ? Tensor.Empty(shape) : null;
            Tensor? dw = weight is { RequiresGrad: true } ? Tensor.Empty((int[])normalizedShape.Clone()) : null;
            Tensor? db = bias is { RequiresGrad: true } ? Tensor.Empty((int[])normalizedShape.Clone()) : null;
            Tensor.Backend.LayerNormRowsBackward(x.ContiguousSpan, dy.ContiguousSpan, rows, cols, mean, rstd,
                wc is null ? default : wc.ContiguousSpan, dx is null ? default : dx.ContiguousSpan,
                dw is null ? default : dw.ContiguousSpan, db is null ? default : db.ContiguousSpan);
            var grads = new Tensor?[inputs.Count];
            grads[0] = dx;
            int next = 1;
            if (weight is not null)
            {
                grads[next++] = dw;
            }
            if (bias is not null)
            {
                grads[next] = db;
            }
            return grads;
        }, saved);
    }

    private static void CheckBatchNormArguments(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight,
        Tensor? bias, bool training)
    {
        if (input.Dim < 2)
        {
            throw new ArgumentException($"BatchNorm: expected an input of shape [N, C, *], got {ShapeMath.Format(input.Shape)}.");
        }
        int c = input.Shape[1];
        CheckChannelVector(runningMean, c, "running mean", input);
        CheckChannelVector(runningVar, c, "running variance", input);
        CheckChannelVector(weight, c, "weight", input);
        CheckChannelVector(bias, c, "bias", input);
        if ((runningMean is null) != (runningVar is null))
        {
            throw new ArgumentException("BatchNorm: pass both the running mean and the running variance, or neither.");
        }
        if (!training && runningMean is null)
        {
            throw new ArgumentException("BatchNorm: the running mean and variance must be given in evaluation mode (training: false).");
        }
        if (training && input.NumElements / Math.Max(c, 1) == 1 && c > 0)
        {
            // One value per channel has no variance: PyTorch refuses rather than normalising everything to zero.
            throw new ArgumentException(
                $"BatchNorm: expected more than 1 value per channel when training, got input of shape {ShapeMath.Format(input.Shape)}.");
        }
    }

    private static void CheckChannelVector(Tensor? t, int channels, string what, Tensor input)
    {
        if (t is not null && (t.Dim != 1 || t.Shape[0] != channels))
        {
            throw new ArgumentException(
                $"BatchNorm: the {what} has shape {ShapeMath.Format(t.Shape)} but the input {ShapeMath.Format(input.Shape)} has {channels} channels (expected [{channels}]).");
        }
    }

    private static void UpdateRunningStatistics(Tensor runningMean, Tensor runningVar, float[] mean, float[] variance, long count, float momentum)
    {
        int c = mean.Length;
        float[] rm = runningMean.ToArray();
        float[] rv = runningVar.ToArray();
        double unbias = count / (double)(count - 1);
        for (int k = 0; k < c; k++)
        {
            rm[k] = (float)(momentum * (double)mean[k] + (1.0 - momentum) * rm[k]);
            rv[k] = (float)(momentum * variance[k] * unbias + (1.0 - momentum) * rv[k]);
        }
        using (Autograd.NoGrad())
        {
            runningMean.Copy_(Tensor.FromArray(rm, c));
            runningVar.Copy_(Tensor.FromArray(rv, c));
        }
    }

    private static void CheckLayerNormArguments(Tensor input, int[] normalizedShape, Tensor? weight, Tensor? bias)
    {
        int k = normalizedShape.Length;
        if (k == 0)
        {
            throw new ArgumentException("LayerNorm: normalizedShape must have at least one dimension.");
        }
        ShapeMath.Validate(normalizedShape, "LayerNorm");
        if (input.Dim < k || !input.Shape[(input.Dim - k)..].SequenceEqual(normalizedShape))
        {
            throw new ArgumentException(
                $"LayerNorm: given normalizedShape {ShapeMath.Format(normalizedShape)}, expected an input of shape [*, {string.Join(", ", normalizedShape)}], got {ShapeMath.Format(input.Shape)}.");
        }
        if (weight is not null && !weight.Shape.SequenceEqual(normalizedShape))
        {
            throw new ArgumentException($"LayerNorm: the weight has shape {ShapeMath.Format(weight.Shape)}, expected {ShapeMath.Format(normalizedShape)}.");
        }
        if (bias is not null && !bias.Shape.SequenceEqual(normalizedShape))
        {
            throw new ArgumentException($"LayerNorm: the bias has shape {ShapeMath.Format(bias.Shape)}, expected {ShapeMath.Format(normalizedShape)}.");
        }
    }
}
