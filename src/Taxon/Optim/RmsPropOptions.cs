namespace Taxon.Optim;

/// <summary>The options of <see cref="RmsProp"/>, with PyTorch's defaults (<c>torch.optim.RMSprop</c>).</summary>
/// <param name="LearningRate">η (lr), default 1e-2.</param>
/// <param name="Alpha">α, the decay of the running average of squared gradients (alpha), default 0.99.</param>
/// <param name="Eps">ε, added to the denominator (eps), default 1e-8.</param>
/// <param name="WeightDecay">λ, the L2 penalty added to the gradient (weight_decay), default 0.</param>
/// <param name="Momentum">μ, momentum applied to the normalised gradient (momentum), default 0.</param>
/// <param name="Centered">Normalise by an estimate of the gradient's variance instead of its second moment (centered), default false.</param>
/// <param name="Maximize">Maximise the objective instead of minimising it (maximize).</param>
public sealed record RmsPropOptions(
    double LearningRate = 1e-2,
    double Alpha = 0.99,
    double Eps = 1e-8,
    double WeightDecay = 0,
    double Momentum = 0,
    bool Centered = false,
    bool Maximize = false) : OptimizerOptions(LearningRate);
