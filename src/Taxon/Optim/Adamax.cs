namespace Taxon.Optim;

/// <summary>
/// AdaMax (Kingma and Ba 2015, "Adam: A Method for Stochastic Optimization", section 7.1): Adam with the second
/// moment's L² norm replaced by the L∞ norm, which needs no bias correction — PyTorch's <c>torch.optim.Adamax</c>.
/// <para>
/// Update at step t: gₜ ← gₜ + λθₜ₋₁; mₜ = β₁mₜ₋₁ + (1 − β₁)gₜ; uₜ = max(β₂uₜ₋₁, |gₜ| + ε);
/// θₜ = θₜ₋₁ − η/(1 − β₁ᵗ) · mₜ/uₜ.
/// </para>
/// <para>Defaults (PyTorch 1.13): lr 2e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0.</para>
/// State: <c>exp_avg</c> (m), <c>exp_inf</c> (u).
/// </summary>
public sealed class Adamax : Optimizer
{
    /// <summary>Adamax over <paramref name="parameters"/> in one group, with PyTorch's defaults unless <paramref name="options"/> are given.</summary>
    public Adamax(IEnumerable<Tensor> parameters, AdamaxOptions? options = null)
        : this([new ParamGroup(parameters)], options)
    {
    }

    /// <summary>Adamax over several groups; groups without options get <paramref name="defaults"/>.</summary>
    public Adamax(IEnumerable<ParamGroup> paramGroups, AdamaxOptions? defaults = null)
        : base(paramGroups, defaults ?? new AdamaxOptions())
    {
    }

    /// <inheritdoc />
    protected override void Update(Tensor parameter, Tensor grad, ParameterState state, ParamGroup group)
    {
        var o = (AdamaxOptions)group.Options!;
        Tensor g = EffectiveGrad(grad, parameter, o.Maximize, o.WeightDecay);
        Tensor expAvg = Buffer(state, "exp_avg", parameter);
        Tensor expInf = Buffer(state, "exp_inf", parameter);
        expAvg.Mul_((float)o.Beta1).Add_(g, (float)(1 - o.Beta1));
        // The fresh maximum replaces the buffer (PyTorch writes torch.amax into it).
        expInf = g.Abs().Add_((float)o.Eps).Maximum(expInf.Mul_((float)o.Beta2));
        state.Buffers["exp_inf"] = expInf;
        double clr = group.LearningRate / (1 - Math.Pow(o.Beta1, state.Step));
        parameter.Add_(expAvg.Div(expInf), (float)-clr);
    }

    /// <inheritdoc />
    protected override void Validate(OptimizerOptions options)
    {
        var o = (AdamaxOptions)options;
        Adam.ValidateAdam(o.LearningRate, o.Beta1, o.Beta2, o.Eps, o.WeightDecay);
    }
}
