namespace Taxon.Tuning.Samplers;

/// <summary>
/// Independent uniform sampling (Optuna: <c>RandomSampler</c>): uniform floats, log-uniform when the distribution
/// is logarithmic, a uniform grid point when it has a step, a uniform choice for categoricals. The same seed
/// gives the same sequence of values, and the same values as Optuna 3.1's <c>RandomSampler(seed=seed)</c>: it
/// draws from NumPy's <c>RandomState</c> stream (<see cref="Mt19937RandomState"/>) in Optuna's order.
/// </summary>
public sealed class RandomSampler : ISampler
{
    private readonly Mt19937RandomState _random;
    private readonly Lock _lock = new();

    /// <summary>Creates the sampler; without a seed the values differ from run to run.</summary>
    public RandomSampler(long? seed = null)
    {
        _random = seed is { } s ? new Mt19937RandomState(s) : Mt19937RandomState.Unseeded();
    }

    /// <inheritdoc />
    public double SampleIndependent(Study study, FrozenTrial trial, string name, ParameterDistribution distribution)
    {
        lock (_lock)
        {
            return Sample(_random, distribution);
        }
    }

    /// <summary>
    /// One value, as Optuna 3.1 draws it: one uniform over the parameter's range in <c>_SearchSpaceTransform</c>'s
    /// space (log for log distributions, widened by half a step each side for stepped and integer ones), mapped
    /// back by <c>untransform</c>; a categorical draws one uniform per choice and takes the largest (a one-hot
    /// encoding's argmax), so it consumes as many draws as it has choices.
    /// </summary>
    internal static double Sample(Mt19937RandomState random, ParameterDistribution distribution)
    {
        switch (distribution)
        {
            case FloatDistribution f when f.Log:
            {
                double x = Math.Exp(random.Uniform(Math.Log(f.Low), Math.Log(f.High)));
                // Optuna keeps the value below high, which the uniform excludes but exp can round up to.
                return f.IsSingle ? x : Math.Max(Math.Min(x, Math.BitDecrement(f.High)), f.Low);
            }
            case FloatDistribution { Step: { } step } f:
                return Stepped(random, f.Low, f.High, step);
            case FloatDistribution f:
            {
                double x = random.Uniform(f.Low, f.High);
                return f.IsSingle ? x : Math.Min(x, Math.BitDecrement(f.High));
            }
            case IntDistribution i when i.Log:
            {
                // Each integer owns [k - 0.5, k + 0.5] in the log domain, so larger integers get less mass.
                double x = random.Uniform(Math.Log(i.Low - 0.5), Math.Log(i.High + 0.5));
                return Math.Clamp(Math.Round(Math.Exp(x)), i.Low, i.High);
            }
            case IntDistribution i:
                return Stepped(random, i.Low, i.High, i.Step);
            case CategoricalDistribution c:
            {
                int best = 0;
                double max = random.RandomSample();
                for (int k = 1; k < c.Choices.Count; k++)
                {
                    double u = random.RandomSample();
                    if (u > max)
                    {
                        (best, max) = (k, u);
                    }
                }
                return best;
            }
            default:
                throw new ArgumentException($"RandomSampler: unknown distribution {distribution}.");
        }
    }

    /// <summary>
    /// A grid point of low, low + step, ..., high: one uniform over the range widened by half a step each side,
    /// rounded to the nearest point (Math.Round rounds half to even, as NumPy's round does).
    /// </summary>
    private static double Stepped(Mt19937RandomState random, double low, double high, double step)
    {
        double x = random.Uniform(low - 0.5 * step, high + 0.5 * step);
        return Math.Clamp(Math.Round((x - low) / step) * step + low, low, high);
    }
}
