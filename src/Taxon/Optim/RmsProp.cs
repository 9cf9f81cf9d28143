namespace Taxon.Optim;

/// <summary>
/// RMSprop (Hinton, Srivastava and Swersky 2012, "Neural Networks for Machine Learning", lecture 6e; the centred
/// variant from Graves 2013, "Generating Sequences With Recurrent Neural Networks"): divide the gradient by a running
/// root mean square of recent gradients — PyTorch's <c>torch.optim.RMSprop</c>.
/// <para>
/// Update: gₜ ← gₜ + λθₜ₋₁; vₜ = αvₜ₋₁ + (1 − α)gₜ²; ṽ = vₜ, or when centred ṽ = vₜ − ḡₜ² with ḡₜ = αḡₜ₋₁ + (1 − α)gₜ;
/// with momentum bₜ = μbₜ₋₁ + gₜ/(√ṽ + ε) and θₜ = θₜ₋₁ − η bₜ, else θₜ = θₜ₋₁ − η gₜ/(√ṽ + ε).
/// As in PyTorch, ε is added after the square root (TensorFlow adds it inside).
/// </para>
/// <para>Defaults (PyTorch 1.13): lr 1e-2, alpha 0.99, eps 1e-8, weight_decay 0, momentum 0, centered false.</para>
/// State: <c>square_avg</c>, <c>momentum_buffer</c> (μ &gt; 0), <c>grad_avg</c> (centred).
/// </summary>
public sealed class RmsProp : Optimizer
{
    /// <summary>RMSprop over <paramref name="parameters"/> in one group, with PyTorch's defaults unless <paramref name="options"/> are given.</summary>
    public RmsProp(IEnumerable<Tensor> parameters, RmsPropOptions? options = null)
        : this([new ParamGroup(parameters)], options)
    {
    }

    /// <summary>RMSprop over several groups; groups without options get <paramref name="defaults"/>.</summary>
    public RmsProp(IEnumerable<ParamGroup> paramGroups, RmsPropOptions? defaults = null)
        : base(paramGroups, defaults ?? new RmsPropOptions())
    {
    }

    /// <inheritdoc />
    protected override void Update(Tensor parameter, Tensor grad, ParameterState state, ParamGroup group)
    {
        var o = (RmsPropOptions)group.Options!;
        Tensor g = EffectiveGrad(grad, parameter, o.Maximize, o.WeightDecay);
        float alpha = (float)o.Alpha, keep = (float)(1 - o.Alpha);
        Tensor squareAvg = Buffer(state, "square_avg", parameter);
        squareAvg.Mul_(alpha).Add_(g.Square(), keep);
        Tensor avg;
        if (o.Centered)
        {
            Tensor gradAvg = Buffer(state, "grad_avg", parameter);
            gradAvg.Mul_(alpha).Add_(g, keep);
            // v − ḡ², computed into the fresh ḡ² buffer instead of allocating another.
            avg = gradAvg.Square().Mul_(-1f).Add_(squareAvg).Sqrt();
        }
        else
        {
            avg = squareAvg.Sqrt();
        }
        avg.Add_((float)o.Eps);
        if (o.Momentum > 0)
        {
            Tensor buffer = Buffer(state, "momentum_buffer", parameter);
            buffer.Mul_((float)o.Momentum).Add_(g.Div(avg));
            parameter.Add_(buffer, (float)-group.LearningRate);
        }
        else
        {
            parameter.Add_(g.Div(avg), (float)-group.LearningRate);
        }
    }

    /// <inheritdoc />
    protected override void Validate(OptimizerOptions options)
    {
        var o = (RmsPropOptions)options;
        OptionChecks.NonNegative(o.LearningRate, "learning rate");
        OptionChecks.NonNegative(o.Eps, "epsilon value");
        OptionChecks.NonNegative(o.Momentum, "momentum value");
        OptionChecks.NonNegative(o.WeightDecay, "weight_decay value");
        OptionChecks.NonNegative(o.Alpha, "alpha value");
    }
}
