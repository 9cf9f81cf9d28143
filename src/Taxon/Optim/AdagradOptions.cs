namespace Taxon.Optim;

/// <summary>The options of <see cref="Adagrad"/>, with PyTorch's defaults (<c>torch.optim.Adagrad</c>).</summary>
/// <param name="LearningRate">η (lr), default 1e-2.</param>
/// <param name="LearningRateDecay">The learning rate at step t is η / (1 + (t − 1)·decay) (lr_decay), default 0.</param>
/// <param name="WeightDecay">λ, the L2 penalty added to the gradient (weight_decay), default 0.</param>
/// <param name="InitialAccumulatorValue">The starting value of the sum of squared gradients (initial_accumulator_value), default 0.</param>
/// <param name="Eps">ε, added to the denominator for stability (eps), default 1e-10.</param>
/// <param name="Maximize">Maximise the objective instead of minimising it (maximize).</param>
public sealed record AdagradOptions(
    double LearningRate = 1e-2,
    double LearningRateDecay = 0,
    double WeightDecay = 0,
    double InitialAccumulatorValue = 0,
    double Eps = 1e-10,
    bool Maximize = false) : OptimizerOptions(LearningRate);
