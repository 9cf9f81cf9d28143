using System.Globalization;

namespace Taxon.Classification.Data;

/// <summary>
/// The features of a set of samples, one row per sample (scikit-learn: <c>X</c>, a NumPy array or a SciPy CSR
/// matrix): a <see cref="DenseMatrix"/> or a <see cref="SparseMatrix"/>. Values are float32; models accumulate in
/// double. Matrices are immutable once built, so models may read them from many threads.
/// </summary>
public abstract class FeatureMatrix
{
    private protected FeatureMatrix(int rows, int columns)
    {
        if (rows < 0 || columns < 0)
        {
            throw new ArgumentException($"{GetType().Name}: rows ({rows}) and columns ({columns}) must not be negative.");
        }
        Rows = rows;
        Columns = columns;
    }

    /// <summary>The number of samples (scikit-learn: <c>n_samples</c>).</summary>
    public int Rows { get; }

    /// <summary>The number of features (scikit-learn: <c>n_features</c>).</summary>
    public int Columns { get; }

    /// <summary>Whether rows store only their non-zero values.</summary>
    public abstract bool IsSparse { get; }

    /// <summary>The number of stored values (Rows × Columns for a dense matrix).</summary>
    public abstract long StoredCount { get; }

    /// <summary>Row <paramref name="row"/>.</summary>
    public abstract FeatureRow Row(int row);

    /// <summary>A new matrix of the given rows, in the given order (repeats allowed; scikit-learn: <c>X[rows]</c>).</summary>
    public abstract FeatureMatrix SelectRows(ReadOnlySpan<int> rows);

    /// <summary>The value at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public float this[int row, int column] => Row(row)[column];

    /// <summary>The same values as a dense matrix (itself when already dense).</summary>
    public virtual DenseMatrix ToDense()
    {
        var values = new float[(long)Rows * Columns];
        for (int i = 0; i < Rows; i++)
        {
            Row(i).CopyTo(values.AsSpan(i * Columns, Columns));
        }
        return new DenseMatrix(values, Rows, Columns);
    }

    /// <summary>The same values as a CSR matrix (itself when already sparse); zeros are not stored.</summary>
    public virtual SparseMatrix ToSparse()
    {
        var builder = new SparseMatrix.Builder(Columns);
        for (int i = 0; i < Rows; i++)
        {
            FeatureRow r = Row(i);
            for (int k = 0; k < r.StoredCount; k++)
            {
                if (r.Values[k] != 0)
                {
                    builder.Add(r.ColumnAt(k), r.Values[k]);
                }
            }
            builder.EndRow();
        }
        return builder.Build();
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the first NaN or infinite value (its row, column and
    /// <paramref name="source"/>); <paramref name="lineOf"/> maps a row to its line in the source file, when known.
    /// </summary>
    public void CheckFinite(string? source = null, IReadOnlyList<int>? lineOf = null)
    {
        for (int i = 0; i < Rows; i++)
        {
            FeatureRow r = Row(i);
            ReadOnlySpan<float> v = r.Values;
            for (int k = 0; k < v.Length; k++)
            {
                if (!float.IsFinite(v[k]))
                {
                    string where = lineOf is not null && i < lineOf.Count ? $"line {lineOf[i]}" : $"row {i}";
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"{source ?? "the data"}: {where}, feature {r.ColumnAt(k)}: value {v[k]} is not a finite number; remove or impute NaN and infinite values first."));
                }
            }
        }
    }

    /// <summary>Wraps row-major <paramref name="values"/> (rows × columns) without copying.</summary>
    public static DenseMatrix Dense(float[] values, int rows, int columns) => new(values, rows, columns);

    /// <summary>Copies a two-dimensional array.</summary>
    public static DenseMatrix Dense(float[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int rows = values.GetLength(0), columns = values.GetLength(1);
        var flat = new float[rows * columns];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                flat[i * columns + j] = values[i, j];
            }
        }
        return new DenseMatrix(flat, rows, columns);
    }

    /// <summary>Copies a two-dimensional array of doubles, rounding to float32.</summary>
    public static DenseMatrix Dense(double[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int rows = values.GetLength(0), columns = values.GetLength(1);
        var flat = new float[rows * columns];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                flat[i * columns + j] = (float)values[i, j];
            }
        }
        return new DenseMatrix(flat, rows, columns);
    }

    /// <summary>Columns of <paramref name="left"/> then of <paramref name="right"/>, row by row (scikit-learn: <c>np.hstack</c> / <c>scipy.sparse.hstack</c>); sparse if either is.</summary>
    public static FeatureMatrix ConcatColumns(FeatureMatrix left, FeatureMatrix right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.Rows != right.Rows)
        {
            throw new ArgumentException($"FeatureMatrix.ConcatColumns: {left.Rows} rows and {right.Rows} rows cannot be joined side by side.");
        }
        int columns = left.Columns + right.Columns;
        if (!left.IsSparse && !right.IsSparse)
        {
            var values = new float[(long)left.Rows * columns];
            for (int i = 0; i < left.Rows; i++)
            {
                left.Row(i).CopyTo(values.AsSpan(i * columns, left.Columns));
                right.Row(i).CopyTo(values.AsSpan(i * columns + left.Columns, right.Columns));
            }
            return new DenseMatrix(values, left.Rows, columns);
        }
        var builder = new SparseMatrix.Builder(columns);
        for (int i = 0; i < left.Rows; i++)
        {
            AppendNonZeros(builder, left.Row(i), 0);
            AppendNonZeros(builder, right.Row(i), left.Columns);
            builder.EndRow();
        }
        return builder.Build();
    }

    private static void AppendNonZeros(SparseMatrix.Builder builder, FeatureRow row, int offset)
    {
        for (int k = 0; k < row.StoredCount; k++)
        {
            if (row.Values[k] != 0)
            {
                builder.Add(offset + row.ColumnAt(k), row.Values[k]);
            }
        }
    }
}
