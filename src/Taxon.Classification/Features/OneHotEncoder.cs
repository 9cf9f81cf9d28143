using Taxon.Classification.Data;

namespace Taxon.Classification.Features;

/// <summary>
/// Replaces columns of category values (codes such as an ARFF nominal attribute's) by one indicator column per
/// category seen in fitting, in ascending order of value, with no category dropped (scikit-learn:
/// <c>ColumnTransformer([("onehot", OneHotEncoder(), columns)], remainder="passthrough")</c>): the indicator blocks
/// come first, in the order of <see cref="OneHotEncoderOptions.Columns"/>, then the other columns unchanged. Dense
/// input gives dense output and sparse input sparse output.
/// </summary>
public sealed class OneHotEncoder(OneHotEncoderOptions? options = null) : Transformer
{
    /// <summary>The settings.</summary>
    public OneHotEncoderOptions Options { get; } = options ?? new OneHotEncoderOptions();

    /// <inheritdoc />
    public override string Name => "one-hot-encoder";

    /// <inheritdoc />
    protected override TransformerModel FitCore(FeatureMatrix x, CancellationToken cancellationToken)
    {
        Options.Validate();
        int[] columns = Options.Columns is null ? [.. Enumerable.Range(0, x.Columns)] : [.. Options.Columns];
        foreach (int c in columns)
        {
            if (c >= x.Columns)
            {
                throw new ArgumentException($"OneHotEncoderOptions.Columns: column {c} is out of range for {x.Columns} columns.");
            }
        }
        var categories = new float[columns.Length][];
        for (int k = 0; k < columns.Length; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var seen = new SortedSet<float>();
            for (int i = 0; i < x.Rows; i++)
            {
                // The indexer reads sparse rows' implicit zeros too, which are a category like any other value.
                seen.Add(x[i, columns[k]] + 0f);
            }
            categories[k] = [.. seen];
        }
        return new OneHotEncoderModel(x.Columns, columns, categories, Options.HandleUnknown);
    }
}
