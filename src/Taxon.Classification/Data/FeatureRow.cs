using Taxon.Kernels;

namespace Taxon.Classification.Data;

/// <summary>
/// One sample's features, as a model reads them: either all <see cref="Length"/> values (a dense row) or the
/// non-zero values with their column indices in ascending order (a sparse row, scikit-learn: a row of a
/// <c>csr_matrix</c>). Models score rows through <see cref="Dot"/> and <see cref="AddScaledTo"/>, so one code path
/// serves both layouts.
/// </summary>
public readonly ref struct FeatureRow
{
    private readonly ReadOnlySpan<int> _indices;
    private readonly ReadOnlySpan<float> _values;

    /// <summary>A dense row: <paramref name="values"/> holds every column.</summary>
    public FeatureRow(ReadOnlySpan<float> values)
    {
        _values = values;
        _indices = default;
        IsDense = true;
        Length = values.Length;
    }

    /// <summary>A sparse row of <paramref name="length"/> columns: the non-zero <paramref name="values"/> at ascending column <paramref name="indices"/>.</summary>
    public FeatureRow(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, int length)
    {
        if (indices.Length != values.Length)
        {
            throw new ArgumentException($"FeatureRow: {indices.Length} column indices but {values.Length} values.");
        }
        _indices = indices;
        _values = values;
        IsDense = false;
        Length = length;
    }

    /// <summary>Whether <see cref="Values"/> holds every column (true) or only the non-zero ones (false).</summary>
    public bool IsDense { get; }

    /// <summary>The number of columns of the row (scikit-learn: <c>n_features</c>).</summary>
    public int Length { get; }

    /// <summary>The column of each stored value; empty for a dense row.</summary>
    public ReadOnlySpan<int> Indices => _indices;

    /// <summary>The stored values: every column for a dense row, the non-zero ones for a sparse row.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>The number of stored values (<see cref="Length"/> for a dense row).</summary>
    public int StoredCount => _values.Length;

    /// <summary>The column of stored value <paramref name="k"/>.</summary>
    public int ColumnAt(int k) => IsDense ? k : _indices[k];

    /// <summary>The value of column <paramref name="column"/> (a search for a sparse row).</summary>
    public float this[int column]
    {
        get
        {
            if ((uint)column >= (uint)Length)
            {
                throw new ArgumentOutOfRangeException(nameof(column), column, $"FeatureRow: column out of range for {Length} columns.");
            }
            if (IsDense)
            {
                return _values[column];
            }
            int k = _indices.BinarySearch(column);
            return k >= 0 ? _values[k] : 0f;
        }
    }

    /// <summary>The dot product with <paramref name="weights"/>, which has at least <see cref="Length"/> entries; summed in double.</summary>
    public double Dot(ReadOnlySpan<double> weights)
    {
        if (IsDense)
        {
            return MixedPrecisionDot.Dot(_values, weights);
        }
        double s = 0;
        ReadOnlySpan<int> idx = _indices;
        ReadOnlySpan<float> val = _values;
        for (int k = 0; k < idx.Length; k++)
        {
            s += val[k] * weights[idx[k]];
        }
        return s;
    }

    /// <summary><c>target += scale · row</c>, for a <paramref name="target"/> of at least <see cref="Length"/> entries.</summary>
    public void AddScaledTo(Span<double> target, double scale)
    {
        if (IsDense)
        {
            MixedPrecisionAxpy.AddScaled(_values, scale, target);
            return;
        }
        ReadOnlySpan<int> idx = _indices;
        ReadOnlySpan<float> val = _values;
        for (int k = 0; k < idx.Length; k++)
        {
            target[idx[k]] += scale * val[k];
        }
    }

    /// <summary>The sum of squares of the values, in double.</summary>
    public double SquaredNorm()
    {
        double s = 0;
        foreach (float v in _values)
        {
            s += (double)v * v;
        }
        return s;
    }

    /// <summary>Writes every column into <paramref name="dense"/> (zeros where a sparse row stores nothing).</summary>
    public void CopyTo(Span<float> dense)
    {
        dense = dense[..Length];
        if (IsDense)
        {
            _values.CopyTo(dense);
            return;
        }
        dense.Clear();
        for (int k = 0; k < _indices.Length; k++)
        {
            dense[_indices[k]] = _values[k];
        }
    }
}
