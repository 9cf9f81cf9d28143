namespace Taxon.Optim;

/// <summary>The options of <see cref="Adam"/>, with PyTorch's defaults (<c>torch.optim.Adam</c>).</summary>
/// <param name="LearningRate">η (lr), default 1e-3.</param>
/// <param name="Beta1">β₁, the decay of the first-moment average (betas[0]), default 0.9.</param>
/// <param name="Beta2">β₂, the decay of the second-moment average (betas[1]), default 0.999.</param>
/// <param name="Eps">ε, added to the denominator (eps), default 1e-8.</param>
/// <param name="WeightDecay">λ, the L2 penalty added to the gradient (weight_decay), default 0; see <see cref="AdamW"/> for decoupled decay.</param>
/// <param name="Amsgrad">Use the maximum of all second-moment estimates so far (AMSGrad, Reddi et al. 2018), default false.</param>
/// <param name="Maximize">Maximise the objective instead of minimising it (maximize).</param>
public sealed record AdamOptions(
    double LearningRate = 1e-3,
    double Beta1 = 0.9,
    double Beta2 = 0.999,
    double Eps = 1e-8,
    double WeightDecay = 0,
    bool Amsgrad = false,
    bool Maximize = false) : OptimizerOptions(LearningRate);
