using nietras.SeparatedValues;

namespace Taxon.Classification.Data;

/// <summary>
/// Reads comma- or tab-separated files (pandas: <c>read_csv</c>) with the Sep parser: RFC 4180 quoting, a header
/// row by default, one label column (by default one named label/class/target/y, else the last; see
/// <see cref="DataReaderOptions"/>), and either numeric features in invariant culture or one text column. An empty
/// or non-numeric feature, a missing label or a row with the wrong number of fields is an
/// <see cref="InvalidDataException"/> naming the file, line and column. Blank lines are skipped.
/// </summary>
public static class CsvReader
{
    /// <summary>Reads the file at <paramref name="path"/> (gzip-compressed or not); the delimiter defaults to tab for <c>.tsv</c> names, else comma.</summary>
    public static LabeledData Read(string path, DataReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return DataReader.Guard(path, () =>
        {
            using TextReader reader = DataReader.OpenText(path);
            return Read(reader, path, options);
        });
    }

    /// <summary>Reads CSV text; <paramref name="source"/> names it in messages and picks the default delimiter.</summary>
    public static LabeledData Read(TextReader reader, string source, DataReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        options ??= new DataReaderOptions();
        options.Validate();
        char delimiter = options.Delimiter ?? (IsTsvName(source) ? '\t' : ',');
        using SepReader sep = Sep.New(delimiter).Reader(o => o with
        {
            HasHeader = false,
            Unescape = true,
            Trim = SepTrim.All,
            DisableColCountCheck = true,
        }).From(reader);

        string[]? names = null;
        int columns = -1, labelColumn = -1, textColumn = -1;
        var labels = new List<string>();
        var labelSets = new List<string[]>();
        var texts = new List<string>();
        var lines = new List<int>();
        float[] values = new float[1024];
        long count = 0;
        foreach (SepReader.Row row in sep)
        {
            int line = row.LineNumberFrom;
            if (row.ColCount == 1 && row[0].Span.IsEmpty)
            {
                continue;
            }
            if (columns < 0)
            {
                columns = row.ColCount;
                if (options.HasHeader)
                {
                    names = new string[columns];
                    for (int j = 0; j < columns; j++)
                    {
                        names[j] = row[j].ToString();
                    }
                }
                labelColumn = !options.HasLabels ? -1
                    : options.LabelColumn is null
                    ? FieldParser.DefaultLabelColumn(names, columns)
                    : FieldParser.ResolveColumn("the label column", options.LabelColumn, names, columns, source);
                textColumn = options.TextColumn is not null
                    ? FieldParser.ResolveColumn("the text column", options.TextColumn, names, columns, source)
                    : names is not null ? Array.FindIndex(names, n => string.Equals(n, "text", StringComparison.OrdinalIgnoreCase)) : -1;
                if (textColumn == labelColumn && textColumn >= 0)
                {
                    throw new InvalidDataException($"{source}: the label column and the text column are the same ({Column(names, labelColumn)}).");
                }
                if (columns < (options.HasLabels ? 2 : 1))
                {
                    throw FieldParser.Error(source, line, $"has {columns} column; a data file needs a label column and at least one feature column (is the delimiter '{Printable(delimiter)}' right?).");
                }
                if (names is not null)
                {
                    continue;
                }
            }
            if (row.ColCount != columns)
            {
                throw FieldParser.Error(source, line,
                    $"has {row.ColCount} fields, but {(names is null ? "the first row" : "the header")} has {columns} (delimiter '{Printable(delimiter)}'; quote fields that contain it).");
            }
            ReadOnlySpan<char> label = labelColumn >= 0 ? row[labelColumn].Span : [];
            if (labelColumn < 0)
            {
                labels.Add("");
            }
            else if (options.LabelSeparator is { } separator)
            {
                labelSets.Add(SplitLabels(label, separator));
            }
            else if (label.IsEmpty)
            {
                throw FieldParser.Error(source, line, $"{Column(names, labelColumn)} (the label) is empty.");
            }
            else
            {
                labels.Add(row[labelColumn].ToString());
            }
            lines.Add(line);
            if (textColumn >= 0)
            {
                texts.Add(row[textColumn].ToString());
                continue;
            }
            int width = labelColumn >= 0 ? columns - 1 : columns;
            if (count + width > values.Length)
            {
                Array.Resize(ref values, (int)Math.Min(Array.MaxLength, Math.Max(values.Length * 2L, count + width)));
            }
            for (int j = 0; j < columns; j++)
            {
                if (j != labelColumn)
                {
                    values[count++] = FieldParser.Feature(row[j].Span, source, line, Column(names, j));
                }
            }
        }
        if (columns < 0)
        {
            throw new InvalidDataException($"{source}: is empty; expected {(options.HasHeader ? "a header row and " : "")}data rows.");
        }

        string[]? featureNames = names?.Where((_, j) => j != labelColumn && (textColumn < 0 || j == textColumn)).ToArray();
        LabeledData data;
        if (textColumn >= 0)
        {
            data = options.LabelSeparator is null || !options.HasLabels ? LabeledData.FromTexts([.. texts], [.. labels]) : LabeledData.FromTexts([.. texts], [.. labelSets]);
        }
        else
        {
            int rows = lines.Count, width = labelColumn >= 0 ? columns - 1 : columns;
            Array.Resize(ref values, rows * width);
            var x = new DenseMatrix(values, rows, width);
            data = options.LabelSeparator is null || !options.HasLabels ? new LabeledData(x, [.. labels]) : new LabeledData(x, [.. labelSets]);
        }
        return data.WithOrigin(source, featureNames, [.. lines]);
    }

    private static string[] SplitLabels(ReadOnlySpan<char> cell, string separator)
    {
        var set = new List<string>();
        foreach (Range r in cell.Split(separator))
        {
            string label = cell[r].Trim().ToString();
            if (label.Length > 0 && !set.Contains(label))
            {
                set.Add(label);
            }
        }
        return [.. set];
    }

    private static bool IsTsvName(string source)
    {
        string name = source.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? source[..^3] : source;
        return name.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".tab", StringComparison.OrdinalIgnoreCase);
    }

    private static string Column(string[]? names, int j) => names is null ? $"column {j + 1}" : $"column '{names[j]}'";

    private static string Printable(char c) => c == '\t' ? "\\t" : c.ToString();
}
