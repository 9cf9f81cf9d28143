namespace Taxon.Tuning.Samplers;

/// <summary>
/// TPE's density model of a set of observations, as Optuna 3.1 builds it (including its kernel density without the
/// 1/sigma factor, see <see cref="TpeSamplerOptions.ScaleKernelDensity"/>): a mixture with one kernel per
/// observation plus a prior kernel. Numeric parameters get Gaussian kernels truncated to the range (in the log
/// domain for log distributions; over [low − step/2, high + step/2] with mass integrated over each grid cell for
/// stepped ones), with widths from the distances to the neighbouring observations (independent) or a shared
/// Scott-style width (multivariate), clipped by the "magic clip". Categorical parameters get a smoothed one-hot
/// kernel. In the multivariate form one kernel index is shared by all parameters of a sample.
/// </summary>
internal sealed class ParzenEstimator
{
    private const double Eps = 1e-12;
    private const double Sigma0Magnitude = 0.2;

    private readonly ParameterSpace[] _space;
    private readonly double[] _weights;
    private readonly double[] _logWeights;

    /// <param name="observations">Per parameter (in the order of <paramref name="searchSpace"/>), the internal values, one per observation.</param>
    /// <param name="searchSpace">The parameters modelled.</param>
    /// <param name="options">The sampler's options.</param>
    public ParzenEstimator(double[][] observations, IReadOnlyList<KeyValuePair<string, ParameterDistribution>> searchSpace, TpeSamplerOptions options)
    {
        int n = observations.Length == 0 ? 0 : observations[0].Length;
        bool considerPrior = options.ConsiderPrior || n == 0;
        _weights = ComponentWeights(n, considerPrior, options);
        _logWeights = [.. _weights.Select(v => Math.Log(v))];
        double? sigma0 = options.Multivariate ? Sigma0Magnitude * Math.Pow(Math.Max(n, 1), -1.0 / (searchSpace.Count + 4)) : null;
        _space = new ParameterSpace[searchSpace.Count];
        for (int p = 0; p < _space.Length; p++)
        {
            var distribution = searchSpace[p].Value;
            var obs = observations[p];
            _space[p] = distribution is CategoricalDistribution c
                ? ParameterSpace.Categorical(c, obs, considerPrior, options.PriorWeight)
                : ParameterSpace.Numeric(distribution, obs, considerPrior, options, sigma0);
        }
    }

    public int ComponentCount => _weights.Length;

    /// <summary>Draws <paramref name="size"/> joint samples; returns per parameter the internal values.</summary>
    public double[][] Sample(RandomSource random, int size)
    {
        var active = new int[size];
        for (int i = 0; i < size; i++)
        {
            active[i] = random.Choose(_weights);
        }
        var samples = new double[_space.Length][];
        for (int p = 0; p < _space.Length; p++)
        {
            samples[p] = new double[size];
            for (int i = 0; i < size; i++)
            {
                samples[p][i] = _space[p].Sample(random, active[i]);
            }
        }
        return samples;
    }

    /// <summary>The log density (log mass for discrete parameters) of each joint sample under the mixture.</summary>
    public double[] LogPdf(double[][] samples)
    {
        int size = samples[0].Length;
        var result = new double[size];
        var componentLog = new double[_weights.Length];
        for (int i = 0; i < size; i++)
        {
            Array.Copy(_logWeights, componentLog, componentLog.Length);
            for (int p = 0; p < _space.Length; p++)
            {
                _space[p].AddLogPdf(samples[p][i], componentLog);
            }
            double max = double.NegativeInfinity;
            foreach (double v in componentLog)
            {
                max = Math.Max(max, v);
            }
            if (double.IsNegativeInfinity(max))
            {
                result[i] = max;
                continue;
            }
            double sum = 0;
            foreach (double v in componentLog)
            {
                sum += Math.Exp(v - max);
            }
            result[i] = max + Math.Log(sum);
        }
        return result;
    }

