namespace Taxon.Optim;

/// <summary>The options of <see cref="NAdam"/>, with PyTorch's defaults (<c>torch.optim.NAdam</c>).</summary>
/// <param name="LearningRate">η (lr), default 2e-3.</param>
/// <param name="Beta1">β₁, the base momentum (betas[0]), default 0.9.</param>
/// <param name="Beta2">β₂, the decay of the second-moment average (betas[1]), default 0.999.</param>
/// <param name="Eps">ε, added to the denominator (eps), default 1e-8.</param>
/// <param name="WeightDecay">λ, the L2 penalty added to the gradient (weight_decay), default 0.</param>
/// <param name="MomentumDecay">ψ, the momentum schedule's decay (momentum_decay), default 4e-3.</param>
public sealed record NAdamOptions(
    double LearningRate = 2e-3,
    double Beta1 = 0.9,
    double Beta2 = 0.999,
    double Eps = 1e-8,
    double WeightDecay = 0,
    double MomentumDecay = 4e-3) : OptimizerOptions(LearningRate);
