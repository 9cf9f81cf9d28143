namespace Taxon.Classification.Multiclass;

/// <summary>
/// Settings of <see cref="OutputCodeClassifier"/> (scikit-learn: <c>OutputCodeClassifier(estimator, code_size=1.5,
/// random_state=None, n_jobs=None)</c>).
/// </summary>
public sealed record OutputCodeClassifierOptions
{
    /// <summary>The code length as a multiple of the class count, rounded down (scikit-learn: <c>code_size</c>). Default 1.5.</summary>
    public double CodeSize { get; init; } = 1.5;

    /// <summary>How the code book is built. Default <see cref="OutputCode.Random"/>, as scikit-learn.</summary>
    public OutputCode Code { get; init; } = OutputCode.Random;

    /// <summary>What is compared with the code words. Default <see cref="OutputCodeDecoding.Decision"/>, as scikit-learn.</summary>
    public OutputCodeDecoding Decoding { get; init; } = OutputCodeDecoding.Decision;

    /// <summary>Seeds the random code book (scikit-learn: <c>random_state</c>). Default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>The most sub-models fitted at once (scikit-learn: <c>n_jobs</c>). Default null: <c>Parallelism.MaxThreads</c>.</summary>
    public int? MaxParallelism { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!(double.IsFinite(CodeSize) && CodeSize > 0))
        {
            throw new ArgumentException($"{nameof(OutputCodeClassifierOptions)}: CodeSize must be a positive number, got {CodeSize}.");
        }
        if (!Enum.IsDefined(Code))
        {
            throw new ArgumentException($"{nameof(OutputCodeClassifierOptions)}: Code {Code} is not known.");
        }
        if (!Enum.IsDefined(Decoding))
        {
            throw new ArgumentException($"{nameof(OutputCodeClassifierOptions)}: Decoding {Decoding} is not known.");
        }
        ParallelFits.CheckMaxParallelism(MaxParallelism, nameof(OutputCodeClassifierOptions));
    }
}