    private static double[] ComponentWeights(int n, bool considerPrior, TpeSamplerOptions options)
    {
        var w = n == 0 ? [] : options.Weights(n);
        if (w.Length < n)
        {
            throw new InvalidOperationException($"TpeSampler: the weights function returned {w.Length} weights for {n} observations.");
        }
        var weights = new double[considerPrior ? n + 1 : n];
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            if (!(w[i] >= 0) || !double.IsFinite(w[i]))
            {
                throw new InvalidOperationException($"TpeSampler: the weights function returned {w[i]} for {n} observations; weights must be finite and non-negative.");
            }
            weights[i] = w[i];
            sum += w[i];
        }
        if (considerPrior)
        {
            weights[n] = options.PriorWeight;
            sum += options.PriorWeight;
        }
        if (!(sum > 0))
        {
            throw new InvalidOperationException($"TpeSampler: the weights for {n} observations are all zero.");
        }
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] /= sum;
        }
        return weights;
    }

    /// <summary>One parameter's kernels.</summary>
    private sealed class ParameterSpace
    {
        private ParameterDistribution _distribution = null!;
        private double _low, _high;
        private double? _step;
        private double[] _mus = [];
        private double[] _sigmas = [];
        private double[] _logAccept = [];
        private double[] _logScale = [];
        private double[][] _categoricalWeights = [];
        private double[][] _categoricalLogWeights = [];

        public static ParameterSpace Categorical(CategoricalDistribution distribution, double[] observations, bool considerPrior, double priorWeight)
        {
            int n = observations.Length;
            int k = distribution.Choices.Count;
            int rows = considerPrior ? n + 1 : n;
            double fill = priorWeight / rows;
            var weights = new double[rows][];
            for (int r = 0; r < rows; r++)
            {
                var row = new double[k];
                Array.Fill(row, fill);
                if (r < n)
                {
                    row[(int)observations[r]] += 1;
                }
                double sum = row.Sum();
                for (int j = 0; j < k; j++)
                {
                    row[j] /= sum;
                }
                weights[r] = row;
            }
            return new ParameterSpace
            {
                _distribution = distribution,
                _categoricalWeights = weights,
                _categoricalLogWeights = [.. weights.Select(row => row.Select(v => Math.Log(v)).ToArray())],
            };
        }

        public static ParameterSpace Numeric(ParameterDistribution distribution, double[] observations, bool considerPrior, TpeSamplerOptions options, double? sigma0)
        {
            var (low, high, step) = distribution switch
            {
                FloatDistribution { Log: true } f => (Math.Log(f.Low), Math.Log(f.High), (double?)null),
                FloatDistribution { Step: { } s } f => (f.Low - 0.5 * s, f.High + 0.5 * s, s),
                FloatDistribution f => (f.Low, f.High, null),
                IntDistribution { Log: true } i => (Math.Log(i.Low - 0.5), Math.Log(i.High + 0.5), null),
                IntDistribution i => (i.Low - 0.5 * i.Step, i.High + 0.5 * i.Step, i.Step),
                _ => throw new ArgumentException($"TpeSampler: unknown distribution {distribution}."),
            };
            int n = observations.Length;
            int count = considerPrior ? n + 1 : n;
            var mus = new double[count];
            for (int i = 0; i < n; i++)
            {
                mus[i] = ToUniform(distribution, observations[i]);
            }
            if (considerPrior)
            {
                mus[n] = 0.5 * (low + high);
            }
            var sigmas = new double[count];
            if (sigma0 is { } s0)
            {
                Array.Fill(sigmas, s0 * (high - low));
            }
            else
            {
                NeighbourSigmas(mus, low, high, options.ConsiderEndpoints, sigmas);
            }
            double maxSigma = high - low;
            double minSigma = options.ConsiderMagicClip ? (high - low) / Math.Min(100.0, 1.0 + count) : Eps;
            for (int i = 0; i < count; i++)
            {
                sigmas[i] = Math.Clamp(sigmas[i], minSigma, maxSigma);
            }
            if (considerPrior)
            {
                sigmas[n] = high - low;
            }
            var logAccept = new double[count];
            for (int i = 0; i < count; i++)
            {
                logAccept[i] = GaussianMath.LogMass((low - mus[i]) / sigmas[i], (high - mus[i]) / sigmas[i]);
            }
            return new ParameterSpace
            {
                _distribution = distribution,
                _low = low,
                _high = high,
                _step = step,
                _mus = mus,
                _sigmas = sigmas,
                _logAccept = logAccept,
                _logScale = [.. sigmas.Select(sigma => options.ScaleKernelDensity ? Math.Log(sigma) : 0)],
            };
        }

        /// <summary>Each kernel's width: the larger gap to its sorted neighbours, the range ends counting as neighbours.</summary>
        private static void NeighbourSigmas(double[] mus, double low, double high, bool considerEndpoints, double[] sigmas)
        {
            int m = mus.Length;
            // NumPy's own argsort order, which is not stable beyond 16 kernels: among tied values (integer, stepped
            // and repeated parameters) it decides which kernel gets which width, and so which weight goes with it.
            var order = NumpyArgsort.Argsort(mus);
            var withEnds = new double[m + 2];
            withEnds[0] = low;
            for (int i = 0; i < m; i++)
            {
                withEnds[i + 1] = mus[order[i]];
            }
            withEnds[m + 1] = high;
            var sorted = new double[m];
            for (int i = 0; i < m; i++)
            {
                sorted[i] = Math.Max(withEnds[i + 1] - withEnds[i], withEnds[i + 2] - withEnds[i + 1]);
            }
            if (!considerEndpoints && m >= 2)
            {
                // Without endpoints the outermost kernels look only inwards, not at the distance to the bound.
                sorted[0] = withEnds[2] - withEnds[1];
                sorted[m - 1] = withEnds[m] - withEnds[m - 1];
            }
            for (int i = 0; i < m; i++)
            {
                sigmas[order[i]] = sorted[i];
            }
        }

        public double Sample(RandomSource random, int component)
        {
            if (_distribution is CategoricalDistribution)
            {
                return random.Choose(_categoricalWeights[component]);
            }
            double x = GaussianMath.SampleTruncated(random, _mus[component], _sigmas[component], _low, _high);
            return FromUniform(x);
        }

        public void AddLogPdf(double value, double[] componentLog)
        {
            if (_distribution is CategoricalDistribution)
            {
                int index = (int)value;
                for (int c = 0; c < componentLog.Length; c++)
                {
                    componentLog[c] += _categoricalLogWeights[c][index];
                }
                return;
            }
            double x = ToUniform(_distribution, value);
            if (_step is { } q)
            {
                double upper = Math.Min(x + 0.5 * q, _high);
                double lower = Math.Max(x - 0.5 * q, _low);
                for (int c = 0; c < componentLog.Length; c++)
                {
                    double mu = _mus[c], sigma = _sigmas[c];
                    componentLog[c] += GaussianMath.LogMass((lower - mu) / sigma, (upper - mu) / sigma) - _logAccept[c];
                }
                return;
            }
            for (int c = 0; c < componentLog.Length; c++)
            {
                double sigma = _sigmas[c];
                componentLog[c] += GaussianMath.LogPdf((x - _mus[c]) / sigma) - _logScale[c] - _logAccept[c];
            }
        }

        private static double ToUniform(ParameterDistribution distribution, double value) => distribution switch
        {
            FloatDistribution { Log: true } or IntDistribution { Log: true } => Math.Log(value),
            _ => value,
        };

        private double FromUniform(double x)
        {
            switch (_distribution)
            {
                case FloatDistribution { Log: true } f:
                    return Math.Clamp(Math.Exp(x), f.Low, f.High);
                case FloatDistribution { Step: { } s } f:
                    return Math.Clamp(Math.Round((x - f.Low) / s) * s + f.Low, f.Low, f.High);
                case FloatDistribution:
                    return x;
                case IntDistribution { Log: true } i:
                    return Math.Clamp(Math.Round(Math.Exp(x)), i.Low, i.High);
                case IntDistribution i:
                    return Math.Clamp(Math.Round((x - i.Low) / i.Step) * i.Step + i.Low, i.Low, i.High);
                default:
                    return x;
            }
        }
    }
}
