using Taxon.Kernels;

namespace Taxon.Classification.Data;

/// <summary>
/// Features in compressed sparse row form (scikit-learn / SciPy: <c>csr_matrix</c> with <c>indptr</c>,
/// <c>indices</c>, <c>data</c>): row i stores its non-zero values at
/// <c>Values[RowPointers[i]..RowPointers[i+1]]</c>, with strictly ascending column indices.
/// </summary>
public sealed class SparseMatrix : FeatureMatrix
{
    private readonly int[] _rowPointers;
    private readonly int[] _columnIndices;
    private readonly float[] _values;

    /// <summary>
    /// Wraps CSR arrays without copying them, after checking them: pointers start at 0 and never decrease, indices
    /// ascend strictly within a row and lie in [0, columns).
    /// </summary>
    public SparseMatrix(int[] rowPointers, int[] columnIndices, float[] values, int columns)
        : base(rowPointers is null ? 0 : Math.Max(rowPointers.Length - 1, 0), columns)
    {
        ArgumentNullException.ThrowIfNull(rowPointers);
        ArgumentNullException.ThrowIfNull(columnIndices);
        ArgumentNullException.ThrowIfNull(values);
        if (rowPointers.Length == 0 || rowPointers[0] != 0 || rowPointers[^1] != values.Length || columnIndices.Length != values.Length)
        {
            throw new ArgumentException(
                $"SparseMatrix: row pointers must start at 0 and end at the number of values ({values.Length}), and there must be one column index per value ({columnIndices.Length} given).");
        }
        for (int i = 0; i < Rows; i++)
        {
            int start = rowPointers[i], end = rowPointers[i + 1];
            if (end < start)
            {
                throw new ArgumentException($"SparseMatrix: row pointers decrease at row {i} ({start} then {end}).");
            }
            for (int k = start; k < end; k++)
            {
                int c = columnIndices[k];
                if ((uint)c >= (uint)columns || (k > start && c <= columnIndices[k - 1]))
                {
                    throw new ArgumentException(
                        $"SparseMatrix: row {i} has column index {c}, which is out of [0, {columns}) or not above the previous one; indices must ascend strictly.");
                }
            }
        }
        _rowPointers = rowPointers;
        _columnIndices = columnIndices;
        _values = values;
    }

    /// <inheritdoc />
    public override bool IsSparse => true;

    /// <inheritdoc />
    public override long StoredCount => _values.Length;

    /// <summary>Where each row's values start, plus the end (SciPy: <c>indptr</c>).</summary>
    public ReadOnlySpan<int> RowPointers => _rowPointers;

    /// <summary>The column of each stored value (SciPy: <c>indices</c>).</summary>
    public ReadOnlySpan<int> ColumnIndices => _columnIndices;

