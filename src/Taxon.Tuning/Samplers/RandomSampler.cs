namespace Taxon.Tuning.Samplers;

/// <summary>
/// Independent uniform sampling (Optuna: <c>RandomSampler</c>): uniform floats, log-uniform when the distribution
/// is logarithmic, a uniform grid point when it has a step, a uniform choice for categoricals. The same seed
/// gives the same sequence of values.
/// </summary>
public sealed class RandomSampler : ISampler
{
    private readonly RandomSource _random;
    private readonly Lock _lock = new();

    /// <summary>Creates the sampler; without a seed the values differ from run to run.</summary>
    public RandomSampler(long? seed = null)
    {
        _random = seed is { } s ? new RandomSource(s) : RandomSource.Unseeded();
    }

    /// <inheritdoc />
    public double SampleIndependent(Study study, FrozenTrial trial, string name, ParameterDistribution distribution)
    {
        lock (_lock)
        {
            return Sample(_random, distribution);
        }
    }

    internal static double Sample(RandomSource random, ParameterDistribution distribution)
    {
        switch (distribution)
        {
            case FloatDistribution f when f.Log:
                return Math.Clamp(Math.Exp(random.Uniform(Math.Log(f.Low), Math.Log(f.High))), f.Low, f.High);
            case FloatDistribution { Step: { } step } f:
                long points = (long)Math.Floor((decimal)(f.High - f.Low) / (decimal)step) + 1;
                return Math.Min(f.Low + random.NextInt64(points) * step, f.High);
            case FloatDistribution f:
                return f.Low == f.High ? f.Low : random.Uniform(f.Low, f.High);
            case IntDistribution i when i.Log:
                // Each integer owns [k - 0.5, k + 0.5] in the log domain, so larger integers get less mass.
                double x = Math.Exp(random.Uniform(Math.Log(i.Low - 0.5), Math.Log(i.High + 0.5)));
                return Math.Clamp(Math.Round(x), i.Low, i.High);
            case IntDistribution i:
                return i.Low + random.NextInt64((i.High - i.Low) / i.Step + 1) * i.Step;
            case CategoricalDistribution c:
                return random.NextInt64(c.Choices.Count);
            default:
                throw new ArgumentException($"RandomSampler: unknown distribution {distribution}.");
        }
    }
}
