namespace Taxon.Optim;

/// <summary>
/// AdamW (Loshchilov and Hutter 2019, "Decoupled Weight Decay Regularization"): Adam whose weight decay shrinks the
/// parameters directly instead of entering the gradient, so the adaptive denominator does not weaken it —
/// PyTorch's <c>torch.optim.AdamW</c>, with AMSGrad as an option.
/// <para>
/// Update at step t: θₜ₋₁ ← θₜ₋₁(1 − ηλ); then Adam's update without L2 term: mₜ = β₁mₜ₋₁ + (1 − β₁)gₜ;
/// vₜ = β₂vₜ₋₁ + (1 − β₂)gₜ²; v̂ = vₜ or (AMSGrad) max(v̂ₜ₋₁, vₜ); θₜ = θₜ₋₁ − η/(1 − β₁ᵗ) · mₜ / (√v̂ / √(1 − β₂ᵗ) + ε).
/// </para>
/// <para>Defaults (PyTorch 1.13): lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 1e-2, amsgrad false.</para>
/// State: <c>exp_avg</c>, <c>exp_avg_sq</c>, <c>max_exp_avg_sq</c> (AMSGrad).
/// </summary>
public sealed class AdamW : Optimizer
{
    /// <summary>AdamW over <paramref name="parameters"/> in one group, with PyTorch's defaults unless <paramref name="options"/> are given.</summary>
    public AdamW(IEnumerable<Tensor> parameters, AdamWOptions? options = null)
        : this([new ParamGroup(parameters)], options)
    {
    }

    /// <summary>AdamW over several groups; groups without options get <paramref name="defaults"/>.</summary>
    public AdamW(IEnumerable<ParamGroup> paramGroups, AdamWOptions? defaults = null)
        : base(paramGroups, defaults ?? new AdamWOptions())
    {
    }

    /// <inheritdoc />
    protected override void Update(Tensor parameter, Tensor grad, ParameterState state, ParamGroup group)
    {
        var o = (AdamWOptions)group.Options!;
        Tensor g = o.Maximize ? grad.Neg() : grad;
        if (o.WeightDecay != 0)
        {
            parameter.Mul_((float)(1 - group.LearningRate * o.WeightDecay));
        }
        Adam.AdaptiveStep(parameter, g, state, group.LearningRate, o.Beta1, o.Beta2, o.Eps, o.Amsgrad);
    }

    /// <inheritdoc />
    protected override void Validate(OptimizerOptions options)
    {
        var o = (AdamWOptions)options;
        Adam.ValidateAdam(o.LearningRate, o.Beta1, o.Beta2, o.Eps, o.WeightDecay);
    }
}
