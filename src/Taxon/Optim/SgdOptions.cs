namespace Taxon.Optim;

/// <summary>The options of <see cref="Sgd"/> (PyTorch: <c>torch.optim.SGD</c>'s arguments; the learning rate is required, as there).</summary>
/// <param name="LearningRate">η (lr).</param>
/// <param name="Momentum">μ, the momentum factor (momentum); 0 disables momentum.</param>
/// <param name="Dampening">τ, the fraction of the gradient left out of the momentum buffer (dampening).</param>
/// <param name="WeightDecay">λ, the L2 penalty added to the gradient (weight_decay).</param>
/// <param name="Nesterov">Nesterov momentum (nesterov); needs μ &gt; 0 and τ = 0.</param>
/// <param name="Maximize">Maximise the objective instead of minimising it (maximize).</param>
public sealed record SgdOptions(
    double LearningRate,
    double Momentum = 0,
    double Dampening = 0,
    double WeightDecay = 0,
    bool Nesterov = false,
    bool Maximize = false) : OptimizerOptions(LearningRate);
