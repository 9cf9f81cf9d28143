namespace Taxon.Optim;

/// <summary>
/// Adadelta (Zeiler 2012, "ADADELTA: An Adaptive Learning Rate Method"): Adagrad's denominator replaced by a decaying
/// average of squared gradients, and the units corrected by a decaying average of squared updates —
/// PyTorch's <c>torch.optim.Adadelta</c>.
/// <para>
/// Update: gₜ ← gₜ + λθₜ₋₁; vₜ = ρvₜ₋₁ + (1 − ρ)gₜ²; Δₜ = √(uₜ₋₁ + ε) / √(vₜ + ε) · gₜ; uₜ = ρuₜ₋₁ + (1 − ρ)Δₜ²;
/// θₜ = θₜ₋₁ − η Δₜ.
/// </para>
/// <para>Defaults (PyTorch 1.13): lr 1.0, rho 0.9, eps 1e-6, weight_decay 0.</para>
/// State: <c>square_avg</c> (v), <c>acc_delta</c> (u).
/// </summary>
public sealed class Adadelta : Optimizer
{
    /// <summary>Adadelta over <paramref name="parameters"/> in one group, with PyTorch's defaults unless <paramref name="options"/> are given.</summary>
    public Adadelta(IEnumerable<Tensor> parameters, AdadeltaOptions? options = null)
        : this([new ParamGroup(parameters)], options)
    {
    }

    /// <summary>Adadelta over several groups; groups without options get <paramref name="defaults"/>.</summary>
    public Adadelta(IEnumerable<ParamGroup> paramGroups, AdadeltaOptions? defaults = null)
        : base(paramGroups, defaults ?? new AdadeltaOptions())
    {
    }

    /// <inheritdoc />
    protected override void Update(Tensor parameter, Tensor grad, ParameterState state, ParamGroup group)
    {
        var o = (AdadeltaOptions)group.Options!;
        Tensor g = EffectiveGrad(grad, parameter, o.Maximize, o.WeightDecay);
        Tensor squareAvg = Buffer(state, "square_avg", parameter);
        Tensor accDelta = Buffer(state, "acc_delta", parameter);
        float rho = (float)o.Rho, eps = (float)o.Eps, keep = (float)(1 - o.Rho);
        squareAvg.Mul_(rho).Add_(g.Square(), keep);
        Tensor std = squareAvg.Add(eps).Sqrt();
        Tensor delta = accDelta.Add(eps).Sqrt().Div_(std).Mul_(g);
        accDelta.Mul_(rho).Add_(delta.Square(), keep);
        parameter.Add_(delta, (float)-group.LearningRate);
    }

    /// <inheritdoc />
    protected override void Validate(OptimizerOptions options)
    {
        var o = (AdadeltaOptions)options;
        OptionChecks.NonNegative(o.LearningRate, "learning rate");
        OptionChecks.InClosedUnit(o.Rho, "rho value");
        OptionChecks.NonNegative(o.Eps, "epsilon value");
        OptionChecks.NonNegative(o.WeightDecay, "weight_decay value");
    }
}
