namespace Taxon;

/// <summary>Losses and functions on tensors that are not methods of <see cref="Tensor"/> (PyTorch: <c>torch.nn.functional</c>).</summary>
public static partial class Functional
{
    /// <summary>
    /// Mean cross-entropy of logits [N, C] against class indices [N], fused: log-softmax and the negative
    /// log-likelihood in one pass, with gradient (softmax − one-hot)/N (PyTorch: <c>F.cross_entropy</c>).
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, IndexTensor targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        CheckTargets(logits, targets, "CrossEntropy");
        int n = logits.Shape[0], c = logits.Shape[1];
        Tensor logProbs;
        using (Autograd.NoGrad())
        {
            logProbs = logits.LogSoftmax(1);
        }
        ReadOnlySpan<float> lp = logProbs.ContiguousSpan;
        ReadOnlySpan<int> t = targets.Span;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total -= lp[i * c + t[i]];
        }
        Tensor loss = Tensor.Scalar((float)(total / n));
        return Tensor.Record(loss, "NllLossBackward0", [logits], g =>
        {
            Tensor grad = logProbs.Exp();
            Span<float> gs = grad.ContiguousSpan;
            for (int i = 0; i < n; i++)
            {
                gs[i * c + targets.Span[i]] -= 1f;
            }
            return [grad.Mul(g.Div(n))];
        }, logProbs);
    }

    /// <summary>Mean negative log-likelihood of log-probabilities [N, C] at class indices [N] (PyTorch: <c>F.nll_loss</c>).</summary>
    public static Tensor NllLoss(Tensor logProbs, IndexTensor targets)
    {
        ArgumentNullException.ThrowIfNull(logProbs);
        ArgumentNullException.ThrowIfNull(targets);
        CheckTargets(logProbs, targets, "NllLoss");
        int n = logProbs.Shape[0];
        return logProbs.Gather(1, targets.Reshape(n, 1)).Mean().Neg();
    }

    private static void CheckTargets(Tensor input, IndexTensor targets, string op)
    {
        if (input.Dim != 2 || targets.Dim != 1 || targets.Shape[0] != input.Shape[0])
        {
            throw new ArgumentException(
                $"{op}: expected input [N, C] and targets [N], got {ShapeMath.Format(input.Shape)} and {ShapeMath.Format(targets.Shape)}.");
        }
        int c = input.Shape[1];
        ReadOnlySpan<int> t = targets.Span;
        for (int i = 0; i < t.Length; i++)
        {
            if ((uint)t[i] >= (uint)c)
            {
                throw new ArgumentException($"{op}: target {t[i]} at position {i} is out of range for {c} classes.");
            }
        }
    }
}
