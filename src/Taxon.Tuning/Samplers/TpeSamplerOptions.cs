namespace Taxon.Tuning.Samplers;

/// <summary>Options of <see cref="TpeSampler"/>, with the defaults of Optuna 3.1's <c>TPESampler</c>.</summary>
public sealed record TpeSamplerOptions
{
    /// <summary>Add a prior kernel (centred on the range, as wide as the range) to both densities (Optuna: <c>consider_prior</c>, default true).</summary>
    public bool ConsiderPrior { get; init; } = true;

    /// <summary>The prior kernel's weight before normalisation (Optuna: <c>prior_weight</c>, default 1.0).</summary>
    public double PriorWeight { get; init; } = 1.0;

    /// <summary>Floor the kernel widths at range / min(100, 1 + kernels) (Optuna: <c>consider_magic_clip</c>, default true).</summary>
    public bool ConsiderMagicClip { get; init; } = true;

    /// <summary>Let the outermost kernels count the distance to the range's ends (Optuna: <c>consider_endpoints</c>, default false).</summary>
    public bool ConsiderEndpoints { get; init; }

    /// <summary>Sample at random until this many trials have completed or been pruned (Optuna: <c>n_startup_trials</c>, default 10).</summary>
    public int StartupTrials { get; init; } = 10;

    /// <summary>Candidates drawn from l(x) per suggestion; the one maximising l(x)/g(x) wins (Optuna: <c>n_ei_candidates</c>, default 24).</summary>
    public int EiCandidates { get; init; } = 24;

    /// <summary>How many of n observations form the good group l(x) (Optuna: <c>gamma</c>, default min(ceil(0.1 n), 25)).</summary>
    public Func<int, int> Gamma { get; init; } = DefaultGamma;

    /// <summary>
    /// The kernels' weights for n observations in trial order (Optuna: <c>weights</c>, default: 1 for each when
    /// n &lt; 25, otherwise a ramp from 1/n to 1 over the oldest n − 25 and 1 for the newest 25).
    /// </summary>
    public Func<int, double[]> Weights { get; init; } = DefaultWeights;

    /// <summary>The seed; null (default) gives different suggestions on every run.</summary>
    public long? Seed { get; init; }

    /// <summary>
    /// Model the parameters that all finished trials share jointly, one kernel index per sample (Optuna:
    /// <c>multivariate</c>, default false); other parameters are still sampled independently.
    /// </summary>
    public bool Multivariate { get; init; }

    /// <summary>
    /// Count other running trials as observations with the worst value, so parallel workers spread out (Optuna:
    /// <c>constant_liar</c>, default false).
    /// </summary>
    public bool ConstantLiar { get; init; }

    /// <summary>
    /// Divide each continuous kernel's density by its width, making l(x) and g(x) proper densities (default
    /// false). Optuna 3.1's truncated-normal log density leaves the 1/sigma factor out, which favours candidates
    /// under wide kernels; the default reproduces it, and with it Optuna 3.1's search behaviour (measured: better
    /// best values on the Rosenbrock benchmark than with the factor).
    /// </summary>
    public bool ScaleKernelDensity { get; init; }

    /// <summary>Optuna's default gamma: min(ceil(0.1 n), 25).</summary>
    public static int DefaultGamma(int n) => Math.Min((int)Math.Ceiling(0.1 * n), 25);

    /// <summary>Optuna's default weights.</summary>
    public static double[] DefaultWeights(int n)
    {
        if (n < 25)
        {
            return [.. Enumerable.Repeat(1.0, n)];
        }
        var w = new double[n];
        int ramp = n - 25;
        for (int i = 0; i < ramp; i++)
        {
            // NumPy's linspace(1/n, 1, ramp): ramp evenly spaced points, both ends included.
            w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1 - 1.0 / n) * i / (ramp - 1);
        }
        for (int i = ramp; i < n; i++)
        {
            w[i] = 1;
        }
        return w;
    }
}
