namespace Taxon.Optim;

/// <summary>
/// NAdam (Dozat 2016, "Incorporating Nesterov Momentum into Adam"): Adam with Nesterov's look-ahead momentum and a
/// warming momentum schedule — PyTorch's <c>torch.optim.NAdam</c> (1.13, which has no maximize option).
/// <para>
/// Update at step t: gₜ ← gₜ + λθₜ₋₁; μₜ = β₁(1 − ½·0.96^(tψ)); μₜ₊₁ = β₁(1 − ½·0.96^((t+1)ψ));
/// mₜ = β₁mₜ₋₁ + (1 − β₁)gₜ; vₜ = β₂vₜ₋₁ + (1 − β₂)gₜ²; d = √(vₜ/(1 − β₂ᵗ)) + ε;
/// θₜ = θₜ₋₁ − η(1 − μₜ)/(1 − ∏ᵢ₌₁ᵗ μᵢ) · gₜ/d − η μₜ₊₁/(1 − ∏ᵢ₌₁ᵗ⁺¹ μᵢ) · mₜ/d.
/// </para>
/// <para>Defaults (PyTorch 1.13): lr 2e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0, momentum_decay 4e-3.</para>
/// State: <c>exp_avg</c>, <c>exp_avg_sq</c>, and the scalar <c>mu_product</c> (∏μᵢ, kept in float32 as PyTorch keeps it).
/// </summary>
public sealed class NAdam : Optimizer
{
    /// <summary>NAdam over <paramref name="parameters"/> in one group, with PyTorch's defaults unless <paramref name="options"/> are given.</summary>
    public NAdam(IEnumerable<Tensor> parameters, NAdamOptions? options = null)
        : this([new ParamGroup(parameters)], options)
    {
    }

    /// <summary>NAdam over several groups; groups without options get <paramref name="defaults"/>.</summary>
    public NAdam(IEnumerable<ParamGroup> paramGroups, NAdamOptions? defaults = null)
        : base(paramGroups, defaults ?? new NAdamOptions())
    {
    }

    /// <inheritdoc />
    protected override void Update(Tensor parameter, Tensor grad, ParameterState state, ParamGroup group)
    {
        var o = (NAdamOptions)group.Options!;
        Tensor g = EffectiveGrad(grad, parameter, maximize: false, o.WeightDecay);
        Tensor expAvg = Buffer(state, "exp_avg", parameter);
        Tensor expAvgSq = Buffer(state, "exp_avg_sq", parameter);
        double step = state.Step;
        double lr = group.LearningRate;
        double biasCorrection2 = 1 - Math.Pow(o.Beta2, step);
        double mu = o.Beta1 * (1 - 0.5 * Math.Pow(0.96, step * o.MomentumDecay));
        double muNext = o.Beta1 * (1 - 0.5 * Math.Pow(0.96, (step + 1) * o.MomentumDecay));

        // PyTorch keeps the product in a float32 tensor: every multiplication rounds to float32.
        float muProduct = (float)state.Scalars.GetValueOrDefault("mu_product", 1.0) * (float)mu;
        float muProductNext = muProduct * (float)mu * (float)muNext;
        state.Scalars["mu_product"] = muProduct;

        expAvg.Mul_((float)o.Beta1).Add_(g, (float)(1 - o.Beta1));
        expAvgSq.Mul_((float)o.Beta2).Add_(g.Square(), (float)(1 - o.Beta2));
        Tensor denom = expAvgSq.Div((float)biasCorrection2).Sqrt().Add_((float)o.Eps);
        parameter.Add_(g.Div(denom), (float)(-lr * (1 - mu) / (1 - muProduct)));
        parameter.Add_(expAvg.Div(denom), (float)(-lr * muNext / (1 - muProductNext)));
    }

    /// <inheritdoc />
    protected override void Validate(OptimizerOptions options)
    {
        var o = (NAdamOptions)options;
        Adam.ValidateAdam(o.LearningRate, o.Beta1, o.Beta2, o.Eps, o.WeightDecay);
        OptionChecks.NonNegative(o.MomentumDecay, "momentum_decay value");
    }
}
