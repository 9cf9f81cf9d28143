namespace Taxon.Tuning;

/// <summary>Whether a study minimises or maximises its objective (Optuna: <c>StudyDirection</c>; the journal stores 1 and 2).</summary>
public enum StudyDirection
{
    /// <summary>Smaller objective values are better (Optuna: <c>MINIMIZE</c>).</summary>
    Minimize = 1,

    /// <summary>Larger objective values are better (Optuna: <c>MAXIMIZE</c>).</summary>
    Maximize = 2,
}
