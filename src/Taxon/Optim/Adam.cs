namespace Taxon.Optim;

/// <summary>
/// Adam (Kingma and Ba 2015, "Adam: A Method for Stochastic Optimization"), with the AMSGrad variant (Reddi, Kale and
/// Kumar 2018, "On the Convergence of Adam and Beyond") — PyTorch's <c>torch.optim.Adam</c>.
/// <para>
/// Update at step t: gₜ ← gₜ + λθₜ₋₁; mₜ = β₁mₜ₋₁ + (1 − β₁)gₜ; vₜ = β₂vₜ₋₁ + (1 − β₂)gₜ²;
/// v̂ = vₜ, or with AMSGrad v̂ₜ = max(v̂ₜ₋₁, vₜ); θₜ = θₜ₋₁ − η/(1 − β₁ᵗ) · mₜ / (√v̂ / √(1 − β₂ᵗ) + ε).
/// (ε is added after the bias correction of v, as in PyTorch.)
/// </para>
/// <para>Defaults (PyTorch 1.13): lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0, amsgrad false.</para>
/// State: <c>exp_avg</c> (m), <c>exp_avg_sq</c> (v), <c>max_exp_avg_sq</c> (AMSGrad).
/// </summary>
public sealed class Adam : Optimizer
{
    /// <summary>Adam over <paramref name="parameters"/> in one group, with PyTorch's defaults unless <paramref name="options"/> are given.</summary>
    public Adam(IEnumerable<Tensor> parameters, AdamOptions? options = null)
        : this([new ParamGroup(parameters)], options)
    {
    }

    /// <summary>Adam over several groups; groups without options get <paramref name="defaults"/>.</summary>
    public Adam(IEnumerable<ParamGroup> paramGroups, AdamOptions? defaults = null)
        : base(paramGroups, defaults ?? new AdamOptions())
    {
    }

    /// <inheritdoc />
    protected override void Update(Tensor parameter, Tensor grad, ParameterState state, ParamGroup group)
    {
        var o = (AdamOptions)group.Options!;
        Tensor g = EffectiveGrad(grad, parameter, o.Maximize, o.WeightDecay);
        AdaptiveStep(parameter, g, state, group.LearningRate, o.Beta1, o.Beta2, o.Eps, o.Amsgrad);
    }

    /// <inheritdoc />
    protected override void Validate(OptimizerOptions options)
    {
        var o = (AdamOptions)options;
        ValidateAdam(o.LearningRate, o.Beta1, o.Beta2, o.Eps, o.WeightDecay);
    }

    /// <summary>The moment updates and the bias-corrected step that Adam and AdamW share.</summary>
    internal static void AdaptiveStep(Tensor parameter, Tensor g, ParameterState state, double lr, double beta1, double beta2, double eps, bool amsgrad)
    {
        Tensor expAvg = Buffer(state, "exp_avg", parameter);
        Tensor expAvgSq = Buffer(state, "exp_avg_sq", parameter);
        double step = state.Step;
        double biasCorrection1 = 1 - Math.Pow(beta1, step);
        double biasCorrection2 = 1 - Math.Pow(beta2, step);
        double stepSize = lr / biasCorrection1;
        double biasCorrection2Sqrt = Math.Sqrt(biasCorrection2);
        if (!amsgrad && Tensor.CanFuseInPlace(parameter, g, expAvg, expAvgSq))
        {
            // One pass instead of five, with the same arithmetic as the composed form below.
            Kernels.AdamKernel.Step(parameter.ContiguousSpan, g.ContiguousSpan, expAvg.ContiguousSpan, expAvgSq.ContiguousSpan,
                (float)beta1, (float)(1 - beta1), (float)beta2, (float)(1 - beta2), (float)biasCorrection2Sqrt, (float)eps, (float)-stepSize);
            Tensor.BumpVersions(parameter, expAvg, expAvgSq);
            return;
        }
        expAvg.Mul_((float)beta1).Add_(g, (float)(1 - beta1));
        expAvgSq.Mul_((float)beta2).Add_(g.Square(), (float)(1 - beta2));

        Tensor second = expAvgSq;
        if (amsgrad)
        {
            // torch.maximum(max, v, out=max): the fresh maximum replaces the buffer rather than being copied into it.
            second = state.Buffers.TryGetValue("max_exp_avg_sq", out Tensor? max) ? max.Maximum(expAvgSq) : expAvgSq.Clone();
            state.Buffers["max_exp_avg_sq"] = second;
        }
        Tensor denom = second.Sqrt().Div_((float)biasCorrection2Sqrt).Add_((float)eps);
        parameter.Add_(expAvg.Div(denom), (float)-stepSize);
    }

    internal static void ValidateAdam(double lr, double beta1, double beta2, double eps, double weightDecay)
    {
        OptionChecks.NonNegative(lr, "learning rate");
        OptionChecks.NonNegative(eps, "epsilon value");
        OptionChecks.Beta(beta1, 0);
        OptionChecks.Beta(beta2, 1);
        OptionChecks.NonNegative(weightDecay, "weight_decay value");
    }
}
