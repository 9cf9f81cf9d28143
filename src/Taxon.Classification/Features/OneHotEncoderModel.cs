using System.Globalization;
using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Features;

/// <summary>A fitted <see cref="OneHotEncoder"/>: the categories of each encoded column (scikit-learn: <c>categories_</c>).</summary>
public sealed class OneHotEncoderModel : TransformerModel
{
    private readonly int[] _columns;
    private readonly float[][] _categories;
    private readonly int[] _blockStart;
    private readonly int[] _passthrough;
    private readonly int _outputColumns;

    internal OneHotEncoderModel(int inputColumns, int[] columns, float[][] categories, UnknownCategory handleUnknown) : base(inputColumns)
    {
        if (columns.Length != categories.Length)
        {
            throw new ArgumentException($"OneHotEncoderModel: {columns.Length} columns but {categories.Length} category lists.");
        }
        var encoded = new bool[inputColumns];
        _blockStart = new int[columns.Length];
        int at = 0;
        for (int k = 0; k < columns.Length; k++)
        {
            if ((uint)columns[k] >= (uint)inputColumns || encoded[columns[k]])
            {
                throw new ArgumentException($"OneHotEncoderModel: column {columns[k]} is out of range for {inputColumns} columns or listed twice.");
            }
            encoded[columns[k]] = true;
            float[] c = categories[k];
            for (int v = 1; v < c.Length; v++)
            {
                if (!(c[v - 1] < c[v]))
                {
                    throw new ArgumentException($"OneHotEncoderModel: the categories of column {columns[k]} do not ascend strictly.");
                }
            }
            _blockStart[k] = at;
            at += c.Length;
        }
        _passthrough = [.. Enumerable.Range(0, inputColumns).Where(j => !encoded[j])];
        _outputColumns = at + _passthrough.Length;
        _columns = columns;
        _categories = categories;
        HandleUnknown = handleUnknown;
    }

    /// <summary>The kind recorded in model files.</summary>
    public const string KindName = "one-hot-encoder";

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <inheritdoc />
    public override int OutputColumns => _outputColumns;

    /// <summary>The encoded input columns, in the order of their indicator blocks.</summary>
    public IReadOnlyList<int> Columns => _columns;

    /// <summary>The categories of each encoded column, ascending (scikit-learn: <c>categories_</c>).</summary>
    public IReadOnlyList<IReadOnlyList<float>> Categories => _categories;

    /// <summary>What a category not seen in fitting gives.</summary>
    public UnknownCategory HandleUnknown { get; }

    /// <inheritdoc />
    protected override FeatureMatrix TransformCore(FeatureMatrix x)
    {
        int blocks = _outputColumns - _passthrough.Length;
        if (x.IsSparse)
        {
            var builder = new SparseMatrix.Builder(_outputColumns);
            for (int i = 0; i < x.Rows; i++)
            {
                FeatureRow row = x.Row(i);
                for (int k = 0; k < _columns.Length; k++)
                {
                    int hot = Category(k, row[_columns[k]], i);
                    if (hot >= 0)
                    {
                        builder.Add(_blockStart[k] + hot, 1f);
                    }
                }
                for (int p = 0; p < _passthrough.Length; p++)
                {
                    float v = row[_passthrough[p]];
                    if (v != 0)
                    {
                        builder.Add(blocks + p, v);
                    }
                }
                builder.EndRow();
            }
            return builder.Build();
        }
        var result = new float[(long)x.Rows * _outputColumns];
        for (int i = 0; i < x.Rows; i++)
        {
            ReadOnlySpan<float> row = x.Row(i).Values;
            Span<float> output = result.AsSpan(i * _outputColumns, _outputColumns);
            for (int k = 0; k < _columns.Length; k++)
            {
                int hot = Category(k, row[_columns[k]], i);
                if (hot >= 0)
                {
                    output[_blockStart[k] + hot] = 1f;
                }
            }
            for (int p = 0; p < _passthrough.Length; p++)
            {
                output[blocks + p] = row[_passthrough[p]];
            }
        }
        return new DenseMatrix(result, x.Rows, _outputColumns);
    }

    private int Category(int k, float value, int row)
    {
        int hot = Array.BinarySearch(_categories[k], value + 0f);
        if (hot < 0 && HandleUnknown == UnknownCategory.Error)
        {
            float[] known = _categories[k];
            string list = string.Join(", ", known.Take(20).Select(c => c.ToString(CultureInfo.InvariantCulture))) + (known.Length > 20 ? ", ..." : "");
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"one-hot-encoder: row {row}, column {_columns[k]} holds {value}, a category not seen in fitting (known: {list}); set HandleUnknown = Ignore to encode unknown values as all zeros."));
        }
        return hot;
    }

    /// <inheritdoc />
    protected internal override void Write(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteJson("feature_count", FeatureCount);
        writer.WriteJson("handle_unknown", HandleUnknown);
        writer.Write("columns", _columns);
        writer.Write("category_counts", [.. _categories.Select(c => c.Length)]);
        writer.Write("categories", [.. _categories.SelectMany(c => c)]);
    }

    internal static OneHotEncoderModel Read(ModelReader reader)
    {
        int d = reader.ReadJson<int>("feature_count");
        int[] columns = reader.ReadInts("columns");
        int[] counts = reader.ReadInts("category_counts", columns.Length);
        if (counts.Any(c => c < 0))
        {
            throw reader.Corrupt("category_counts", "a count is negative");
        }
        float[] flat = reader.ReadFloats("categories", counts.Sum());
        var categories = new float[columns.Length][];
        int at = 0;
        for (int k = 0; k < columns.Length; k++)
        {
            categories[k] = flat[at..(at + counts[k])];
            at += counts[k];
        }
        return new OneHotEncoderModel(d, columns, categories, reader.ReadJson<UnknownCategory>("handle_unknown"));
    }
}
