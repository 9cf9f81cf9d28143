using Taxon.Tuning.Pruners;
using Taxon.Tuning.Samplers;
using Taxon.Tuning.Storages;

namespace Taxon.Tuning;

/// <summary>How <see cref="Study.Create"/> makes or opens a study (Optuna: the arguments of <c>create_study</c>).</summary>
public sealed record StudyOptions
{
    /// <summary>The study's name; null (default) generates a unique one, <c>no-name-GUID</c>, as Optuna does.</summary>
    public string? Name { get; init; }

    /// <summary>Minimise (default) or maximise.</summary>
    public StudyDirection Direction { get; init; } = StudyDirection.Minimize;

    /// <summary>Where the study lives; null (default) keeps it in memory.</summary>
    public IStudyStorage? Storage { get; init; }

    /// <summary>The sampler; null (default) is an unseeded <see cref="TpeSampler"/>, Optuna's default.</summary>
    public ISampler? Sampler { get; init; }

    /// <summary>The pruner; null (default) is a <see cref="MedianPruner"/>, Optuna's default.</summary>
    public IPruner? Pruner { get; init; }

    /// <summary>Open the study when one of that name exists instead of failing (Optuna: <c>load_if_exists</c>); default false.</summary>
    public bool LoadIfExists { get; init; }

    /// <summary>The clock for heartbeats and stale-trial checks (default: the system clock).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
