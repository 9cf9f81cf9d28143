namespace Taxon.Optim;

/// <summary>
/// Annealed Gaussian gradient noise (Neelakantan et al. 2015, "Adding Gradient Noise Improves Learning for Very Deep
/// Networks"; one of the additional strategies in Ruder's overview of gradient descent optimisation): before each
/// optimiser step, every gradient gets independent noise N(0, σₜ²) with σₜ² = η / (1 + t)^γ, where t counts the
/// steps taken so far, so the noise decays as training goes on. The paper picks η from {0.01, 0.3, 1.0} and γ = 0.55.
/// <code>
/// var noise = new GradientNoise(parameters, eta: 0.01, generator: new Generator(seed: 7));
/// loss.Backward(); noise.Apply(); optimizer.Step();
/// </code>
/// The noise comes from <see cref="Generator"/>, so a seeded generator gives the same noise on every run.
/// </summary>
public sealed class GradientNoise
{
    private readonly Tensor[] _parameters;
    private readonly Generator _generator;

    /// <summary>Noise for the gradients of <paramref name="parameters"/>, drawn from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    public GradientNoise(IEnumerable<Tensor> parameters, double eta, double gamma = 0.55, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(eta >= 0) || double.IsInfinity(eta))
        {
            throw new ArgumentOutOfRangeException(nameof(eta), eta, "GradientNoise: eta must be a finite non-negative number (the paper uses 0.01, 0.3 or 1.0).");
        }
        if (!(gamma >= 0) || double.IsInfinity(gamma))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "GradientNoise: gamma must be a finite non-negative number (the paper uses 0.55).");
        }
        _parameters = parameters.ToArray();
        foreach (Tensor p in _parameters)
        {
            ArgumentNullException.ThrowIfNull(p, nameof(parameters));
        }
        Eta = eta;
        Gamma = gamma;
        _generator = generator ?? Generator.Default;
    }

    /// <summary>η, the noise variance at t = 0.</summary>
    public double Eta { get; }

    /// <summary>γ, the decay exponent of the variance.</summary>
    public double Gamma { get; }

    /// <summary>
    /// t: how many times <see cref="Apply"/> has added noise. Set it when resuming training so that the schedule
    /// continues where it was.
    /// </summary>
    public long StepCount
    {
        get;
        set => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "GradientNoise: the step count must not be negative.");
    }

    /// <summary>σₜ² = η / (1 + t)^γ, the variance of the noise at step <paramref name="t"/>.</summary>
    public double Variance(long t) => t >= 0
        ? Eta / Math.Pow(1 + t, Gamma)
        : throw new ArgumentOutOfRangeException(nameof(t), t, "GradientNoise: the step must not be negative.");

    /// <summary>The standard deviation the next <see cref="Apply"/> uses, √σₜ² at t = <see cref="StepCount"/>.</summary>
    public double StandardDeviation => Math.Sqrt(Variance(StepCount));

    /// <summary>
    /// Adds N(0, σₜ²) noise to every gradient that is set (parameters without a gradient draw nothing) and advances t.
    /// </summary>
    public void Apply()
    {
        float sigma = (float)StandardDeviation;
        using (Autograd.NoGrad())
        {
            foreach (Tensor p in _parameters)
            {
                if (p.Grad is { } grad)
                {
                    grad.Add_(Tensor.Randn(grad.Shape.ToArray(), _generator), sigma);
                }
            }
        }
        StepCount++;
    }
}
