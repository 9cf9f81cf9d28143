namespace Taxon.Classification.Multiclass;

/// <summary>How <see cref="OutputCodeClassifier"/> builds its code book.</summary>
public enum OutputCode
{
    /// <summary>
    /// Random bits, <c>floor(classes × CodeSize)</c> columns, seeded (scikit-learn's only code book); a column that
    /// would give every class the same bit is drawn again, since its model could learn nothing.
    /// </summary>
    Random,

    /// <summary>
    /// Every distinct split of the classes into two non-empty groups once: 2^(k−1) − 1 columns (Dietterich and
    /// Bakiri 1995), for at most <see cref="OutputCodeClassifier.MaxExhaustiveClasses"/> classes. Ignores CodeSize.
    /// </summary>
    Exhaustive,
}
