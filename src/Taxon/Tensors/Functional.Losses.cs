namespace Taxon;

// The losses are fused: one forward pass computes the per-sample values and the backward is written out by hand.
// Class weights and pos_weight are constants, as in PyTorch's fused kernels: no gradient flows to them. The
// classification losses accept inputs [C], [N, C] or [N, C, d1, ...] (classes in dimension 1, as PyTorch); the extra
// dimensions are moved behind the samples so that the kernels see [M, C] rows.
public static partial class Functional
{
    /// <summary>
    /// Cross-entropy of logits against class indices (PyTorch 1.13: <c>F.cross_entropy</c>): log-softmax and the
    /// negative log-likelihood fused, gradient (Σa)·softmax − a per row. Logits [N, C] with targets [N], [C] with a
    /// 0-d target, or [N, C, d1, ...] with targets [N, d1, ...]. <paramref name="weight"/> [C] weighs each sample by
    /// its target's class, and the weighted mean divides by the sum of the weights of the non-ignored targets.
    /// Targets equal to <paramref name="ignoreIndex"/> contribute nothing. <paramref name="labelSmoothing"/> ε mixes the
    /// one-hot target with the uniform distribution: loss = (1 − ε)·w[t]·(−log p[t]) + (ε/C)·Σ_c w[c]·(−log p[c]).
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, IndexTensor targets, Tensor? weight = null, int ignoreIndex = -100,
        Reduction reduction = Reduction.Mean, float labelSmoothing = 0f)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        CheckLabelSmoothing(labelSmoothing, "CrossEntropy");
        (Tensor flat, int[] sampleShape) = ClassesLast(logits, "CrossEntropy");
        int c = flat.Shape[1];
        CheckIndexTargets(targets, sampleShape, logits, c, ignoreIndex, "CrossEntropy");
        float[]? w = ClassWeights(weight, c, "CrossEntropy");
        Tensor loss = SoftmaxCrossEntropy(flat, targets, w, ignoreIndex, reduction, labelSmoothing);
        return SampleShaped(loss, sampleShape, reduction);
    }

    /// <summary>
    /// Cross-entropy of logits against class probabilities of the same shape (PyTorch 1.13: <c>F.cross_entropy</c> with
    /// a float target): loss = −Σ_c w[c]·t'[c]·log p[c] with t' = (1 − ε)·t + ε/C. The mean divides by the number of
    /// samples (not by the weights). Differentiable with respect to both logits and targets.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor targets, Tensor? weight = null, Reduction reduction = Reduction.Mean,
        float labelSmoothing = 0f)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        CheckLabelSmoothing(labelSmoothing, "CrossEntropy");
        if (!targets.Shape.SequenceEqual(logits.Shape))
        {
            throw new ArgumentException(
                $"CrossEntropy: probability targets must have the logits' shape {ShapeMath.Format(logits.Shape)}, got {ShapeMath.Format(targets.Shape)}.");
        }
        (Tensor flat, int[] sampleShape) = ClassesLast(logits, "CrossEntropy");
        (Tensor flatTargets, _) = ClassesLast(targets, "CrossEntropy");
        float[]? w = ClassWeights(weight, flat.Shape[1], "CrossEntropy");
        Tensor loss = ProbabilityCrossEntropy(flat, flatTargets, w, reduction, labelSmoothing);
        return SampleShaped(loss, sampleShape, reduction);
    }

    /// <summary>
    /// Negative log-likelihood of log-probabilities at class indices (PyTorch 1.13: <c>F.nll_loss</c>):
    /// loss = −w[t]·input[t], with the same shapes, weights, <paramref name="ignoreIndex"/> and weighted mean as
    /// <see cref="CrossEntropy(Tensor, IndexTensor, Tensor?, int, Reduction, float)"/>.
    /// </summary>
    public static Tensor NllLoss(Tensor logProbs, IndexTensor targets, Tensor? weight = null, int ignoreIndex = -100,
        Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(logProbs);
        ArgumentNullException.ThrowIfNull(targets);
        (Tensor flat, int[] sampleShape) = ClassesLast(logProbs, "NllLoss");
        int m = flat.Shape[0], c = flat.Shape[1];
        CheckIndexTargets(targets, sampleShape, logProbs, c, ignoreIndex, "NllLoss");
        float[]? w = ClassWeights(weight, c, "NllLoss");
        float[] data = flat.Storage.Data;
        int offset = flat.Offset, rowStride = flat.Strides[0], colStride = flat.Strides[1];
        ReadOnlySpan<int> t = targets.Span;
        float[]? perSample = reduction == Reduction.None ? new float[m] : null;
        double total = 0, denominator = 0;
        for (int i = 0; i < m; i++)
        {
            if (t[i] == ignoreIndex)
            {
                continue;
            }
            float wt = w is null ? 1f : w[t[i]];
            float li = -wt * data[offset + i * rowStride + t[i] * colStride];
            total += li;
            denominator += wt;
            if (perSample is not null)
            {
                perSample[i] = li;
            }
        }
        Tensor loss = Reduced(perSample, total, denominator, reduction);
        loss = Tensor.Record(loss, "NllLossBackward0", [flat], g =>
        {
            float[] s = SampleScales(g, m, reduction, denominator);
            Tensor grad = Tensor.Zeros(m, c);
            Span<float> gs = grad.ContiguousSpan;
            ReadOnlySpan<int> tt = targets.Span;
            for (int i = 0; i < m; i++)
            {
                if (tt[i] != ignoreIndex)
                {
                    gs[i * c + tt[i]] = -s[i] * (w is null ? 1f : w[tt[i]]);
                }
            }
            return [grad];
        }, flat);
        return SampleShaped(loss, sampleShape, reduction);
    }

    /// <summary>
    /// Binary cross-entropy of logits x against targets y in [0, 1] of the same shape, computed stably from the logits
    /// (PyTorch 1.13: <c>F.binary_cross_entropy_with_logits</c>): loss = w·((1 − y)·x + (1 + (pw − 1)·y)·softplus(−x)),
    /// which equals −w·(pw·y·log σ(x) + (1 − y)·log(1 − σ(x))) without overflow for large |x|. <paramref name="weight"/>
    /// and <paramref name="posWeight"/> (the weight of positive examples, usually [C] for the last dimension) broadcast
    /// to the input's shape. Differentiable with respect to input and target.
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor? weight = null, Tensor? posWeight = null,
        Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        CheckSameShape(input, target, "BinaryCrossEntropyWithLogits");
        int[] shape = input.Shape.ToArray();
        int n = input.NumElements;
        float[] x = input.ToArray();
        float[] y = target.ToArray();
        float[]? w = weight is null ? null : Broadcast(weight, shape, "weight", "BinaryCrossEntropyWithLogits");
        float[]? pw = posWeight is null ? null : Broadcast(posWeight, shape, "posWeight", "BinaryCrossEntropyWithLogits");
        float[]? perElement = reduction == Reduction.None ? new float[n] : null;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            float logWeight = pw is null ? 1f : (pw[i] - 1f) * y[i] + 1f;
            float li = (1f - y[i]) * x[i] + logWeight * SoftplusOfNegative(x[i]);
            if (w is not null)
            {
                li *= w[i];
            }
            total += li;
            if (perElement is not null)
            {
                perElement[i] = li;
            }
        }
        Tensor loss = perElement is not null ? Tensor.FromArray(perElement, shape) : Reduced(null, total, n, reduction);
        return Tensor.Record(loss, "BinaryCrossEntropyWithLogitsBackward0", [input, target], g =>
        {
            float[] s = SampleScales(g, n, reduction, n);
            Tensor? dx = null, dt = null;
            if (input.RequiresGrad)
            {
                dx = Tensor.Empty(shape);
                Span<float> d = dx.ContiguousSpan;
                for (int i = 0; i < n; i++)
                {
                    // d/dx = (1 + (pw − 1)·y)·σ(x) − pw·y, which is σ(x) − y without pos_weight.
                    float sig = StableSigmoid(x[i]);
                    float v = pw is null ? sig - y[i] : ((pw[i] - 1f) * y[i] + 1f) * sig - pw[i] * y[i];
                    d[i] = v * s[i] * (w is null ? 1f : w[i]);
                }
            }
            if (target.RequiresGrad)
            {
                dt = Tensor.Empty(shape);
                Span<float> d = dt.ContiguousSpan;
                for (int i = 0; i < n; i++)
                {
                    // d/dy = −x + (pw − 1)·softplus(−x) = log σ(−x) − pw·log σ(x).
                    float v = pw is null ? -x[i] : -x[i] + (pw[i] - 1f) * SoftplusOfNegative(x[i]);
                    d[i] = v * s[i] * (w is null ? 1f : w[i]);
                }
            }
            return [dx, dt];
        }, input, target);
    }

    /// <summary>
    /// Mean squared error (x − y)² between tensors of the same shape (PyTorch: <c>F.mse_loss</c>). Unlike PyTorch, which
    /// broadcasts with a warning, different shapes are an error: [N, 1] against [N] silently becomes [N, N] there.
    /// </summary>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        CheckSameShape(input, target, "MseLoss");
        int[] shape = input.Shape.ToArray();
        int n = input.NumElements;
        float[] x = input.ToArray();
        float[] y = target.ToArray();
        var diff = new float[n];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            diff[i] = x[i] - y[i];
            total += diff[i] * diff[i];
        }
        Tensor loss;
        if (reduction == Reduction.None)
        {
            var squares = new float[n];
            for (int i = 0; i < n; i++)
            {
                squares[i] = diff[i] * diff[i];
            }
            loss = Tensor.FromArray(squares, shape);
        }
        else
        {
            loss = Reduced(null, total, n, reduction);
        }
        return Tensor.Record(loss, "MseLossBackward0", [input, target], g =>
        {
            float[] s = SampleScales(g, n, reduction, n);
            var d = new float[n];
            for (int i = 0; i < n; i++)
            {
                d[i] = 2f * diff[i] * s[i];
            }
            Tensor? dx = input.RequiresGrad ? Tensor.FromArray(d, shape) : null;
            Tensor? dt = target.RequiresGrad ? Tensor.FromArray(Array.ConvertAll(d, v => -v), shape) : null;
            return [dx, dt];
        }, input, target);
    }

    /// <summary>
    /// Multi-class hinge loss (PyTorch 1.13: <c>F.multi_margin_loss</c>) of scores x [N, C] (or [C]) at class indices y:
    /// loss = Σ_{j≠y} w[y]·max(0, margin − x[y] + x[j])^p / C, with <paramref name="p"/> 1 or 2. PyTorch applies the
    /// weight outside the power, and so does this. The mean is over samples.
    /// </summary>
    public static Tensor MultiMarginLoss(Tensor input, IndexTensor target, int p = 1, float margin = 1f, Tensor? weight = null,
        Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        if (p is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "MultiMarginLoss: only p = 1 and p = 2 are supported.");
        }
        if (input.Dim is not (1 or 2) || input.Shape[^1] == 0)
        {
            throw new ArgumentException($"MultiMarginLoss: expected a non-empty input [N, C] or [C], got {ShapeMath.Format(input.Shape)}.");
        }
        int m = input.Dim == 1 ? 1 : input.Shape[0], c = input.Shape[^1];
        if (target.Dim > 1 || target.NumElements != m || (input.Dim == 2 && target.Dim != 1))
        {
            throw new ArgumentException(
                $"MultiMarginLoss: expected targets of shape [{m}] for input {ShapeMath.Format(input.Shape)}, got {ShapeMath.Format(target.Shape)}.");
        }
        CheckClassRange(target, c, null, "MultiMarginLoss");
        float[]? w = ClassWeights(weight, c, "MultiMarginLoss");
        float[] x = input.ToArray();
        ReadOnlySpan<int> t = target.Span;
        var perSample = new float[m];
        double total = 0;
        for (int i = 0; i < m; i++)
        {
            int y = t[i];
            float xy = x[i * c + y];
            float wy = w is null ? 1f : w[y];
            float sum = 0;
            for (int j = 0; j < c; j++)
            {
                float z = margin - xy + x[i * c + j];
                if (j != y && z > 0)
                {
                    sum += (p == 1 ? z : z * z) * wy;
                }
            }
            perSample[i] = sum / c;
            total += perSample[i];
        }
        int[] outShape = target.Dim == 0 ? [] : [m];
        Tensor loss = reduction == Reduction.None ? Tensor.FromArray(perSample, outShape) : Reduced(null, total, m, reduction);
        int[] shape = input.Shape.ToArray();
        return Tensor.Record(loss, "MultiMarginLossBackward0", [input], g =>
        {
            float[] s = SampleScales(g, m, reduction, m);
            var d = new float[m * c];
            ReadOnlySpan<int> tt = target.Span;
            for (int i = 0; i < m; i++)
            {
                int y = tt[i];
                float xy = x[i * c + y];
                float scale = (w is null ? 1f : w[y]) * s[i] / c;
                for (int j = 0; j < c; j++)
                {
                    float z = margin - xy + x[i * c + j];
                    if (j != y && z > 0)
                    {
                        float gz = (p == 1 ? 1f : 2f * z) * scale;
                        d[i * c + j] += gz;
                        d[i * c + y] -= gz;
                    }
                }
            }
            return [Tensor.FromArray(d, shape)];
        }, input);
    }

    private static Tensor SoftmaxCrossEntropy(Tensor logits, IndexTensor targets, float[]? w, int ignoreIndex, Reduction reduction, float smoothing)
    {
        int m = logits.Shape[0], c = logits.Shape[1];
        Tensor x = logits.IsContiguous ? logits : logits.Materialize();
        Tensor logProbs = Tensor.Empty([m, c]);
        Tensor.Backend.SoftmaxRows(x.ContiguousSpan, m, c, logProbs.ContiguousSpan, log: true);
        ReadOnlySpan<float> lp = logProbs.ContiguousSpan;
        ReadOnlySpan<int> t = targets.Span;
        float[]? smooth = smoothing > 0f ? NegatedWeightedRowSums(logProbs, w) : null;
        float keep = 1f - smoothing, spread = smoothing / c;
        float[]? perSample = reduction == Reduction.None ? new float[m] : null;
        double total = 0, denominator = 0;
        for (int i = 0; i < m; i++)
        {
            if (t[i] == ignoreIndex)
            {
                continue;
            }
            float wt = w is null ? 1f : w[t[i]];
            float li = -keep * wt * lp[i * c + t[i]];
            if (smooth is not null)
            {
                li += spread * smooth[i];
            }
            total += li;
            denominator += wt;
            if (perSample is not null)
            {
                perSample[i] = li;
            }
        }
        Tensor loss = Reduced(perSample, total, denominator, reduction);
        return Tensor.Record(loss, smoothing > 0f ? "AddBackward0" : "NllLossBackward0", [logits], g =>
        {
            float[] s = SampleScales(g, m, reduction, denominator);
            double weightTotal = 0;
            if (w is null)
            {
                weightTotal = c;
            }
            else
            {
                foreach (float v in w)
                {
                    weightTotal += v;
                }
            }
            ReadOnlySpan<int> tt = targets.Span;
            var alpha = new float[m];
            float[] beta = smoothing > 0f ? new float[m] : alpha; // unread without smoothing (no dense term)
            for (int i = 0; i < m; i++)
            {
                if (tt[i] != ignoreIndex)
                {
                    // Row i's loss is −Σ_j a_j·log p_j with a = (1 − ε)·w[t]·onehot(t) + (ε/C)·w, so its gradient is
                    // (Σ_j a_j)·p − a: the kernel writes the dense part, the target term is subtracted below.
                    float wt = w is null ? 1f : w[tt[i]];
                    alpha[i] = (float)(s[i] * (keep * wt + spread * weightTotal));
                    if (smoothing > 0f)
                    {
                        beta[i] = s[i] * spread;
                    }
                }
            }
            ReadOnlySpan<float> dense = smoothing > 0f ? (w ?? Ones(c)) : default;
            Tensor grad = Tensor.Empty([m, c]);
            Tensor.Backend.SoftmaxCrossEntropyBackward(logProbs.ContiguousSpan, m, c, alpha, beta, dense, grad.ContiguousSpan);
            Span<float> gs = grad.ContiguousSpan;
            for (int i = 0; i < m; i++)
            {
                if (tt[i] != ignoreIndex)
                {
                    gs[i * c + tt[i]] -= s[i] * keep * (w is null ? 1f : w[tt[i]]);
                }
            }
            return [grad];
        });
    }

    private static Tensor ProbabilityCrossEntropy(Tensor logits, Tensor targets, float[]? w, Reduction reduction, float smoothing)
    {
        int m = logits.Shape[0], c = logits.Shape[1];
        Tensor x = logits.IsContiguous ? logits : logits.Materialize();
        Tensor logProbs = Tensor.Empty([m, c]);
        Tensor.Backend.SoftmaxRows(x.ContiguousSpan, m, c, logProbs.ContiguousSpan, log: true);
        float[] lp = logProbs.ToArray();
        float[] tv = targets.ToArray();
        float keep = 1f - smoothing, spread = smoothing / c;
        // a[i, j] = w[j]·((1 − ε)·t[i, j] + ε/C): the loss of row i is −Σ_j a[i, j]·log p[i, j].
        var a = new float[m * c];
        var rowTotals = new float[m];
        var perSample = new float[m];
        double total = 0;
        for (int i = 0; i < m; i++)
        {
            double li = 0, sumA = 0;
            for (int j = 0; j < c; j++)
            {
                float aij = (keep * tv[i * c + j] + spread) * (w is null ? 1f : w[j]);
                a[i * c + j] = aij;
                sumA += aij;
                li -= (double)aij * lp[i * c + j];
            }
            rowTotals[i] = (float)sumA;
            perSample[i] = (float)li;
            total += perSample[i];
        }
        Tensor loss = Reduced(reduction == Reduction.None ? perSample : null, total, m, reduction);
        string name = reduction == Reduction.Mean ? "DivBackward1" : "NegBackward0";
        return Tensor.Record(loss, name, [logits, targets], g =>
        {
            float[] s = SampleScales(g, m, reduction, m);
            Tensor? dx = null, dt = null;
            if (logits.RequiresGrad)
            {
                var alpha = new float[m];
                for (int i = 0; i < m; i++)
                {
                    alpha[i] = s[i] * rowTotals[i];
                }
                dx = Tensor.Empty([m, c]);
                Tensor.Backend.SoftmaxCrossEntropyBackward(logProbs.ContiguousSpan, m, c, alpha, alpha, default, dx.ContiguousSpan);
                Span<float> d = dx.ContiguousSpan;
                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < c; j++)
                    {
                        d[i * c + j] -= s[i] * a[i * c + j];
                    }
                }
            }
            if (targets.RequiresGrad)
            {
                var d = new float[m * c];
                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < c; j++)
                    {
                        d[i * c + j] = -s[i] * keep * (w is null ? 1f : w[j]) * lp[i * c + j];
                    }
                }
                dt = Tensor.FromArray(d, m, c);
            }
            return [dx, dt];
        });
    }

    /// <summary>−Σ_c w[c]·logProbs[r, c] for each row (−Σ_c logProbs[r, c] without weights).</summary>
    private static float[] NegatedWeightedRowSums(Tensor logProbs, float[]? w)
    {
        int m = logProbs.Shape[0], c = logProbs.Shape[1];
        var sums = new float[m];
        if (w is null)
        {
            Tensor.Backend.ReduceRows(ReduceOp.Sum, logProbs.ContiguousSpan, m, c, sums);
        }
        else
        {
            // A matrix-vector product [M, C]·[C, 1]: the GEMM is the backend's dot product of many rows with one vector.
            Tensor.Backend.Gemm(false, false, m, 1, c, 1f, logProbs.ContiguousSpan, c, w, 1, 0f, sums, 1);
        }
        for (int i = 0; i < m; i++)
        {
            sums[i] = -sums[i];
        }
        return sums;
    }

    /// <summary>
    /// The class-indexed input as [M, C] rows, through differentiable views: [C] → [1, C], [N, C] as is,
    /// [N, C, d1, ...] → [N·d1·..., C]; and the shape of one loss per sample.
    /// </summary>
    private static (Tensor Rows, int[] SampleShape) ClassesLast(Tensor input, string op)
    {
        switch (input.Dim)
        {
            case 0:
                throw new ArgumentException($"{op}: expected an input of shape [C], [N, C] or [N, C, d1, ...], got a 0-d tensor.");
            case 1:
                return (input.Reshape(1, input.Shape[0]), []);
            case 2:
                return (input, [input.Shape[0]]);
            default:
                int c = input.Shape[1];
                int[] sampleShape = [input.Shape[0], .. input.Shape[2..]];
                return (input.MoveDim(1, -1).Reshape(ShapeMath.NumElements(sampleShape), c), sampleShape);
        }
    }

    private static Tensor SampleShaped(Tensor loss, int[] sampleShape, Reduction reduction) =>
        reduction == Reduction.None && !loss.Shape.SequenceEqual(sampleShape) ? loss.Reshape(sampleShape) : loss;

    private static void CheckIndexTargets(IndexTensor targets, int[] sampleShape, Tensor input, int classes, int ignoreIndex, string op)
    {
        if (!targets.Shape.SequenceEqual(sampleShape))
        {
            throw new ArgumentException(
                $"{op}: expected targets of shape {ShapeMath.Format(sampleShape)} for input {ShapeMath.Format(input.Shape)}, got {ShapeMath.Format(targets.Shape)}.");
        }
        CheckClassRange(targets, classes, ignoreIndex, op);
    }

    private static void CheckClassRange(IndexTensor targets, int classes, int? ignoreIndex, string op)
    {
        ReadOnlySpan<int> t = targets.Span;
        for (int i = 0; i < t.Length; i++)
        {
            if ((uint)t[i] >= (uint)classes && t[i] != ignoreIndex)
            {
                string ignored = ignoreIndex is { } ii ? $" (ignore index {ii})" : "";
                throw new ArgumentException(
                    $"{op}: target {t[i]} at position {Position(i, targets.Shape)} is out of range for {classes} classes{ignored}.");
            }
        }
    }

    /// <summary>A flat index as a position: <c>3</c> for 1-d targets, <c>[1, 2]</c> for targets of higher rank.</summary>
    private static string Position(int flat, ReadOnlySpan<int> shape)
    {
        if (shape.Length <= 1)
        {
            return flat.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var index = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return ShapeMath.Format(index);
    }

    private static float[]? ClassWeights(Tensor? weight, int classes, string op)
    {
        if (weight is null)
        {
            return null;
        }
        if (weight.Dim != 1 || weight.Shape[0] != classes)
        {
            throw new ArgumentException($"{op}: expected a class weight of shape [{classes}], got {ShapeMath.Format(weight.Shape)}.");
        }
        return weight.ToArray();
    }

    private static void CheckLabelSmoothing(float labelSmoothing, string op)
    {
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, $"{op}: label smoothing must be between 0 and 1.");
        }
    }

    private static void CheckSameShape(Tensor input, Tensor target, string op)
    {
        if (!input.Shape.SequenceEqual(target.Shape))
        {
            throw new ArgumentException(
                $"{op}: the target's shape {ShapeMath.Format(target.Shape)} must be the input's shape {ShapeMath.Format(input.Shape)}.");
        }
    }

    /// <summary>The values of <paramref name="t"/> broadcast to <paramref name="shape"/>, row-major.</summary>
    private static float[] Broadcast(Tensor t, int[] shape, string what, string op)
    {
        bool fits = t.Dim <= shape.Length;
        for (int i = 1; fits && i <= t.Dim; i++)
        {
            fits = t.Shape[^i] == 1 || t.Shape[^i] == shape[^i];
        }
        if (!fits)
        {
            throw new ArgumentException(
                $"{op}: the {what} of shape {ShapeMath.Format(t.Shape)} does not broadcast to the input's shape {ShapeMath.Format(shape)}.");
        }
        var values = new float[ShapeMath.NumElements(shape)];
        Tensor.Backend.Copy(t.Layout.BroadcastTo(shape), values);
        return values;
    }

    /// <summary>The loss tensor: the per-sample values, their sum, or their sum over <paramref name="denominator"/>.</summary>
    private static Tensor Reduced(float[]? perSample, double total, double denominator, Reduction reduction) => reduction switch
    {
        Reduction.None => Tensor.FromArray(perSample!, perSample!.Length),
        Reduction.Sum => Tensor.Scalar((float)total),
        // 0/0 is NaN, as in PyTorch when every target is ignored or the batch is empty.
        Reduction.Mean => Tensor.Scalar((float)(total / denominator)),
        _ => throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "Unknown reduction."),
    };

    /// <summary>The upstream gradient of each sample's loss: g[i] without reduction, g for the sum, g/denominator for the mean.</summary>
    private static float[] SampleScales(Tensor g, int count, Reduction reduction, double denominator)
    {
        if (reduction == Reduction.None)
        {
            return g.ToArray();
        }
        double v = g.ToArray()[0];
        var s = new float[count];
        Array.Fill(s, (float)(reduction == Reduction.Mean ? v / denominator : v));
        return s;
    }

    private static float[] Ones(int n)
    {
        var ones = new float[n];
        Array.Fill(ones, 1f);
        return ones;
    }

    /// <summary>softplus(−x) = log(1 + e^−x) = max(−x, 0) + log1p(e^−|x|), finite for every finite x.</summary>
    private static float SoftplusOfNegative(float x) => MathF.Max(-x, 0f) + (float)Math.Log(1.0 + Math.Exp(-Math.Abs((double)x)));

    private static float StableSigmoid(float x)
    {
        if (x >= 0)
        {
            return 1f / (1f + MathF.Exp(-x));
        }
        float e = MathF.Exp(x);
        return e / (1f + e);
    }
}
