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

    /// <summary>
    /// Draws <paramref name="size"/> joint samples; returns per parameter the internal values. The draws follow
    /// Optuna 3.1's <c>_ParzenEstimator.sample</c>: <c>choice</c> picks every sample's kernel first, then each
    /// parameter in turn takes one uniform per sample (a truncated-normal quantile, or a categorical pick).
    /// </summary>
    public double[][] Sample(Mt19937RandomState random, int size)
    {
        var active = new int[size];
        random.Choice(_weights, active);
        var samples = new double[_space.Length][];
        for (int p = 0; p < _space.Length; p++)
        {
            samples[p] = new double[size];
            _space[p].Sample(random, active, samples[p]);
        }
        return samples;
    }

    /// <summary>
    /// The log density (log mass for discrete parameters) of each joint sample under the mixture, summed in the
    /// order Optuna 3.1's <c>log_pdf</c> sums: candidates whose densities are equal in exact arithmetic (the same
    /// categorical choice pattern, say) must tie, or break their tie, as they do in Optuna, since the suggestion is
    /// the first candidate with the largest l(x)/g(x).
    /// </summary>
    public double[] LogPdf(double[][] samples)
    {
        int size = samples[0].Length;
        var result = new double[size];
        if (_space.Length == 1 && _space[0].IsCategorical)
        {
            // Optuna's shortcut for a lone categorical: the log of each choice's mixture mass.
            var byChoice = _space[0].MixtureLogMass(_weights);
            for (int i = 0; i < size; i++)
            {
                result[i] = byChoice[(int)samples[0][i]];
            }
            return result;
        }
        var componentLog = new double[_weights.Length];
        var terms = new double[_weights.Length];
        for (int i = 0; i < size; i++)
        {
            Array.Clear(componentLog);
            for (int p = 0; p < _space.Length; p++)
            {
                _space[p].AddLogPdf(samples[p][i], componentLog);
            }
            double max = double.NegativeInfinity;
            for (int c = 0; c < componentLog.Length; c++)
            {
                componentLog[c] += _logWeights[c];
                max = Math.Max(max, componentLog[c]);
            }
            if (double.IsNegativeInfinity(max))
            {
                result[i] = max;
                continue;
            }
            for (int c = 0; c < componentLog.Length; c++)
            {
                terms[c] = Math.Exp(componentLog[c] - max);
            }
            result[i] = Math.Log(PairwiseSum(terms)) + max;
        }
        return result;
    }

    /// <summary>
    /// NumPy's pairwise summation (<c>pairwise_sum</c>, what <c>sum</c> does along a contiguous axis): below 8
    /// terms in order; up to 128 in eight interleaved partial sums, combined as a tree, then the leftover terms;
    /// beyond that, the two halves (the first a multiple of 8 long) separately.
    /// </summary>
    internal static double PairwiseSum(ReadOnlySpan<double> a)
    {
        int n = a.Length;
        if (n < 8)
        {
            double res = 0;
            for (int i = 0; i < n; i++)
            {
                res += a[i];
            }
            return res;
        }
        if (n <= 128)
        {
            double r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            int i = 8;
            for (; i < n - n % 8; i += 8)
            {
                r0 += a[i];
                r1 += a[i + 1];
                r2 += a[i + 2];
                r3 += a[i + 3];
                r4 += a[i + 4];
                r5 += a[i + 5];
                r6 += a[i + 6];
                r7 += a[i + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++)
            {
                res += a[i];
            }
            return res;
        }
        int half = n / 2;
        half -= half % 8;
        return PairwiseSum(a[..half]) + PairwiseSum(a[half..]);
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
        private double[]? _logTail;
        private double[] _logScale = [];
        private double[][] _categoricalWeights = [];
        private double[][] _categoricalLogWeights = [];
        private double[][] _categoricalCumulative = [];

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
                _categoricalCumulative = [.. weights.Select(row => Mt19937RandomState.CumulativeSum(row))],
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

        public bool IsCategorical => _distribution is CategoricalDistribution;

        /// <summary>
        /// Per choice, log Σ_c w_c W[c, choice]: Optuna's <c>np.log(np.inner(categorical_weights.T, weights))</c>,
        /// which with the reference BLAS NumPy links here adds the components in order.
        /// </summary>
        public double[] MixtureLogMass(double[] weights)
        {
            int k = _categoricalWeights[0].Length;
            var result = new double[k];
            for (int j = 0; j < k; j++)
            {
                double sum = 0;
                for (int c = 0; c < weights.Length; c++)
                {
                    sum += _categoricalWeights[c][j] * weights[c];
                }
                result[j] = Math.Log(sum);
            }
            return result;
        }

        public void Sample(Mt19937RandomState random, int[] active, double[] destination)
        {
            if (_distribution is CategoricalDistribution)
            {
                for (int i = 0; i < active.Length; i++)
                {
                    destination[i] = CategoricalPick(_categoricalCumulative[active[i]], random.RandomSample());
                }
                return;
            }
            // Only l(x) is sampled, so g(x), with most of the kernels, never needs these.
            _logTail ??= TailLogCdfs();
            for (int i = 0; i < active.Length; i++)
            {
                double u = random.RandomSample();
                int c = active[i];
                double mu = _mus[c], sigma = _sigmas[c];
                double z = GaussianMath.TruncatedPpf(u, (_low - mu) / sigma, (_high - mu) / sigma, _logAccept[c], _logTail[c]);
                destination[i] = FromUniform(z * sigma + mu);
            }
        }

        /// <summary>Per kernel, log Φ of the bound the truncated-normal quantile starts from (see <see cref="GaussianMath.TruncatedPpf(double, double, double)"/>).</summary>
        private double[] TailLogCdfs()
        {
            var result = new double[_mus.Length];
            for (int c = 0; c < result.Length; c++)
            {
                double a = (_low - _mus[c]) / _sigmas[c], b = (_high - _mus[c]) / _sigmas[c];
                result[c] = a < 0 ? GaussianMath.LogCdf(a) : GaussianMath.LogCdf(-b);
            }
            return result;
        }

        /// <summary>
        /// Optuna's <c>_sample_from_categorical_dist</c>: the number of running sums below <paramref name="u"/>.
        /// When rounding leaves the last sum below 1 and u above it, that count is one past the last choice, which
        /// Optuna would go on to fail on; the last choice takes it here.
        /// </summary>
        private static int CategoricalPick(double[] cumulative, double u)
        {
            int count = 0;
            while (count < cumulative.Length && cumulative[count] < u)
            {
                count++;
            }
            return Math.Min(count, cumulative.Length - 1);
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