    /// <summary>The stored values (SciPy: <c>data</c>).</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <inheritdoc />
    public override FeatureRow Row(int row)
    {
        if ((uint)row >= (uint)Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"SparseMatrix: row out of range for {Rows} rows.");
        }
        int start = _rowPointers[row], count = _rowPointers[row + 1] - start;
        return new FeatureRow(_columnIndices.AsSpan(start, count), _values.AsSpan(start, count), Columns);
    }

    /// <inheritdoc />
    public override FeatureMatrix SelectRows(ReadOnlySpan<int> rows)
    {
        long total = 0;
        foreach (int r in rows)
        {
            if ((uint)r >= (uint)Rows)
            {
                throw new ArgumentOutOfRangeException(nameof(rows), r, $"SparseMatrix: row out of range for {Rows} rows.");
            }
            total += _rowPointers[r + 1] - _rowPointers[r];
        }
        var pointers = new int[rows.Length + 1];
        var indices = new int[total];
        var values = new float[total];
        int at = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            int start = _rowPointers[rows[i]], count = _rowPointers[rows[i] + 1] - start;
            _columnIndices.AsSpan(start, count).CopyTo(indices.AsSpan(at));
            _values.AsSpan(start, count).CopyTo(values.AsSpan(at));
            at += count;
            pointers[i + 1] = at;
        }
        return new SparseMatrix(pointers, indices, values, Columns);
    }

    /// <summary>
    /// The same matrix with its columns renumbered by how many rows use them, most used first (ties in column order),
    /// and without the columns stored in fewer than two rows: <paramref name="newColumnOf"/>[c] is column c's new
    /// number, or -1 when it was dropped; <paramref name="singletonSquares"/>[i] sums the squares of row i's values in
    /// columns that only it uses. Solvers that sweep rows and touch a weight per stored value (coordinate descent)
    /// then find the frequent features' weights packed together in cache; and a feature of a single sample only ever
    /// adds to that sample's own squared norm, which a dual solver can carry as one number per sample (text
    /// n-grams seen once are most of a vocabulary).
    /// </summary>
    internal SparseMatrix WithSharedColumnsByFrequency(out int[] newColumnOf, out double[] singletonSquares)
    {
        int d = Columns;
        var counts = new int[d];
        foreach (int c in _columnIndices)
        {
            counts[c]++;
        }
        var order = new int[d];
        var keys = new long[d];
        for (int c = 0; c < d; c++)
        {
            order[c] = c;
            keys[c] = ((long)(int.MaxValue - counts[c]) << 32) | (uint)c;
        }
        Array.Sort(keys, order);
        var rank = new int[d];
        int kept = 0;
        for (int r = 0; r < d; r++)
        {
            bool shared = counts[order[r]] >= 2;
            rank[order[r]] = shared ? r : -1;
            kept += shared ? 1 : 0;
        }
        var pointers = new int[Rows + 1];
        for (int i = 0; i < Rows; i++)
        {
            int count = 0;
            for (int k = _rowPointers[i]; k < _rowPointers[i + 1]; k++)
            {
                count += rank[_columnIndices[k]] >= 0 ? 1 : 0;
            }
            pointers[i + 1] = pointers[i] + count;
        }
        var indices = new int[pointers[Rows]];
        var values = new float[pointers[Rows]];
        var squares = new double[Rows];
        Parallel.For(0, Rows, new ParallelOptions { MaxDegreeOfParallelism = Parallelism.MaxThreads }, i =>
        {
            int at = pointers[i];
            double single = 0;
            for (int k = _rowPointers[i]; k < _rowPointers[i + 1]; k++)
            {
                int c = rank[_columnIndices[k]];
                if (c >= 0)
                {
                    indices[at] = c;
                    values[at++] = _values[k];
                }
                else
                {
                    single += (double)_values[k] * _values[k];
                }
            }
            squares[i] = single;
            Array.Sort(indices, values, pointers[i], at - pointers[i]);
        });
        newColumnOf = rank;
        singletonSquares = squares;
        return new SparseMatrix(pointers, indices, values, kept);
    }

    /// <inheritdoc />
    public override SparseMatrix ToSparse() => this;

    /// <summary>
    /// Builds a CSR matrix row by row: <see cref="Add"/> the row's values (any column order; repeated columns are
    /// summed), then <see cref="EndRow"/>; <see cref="Build"/> at the end.
    /// </summary>
    public sealed class Builder
    {
        private readonly List<int> _pointers = [0];
        private readonly List<int> _row = [];
        private readonly List<float> _rowValues = [];
        private int[] _indices = new int[256];
        private float[] _values = new float[256];
        private int _count;

        /// <summary>Starts an empty matrix of <paramref name="columns"/> columns; a negative count means "the largest index added, plus one".</summary>
        public Builder(int columns = -1) => Columns = columns;

        /// <summary>The column count given, or -1 when it is inferred.</summary>
        public int Columns { get; }

        /// <summary>The number of finished rows.</summary>
        public int Rows => _pointers.Count - 1;

        /// <summary>Adds a value to the current row.</summary>
        public void Add(int column, float value)
        {
            if (column < 0 || (Columns >= 0 && column >= Columns))
            {
                throw new ArgumentOutOfRangeException(nameof(column), column, $"SparseMatrix.Builder: column out of range for {Columns} columns.");
            }
            _row.Add(column);
            _rowValues.Add(value);
        }

        /// <summary>Finishes the current row: sorts its columns and sums repeats.</summary>
        public void EndRow()
        {
            int n = _row.Count;
            if (_count + n > _indices.Length)
            {
                int size = Math.Max(_indices.Length * 2, _count + n);
                Array.Resize(ref _indices, size);
                Array.Resize(ref _values, size);
            }
            if (n > 0)
            {
                var cols = _row.ToArray();
                var vals = _rowValues.ToArray();
                Array.Sort(cols, vals);
                int start = _count;
                for (int k = 0; k < n; k++)
                {
                    if (_count > start && _indices[_count - 1] == cols[k])
                    {
                        _values[_count - 1] += vals[k];
                    }
                    else
                    {
                        _indices[_count] = cols[k];
                        _values[_count] = vals[k];
                        _count++;
                    }
                }
            }
            _pointers.Add(_count);
            _row.Clear();
            _rowValues.Clear();
        }

        /// <summary>The matrix of the finished rows.</summary>
        public SparseMatrix Build()
        {
            if (_row.Count > 0)
            {
                throw new InvalidOperationException("SparseMatrix.Builder: the last row was not ended; call EndRow first.");
            }
            int columns = Columns;
            if (columns < 0)
            {
                columns = 0;
                for (int k = 0; k < _count; k++)
                {
                    columns = Math.Max(columns, _indices[k] + 1);
                }
            }
            return new SparseMatrix([.. _pointers], _indices[.._count], _values[.._count], columns);
        }
    }
}
