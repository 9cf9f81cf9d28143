namespace Taxon.Optim;

/// <summary>The options of <see cref="Adadelta"/>, with PyTorch's defaults (<c>torch.optim.Adadelta</c>).</summary>
/// <param name="LearningRate">η, which scales the delta (lr), default 1.0 (Zeiler's method has no learning rate).</param>
/// <param name="Rho">ρ, the decay of the running averages (rho), default 0.9.</param>
/// <param name="Eps">ε, added inside both square roots (eps), default 1e-6.</param>
/// <param name="WeightDecay">λ, the L2 penalty added to the gradient (weight_decay), default 0.</param>
/// <param name="Maximize">Maximise the objective instead of minimising it (maximize).</param>
public sealed record AdadeltaOptions(
    double LearningRate = 1.0,
    double Rho = 0.9,
    double Eps = 1e-6,
    double WeightDecay = 0,
    bool Maximize = false) : OptimizerOptions(LearningRate);
