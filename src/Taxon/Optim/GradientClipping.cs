namespace Taxon.Optim;

/// <summary>
/// Gradient clipping (PyTorch: <c>torch.nn.utils.clip_grad_norm_</c> and <c>clip_grad_value_</c>), between
/// <see cref="Tensor.Backward"/> and <see cref="Optimizer.Step()"/>: it bounds the step when gradients explode, as in
/// RNN training (Pascanu, Mikolov and Bengio 2013, "On the difficulty of training recurrent neural networks").
/// Parameters whose gradient is null are ignored.
/// </summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients together so that their joint p-norm (as if concatenated into one vector) is at most
    /// <paramref name="maxNorm"/>: each gradient is multiplied by min(1, maxNorm / (norm + 10⁻⁶)). Returns the norm
    /// before clipping, 0 when no parameter has a gradient. <paramref name="normType"/> is p &gt; 0 or
    /// <see cref="float.PositiveInfinity"/> for the largest absolute value. A non-finite norm makes the gradients NaN
    /// or zero, as in PyTorch, unless <paramref name="errorIfNonfinite"/> asks for an exception instead.
    /// </summary>
    public static float ClipGradNorm(IEnumerable<Tensor> parameters, float maxNorm, float normType = 2f, bool errorIfNonfinite = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "ClipGradNorm: max_norm must be a non-negative number.");
        }
        if (!(normType > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(normType), normType, "ClipGradNorm: norm_type must be positive or +infinity.");
        }
        List<Tensor> grads = Gradients(parameters);
        if (grads.Count == 0)
        {
            return 0f;
        }

        float total;
        using (Autograd.NoGrad())
        {
            if (float.IsPositiveInfinity(normType))
            {
                total = float.NegativeInfinity;
                foreach (Tensor g in grads)
                {
                    float m = g.NumElements == 0 ? 0f : g.Abs().Max().Item();
                    total = float.IsNaN(m) || float.IsNaN(total) ? float.NaN : Math.Max(total, m);
                }
            }
            else
            {
                // As PyTorch: the norm of the per-tensor norms, each rounded to float32.
                double sum = 0;
                foreach (Tensor g in grads)
                {
                    sum += Math.Pow(TensorNorm(g, normType), normType);
                }
                total = (float)Math.Pow(sum, 1.0 / normType);
            }
        }
        if (errorIfNonfinite && !float.IsFinite(total))
        {
            throw new InvalidOperationException(
                $"ClipGradNorm: the total norm of order {normType} of the gradients is non-finite ({total}), so it cannot be clipped. " +
                "Pass errorIfNonfinite: false to scale the gradients by the non-finite norm anyway.");
        }
        // Float32 arithmetic as PyTorch's tensors; MathF.Min keeps a NaN coefficient, which then spreads to the gradients as there.
        float coefficient = MathF.Min(maxNorm / (total + 1e-6f), 1f);
        if (coefficient != 1f)
        {
            using (Autograd.NoGrad())
            {
                foreach (Tensor g in grads)
                {
                    g.Mul_(coefficient);
                }
            }
        }
        return total;
    }

    /// <summary>Clamps every gradient element into [−<paramref name="clipValue"/>, <paramref name="clipValue"/>] in place.</summary>
    public static void ClipGradValue(IEnumerable<Tensor> parameters, float clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(clipValue >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(clipValue), clipValue, "ClipGradValue: clip_value must be a non-negative number.");
        }
        using (Autograd.NoGrad())
        {
            foreach (Tensor g in Gradients(parameters))
            {
                g.Clamp_(-clipValue, clipValue);
            }
        }
    }

    private static List<Tensor> Gradients(IEnumerable<Tensor> parameters)
    {
        var grads = new List<Tensor>();
        foreach (Tensor p in parameters)
        {
            ArgumentNullException.ThrowIfNull(p, nameof(parameters));
            if (p.Grad is { } g)
            {
                grads.Add(g);
            }
        }
        return grads;
    }

    /// <summary>‖g‖ₚ of one tensor, in float32 as torch.norm computes it.</summary>
    private static float TensorNorm(Tensor g, float p)
    {
        if (g.NumElements == 0)
        {
            return 0f;
        }
        return p switch
        {
            1f => g.Abs().Sum().Item(),
            2f => MathF.Sqrt(g.Square().Sum().Item()),
            _ => (float)Math.Pow(g.Abs().Pow(p).Sum().Item(), 1.0 / p),
        };
    }
}
