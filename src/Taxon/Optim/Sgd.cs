namespace Taxon.Optim;

/// <summary>
/// Stochastic gradient descent, optionally with momentum (Polyak 1964) or Nesterov momentum (Sutskever et al. 2013,
/// "On the importance of initialization and momentum in deep learning") — PyTorch's <c>torch.optim.SGD</c>.
/// <para>
/// Update, with gradient gₜ, learning rate η, momentum μ, dampening τ, weight decay λ:
/// gₜ ← gₜ + λθₜ₋₁; bₜ ← gₜ at the first step, else μbₜ₋₁ + (1 − τ)gₜ; gₜ ← gₜ + μbₜ (Nesterov) or bₜ;
/// θₜ ← θₜ₋₁ − η gₜ. As in PyTorch the learning rate multiplies the buffer rather than being folded into it (which
/// differs from Sutskever et al. and some frameworks when the learning rate changes).
/// </para>
/// <para>Defaults (PyTorch 1.13): momentum 0, dampening 0, weight decay 0, nesterov false; the learning rate has no default.</para>
/// State: <c>momentum_buffer</c> when μ ≠ 0.
/// </summary>
public sealed class Sgd : Optimizer
{
    /// <summary>SGD over <paramref name="parameters"/> in one group.</summary>
    public Sgd(IEnumerable<Tensor> parameters, SgdOptions options)
        : this([new ParamGroup(parameters)], options)
    {
    }

    /// <summary>SGD over several groups; groups without options get <paramref name="defaults"/>.</summary>
    public Sgd(IEnumerable<ParamGroup> paramGroups, SgdOptions defaults)
        : base(paramGroups, defaults)
    {
    }

    /// <inheritdoc />
    protected override void Update(Tensor parameter, Tensor grad, ParameterState state, ParamGroup group)
    {
        var o = (SgdOptions)group.Options!;
        Tensor d = EffectiveGrad(grad, parameter, o.Maximize, o.WeightDecay);
        if (o.Momentum != 0)
        {
            if (!state.Buffers.TryGetValue("momentum_buffer", out Tensor? buffer))
            {
                // The buffer starts as the (effective) gradient; a fresh one from weight decay can be adopted as is.
                buffer = ReferenceEquals(d, grad) ? d.Clone() : d;
                state.Buffers["momentum_buffer"] = buffer;
            }
            else
            {
                buffer.Mul_((float)o.Momentum).Add_(d, (float)(1 - o.Dampening));
            }
            d = o.Nesterov ? AddScaled(d, buffer, o.Momentum) : buffer;
        }
        parameter.Add_(d, (float)-group.LearningRate);
    }

    /// <inheritdoc />
    protected override void Validate(OptimizerOptions options)
    {
        var o = (SgdOptions)options;
        OptionChecks.NonNegative(o.LearningRate, "learning rate");
        OptionChecks.NonNegative(o.Momentum, "momentum value");
        OptionChecks.NonNegative(o.WeightDecay, "weight_decay value");
        if (o.Nesterov && (o.Momentum <= 0 || o.Dampening != 0))
        {
            throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening.", nameof(options));
        }
    }
}
