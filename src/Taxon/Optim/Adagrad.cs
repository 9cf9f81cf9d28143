namespace Taxon.Optim;

/// <summary>
/// Adagrad (Duchi, Hazan and Singer 2011, "Adaptive Subgradient Methods for Online Learning and Stochastic
/// Optimization"): per-coordinate learning rates that shrink with the sum of the squared gradients seen, so rare
/// features take large steps — PyTorch's <c>torch.optim.Adagrad</c>.
/// <para>
/// Update at step t: gₜ ← gₜ + λθₜ₋₁; η̃ = η / (1 + (t − 1)·lr_decay); sₜ = sₜ₋₁ + gₜ²;
/// θₜ = θₜ₋₁ − η̃ gₜ / (√sₜ + ε), with s₀ = initial_accumulator_value.
/// </para>
/// <para>Defaults (PyTorch 1.13): lr 1e-2, lr_decay 0, weight_decay 0, initial_accumulator_value 0, eps 1e-10.</para>
/// State: <c>sum</c>.
/// </summary>
public sealed class Adagrad : Optimizer
{
    /// <summary>Adagrad over <paramref name="parameters"/> in one group, with PyTorch's defaults unless <paramref name="options"/> are given.</summary>
    public Adagrad(IEnumerable<Tensor> parameters, AdagradOptions? options = null)
        : this([new ParamGroup(parameters)], options)
    {
    }

    /// <summary>Adagrad over several groups; groups without options get <paramref name="defaults"/>.</summary>
    public Adagrad(IEnumerable<ParamGroup> paramGroups, AdagradOptions? defaults = null)
        : base(paramGroups, defaults ?? new AdagradOptions())
    {
    }

    /// <inheritdoc />
    protected override void Update(Tensor parameter, Tensor grad, ParameterState state, ParamGroup group)
    {
        var o = (AdagradOptions)group.Options!;
        Tensor g = EffectiveGrad(grad, parameter, o.Maximize, o.WeightDecay);
        double clr = group.LearningRate / (1 + (state.Step - 1) * o.LearningRateDecay);
        Tensor sum = Buffer(state, "sum", parameter, (float)o.InitialAccumulatorValue);
        sum.Add_(g.Square());
        Tensor std = sum.Sqrt().Add_((float)o.Eps);
        parameter.Add_(g.Div(std), (float)-clr);
    }

    /// <inheritdoc />
    protected override void Validate(OptimizerOptions options)
    {
        var o = (AdagradOptions)options;
        OptionChecks.NonNegative(o.LearningRate, "learning rate");
        OptionChecks.NonNegative(o.LearningRateDecay, "lr_decay value");
        OptionChecks.NonNegative(o.WeightDecay, "weight_decay value");
        OptionChecks.NonNegative(o.InitialAccumulatorValue, "initial_accumulator_value value");
        OptionChecks.NonNegative(o.Eps, "epsilon value");
    }
}
