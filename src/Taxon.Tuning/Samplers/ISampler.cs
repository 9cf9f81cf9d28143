namespace Taxon.Tuning.Samplers;

/// <summary>
/// Chooses parameter values (Optuna: <c>BaseSampler</c>). Values cross this interface in their internal
/// representation (<see cref="ParameterDistribution.ToInternal"/>). A sampler that models parameters jointly
/// returns them from <see cref="SampleRelative"/> when a trial starts; every other parameter is drawn on its own,
/// when the objective asks for it, by <see cref="SampleIndependent"/>.
/// </summary>
public interface ISampler
{
    /// <summary>Called when a trial starts, before any sampling (Optuna: <c>before_trial</c>).</summary>
    void BeforeTrial(Study study, FrozenTrial trial)
    {
    }

    /// <summary>The parameters to sample jointly for <paramref name="trial"/> (Optuna: <c>infer_relative_search_space</c>); empty by default.</summary>
    IReadOnlyDictionary<string, ParameterDistribution> InferRelativeSearchSpace(Study study, FrozenTrial trial) =>
        new Dictionary<string, ParameterDistribution>();

    /// <summary>Joint values for <paramref name="searchSpace"/>, or an empty dictionary (Optuna: <c>sample_relative</c>).</summary>
    IReadOnlyDictionary<string, double> SampleRelative(Study study, FrozenTrial trial, IReadOnlyDictionary<string, ParameterDistribution> searchSpace) =>
        new Dictionary<string, double>();

    /// <summary>One value of one parameter (Optuna: <c>sample_independent</c>).</summary>
    double SampleIndependent(Study study, FrozenTrial trial, string name, ParameterDistribution distribution);

    /// <summary>Called when a trial finishes, after it is stored (Optuna: <c>after_trial</c>).</summary>
    void AfterTrial(Study study, FrozenTrial trial, TrialState state, double? value)
    {
    }
}
