namespace Taxon.Classification.Data;

/// <summary>Features stored row-major in one float32 array (scikit-learn: a C-ordered NumPy array).</summary>
public sealed class DenseMatrix : FeatureMatrix
{
    private readonly float[] _values;

    /// <summary>Wraps row-major <paramref name="values"/> (rows × columns) without copying; do not change the array afterwards.</summary>
    public DenseMatrix(float[] values, int rows, int columns) : base(rows, columns)
    {
        ArgumentNullException.ThrowIfNull(values);
        if ((long)rows * columns != values.Length)
        {
            throw new ArgumentException($"DenseMatrix: {rows} rows of {columns} columns need {(long)rows * columns} values, but {values.Length} were given.");
        }
        _values = values;
    }

    /// <inheritdoc />
    public override bool IsSparse => false;

    /// <inheritdoc />
    public override long StoredCount => _values.Length;

    /// <summary>All values, row after row.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>The values of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> RowValues(int row)
    {
        if ((uint)row >= (uint)Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"DenseMatrix: row out of range for {Rows} rows.");
        }
        return _values.AsSpan(row * Columns, Columns);
    }

    /// <inheritdoc />
    public override FeatureRow Row(int row) => new(RowValues(row));

    /// <inheritdoc />
    public override FeatureMatrix SelectRows(ReadOnlySpan<int> rows)
    {
        var values = new float[(long)rows.Length * Columns];
        for (int i = 0; i < rows.Length; i++)
        {
            RowValues(rows[i]).CopyTo(values.AsSpan(i * Columns, Columns));
        }
        return new DenseMatrix(values, rows.Length, Columns);
    }

    /// <inheritdoc />
    public override DenseMatrix ToDense() => this;
}
