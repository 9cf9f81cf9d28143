namespace Taxon.Classification.Text;

/// <summary>
/// Word or character n-grams hashed into a fixed number of columns (scikit-learn 1.2: <c>HashingVectorizer</c>, same
/// hash, columns, signs, binary and norm). Nothing is learned: <see cref="TextVectorizer.Fit"/> only checks its
/// input and returns a <see cref="HashingVectorizerModel"/> of these options, which can also be made directly.
/// </summary>
public sealed class HashingVectorizer : TextVectorizer
{
    /// <summary>Makes a vectoriser with <paramref name="options"/> (defaults when null), after validating them.</summary>
    public HashingVectorizer(HashingVectorizerOptions? options = null)
    {
        Options = options ?? new HashingVectorizerOptions();
        Options.Validate();
    }

    /// <summary>The settings in use.</summary>
    public HashingVectorizerOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "hashing";

    /// <inheritdoc />
    protected override TextVectorizerModel FitCore(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new HashingVectorizerModel(Options);
    }
}
