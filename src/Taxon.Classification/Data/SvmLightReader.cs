using System.Globalization;

namespace Taxon.Classification.Data;

/// <summary>
/// Reads the LIBSVM / SVMlight format (scikit-learn: <c>load_svmlight_file</c>): one sample per line,
/// <c>label index:value index:value ...</c>, into a <see cref="SparseMatrix"/>. Indices ascend strictly and are
/// 1-based or 0-based (<see cref="DataReaderOptions.ZeroBased"/>; by default 0-based only when some index is 0, as
/// scikit-learn's <c>zero_based="auto"</c>); <c>qid:n</c> is ignored; text after <c>#</c> is a comment. Numeric
/// labels are compared as numbers (<c>+1</c>, <c>1</c> and <c>1.0</c> are the label <c>1</c>). The multi-label form
/// starts with comma-separated labels (<c>2,5 1:0.3</c>; a line that starts with a feature has no labels). Every
/// malformed line is an <see cref="InvalidDataException"/> naming the file, the line and the token.
/// </summary>
public static class SvmLightReader
{
    /// <summary>Reads the file at <paramref name="path"/> (gzip-compressed or not).</summary>
    public static LabeledData Read(string path, DataReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return DataReader.Guard(path, () =>
        {
            using TextReader reader = DataReader.OpenText(path);
            return Read(reader, path, options);
        });
    }

    /// <summary>Reads LIBSVM text; <paramref name="source"/> names it in messages.</summary>
    public static LabeledData Read(TextReader reader, string source, DataReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        options ??= new DataReaderOptions();
        options.Validate();
        var lines = new List<int>();
        var labelFields = new List<string>();
        var pointers = new List<int> { 0 };
        var indices = new List<int>();
        var values = new List<float>();
        int minIndex = int.MaxValue, minLine = 0;
        bool sawMultiLabelField = false;
        int lineNumber = 0;
        while (reader.ReadLine() is { } text)
        {
            lineNumber++;
            int hash = text.IndexOf('#', StringComparison.Ordinal);
            ReadOnlySpan<char> line = (hash >= 0 ? text.AsSpan(0, hash) : text.AsSpan()).Trim();
            if (line.IsEmpty)
            {
                continue;
            }
            int previous = -1;
            bool first = true;
            foreach (Range r in line.SplitAny(" \t"))
            {
                ReadOnlySpan<char> token = line[r];
                if (token.IsEmpty)
                {
                    continue;
                }
                int colon = token.IndexOf(':');
                if (first)
                {
                    first = false;
                    if (colon < 0)
                    {
                        labelFields.Add(token.ToString());
                        sawMultiLabelField |= token.Contains(',');
                        continue;
                    }
                    labelFields.Add("");
                    sawMultiLabelField = true;
                }
                if (colon <= 0)
                {
                    throw FieldParser.Error(source, lineNumber, $"'{FieldParser.Shorten(token)}' is not an index:value pair.");
                }
                ReadOnlySpan<char> name = token[..colon];
                if (name.SequenceEqual("qid"))
                {
                    continue;
                }
                if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                {
                    throw FieldParser.Error(source, lineNumber, $"'{FieldParser.Shorten(token)}' has the index '{FieldParser.Shorten(name)}', which is not a non-negative integer.");
                }
                if (index <= previous)
                {
                    throw FieldParser.Error(source, lineNumber, $"feature index {index} follows {previous}; indices must ascend strictly (sorted, no repeats).");
                }
                previous = index;
                float value = FieldParser.Feature(token[(colon + 1)..], source, lineNumber, $"feature {index}");
                if (index < minIndex)
                {
                    minIndex = index;
                    minLine = lineNumber;
                }
                if (value != 0)
                {
                    indices.Add(index);
                    values.Add(value);
                }
            }
            pointers.Add(indices.Count);
            lines.Add(lineNumber);
        }
        if (lines.Count == 0)
        {
            throw new InvalidDataException($"{source}: holds no samples.");
        }

        bool zeroBased = options.ZeroBased ?? minIndex == 0;
        if (!zeroBased && minIndex == 0)
        {
            throw FieldParser.Error(source, minLine, "has feature index 0, but the file is read as 1-based (ZeroBased = false).");
        }
        int[] columnIndices = [.. indices];
        if (!zeroBased)
        {
            for (int k = 0; k < columnIndices.Length; k++)
            {
                columnIndices[k]--;
            }
        }
        int[] rowPointers = [.. pointers];
        int columns = options.Columns ?? (columnIndices.Length == 0 ? 0 : MaxIndex(columnIndices) + 1);
        for (int i = 0; i < lines.Count; i++)
        {
            int end = rowPointers[i + 1];
            if (end > rowPointers[i] && columnIndices[end - 1] >= columns)
            {
                int shown = columnIndices[end - 1] + (zeroBased ? 0 : 1);
                throw FieldParser.Error(source, lines[i],
                    $"has feature index {shown}, beyond the {columns} columns expected ({(zeroBased ? "0" : "1")}-based indices; was the model trained on fewer features?).");
            }
        }
        var x = new SparseMatrix(rowPointers, columnIndices, [.. values], columns);

        bool multiLabel = options.MultiLabel ?? sawMultiLabelField;
        LabeledData data;
        if (multiLabel)
        {
            var sets = new string[labelFields.Count][];
            for (int i = 0; i < sets.Length; i++)
            {
                sets[i] = SplitLabels(labelFields[i]);
            }
            data = new LabeledData(x, sets);
        }
        else
        {
            var labels = new string[labelFields.Count];
            for (int i = 0; i < labels.Length; i++)
            {
                if (labelFields[i].Length == 0)
                {
                    throw FieldParser.Error(source, lines[i], "has no label before its features.");
                }
                labels[i] = FieldParser.CanonicalLabel(labelFields[i]);
            }
            data = new LabeledData(x, labels);
        }
        return data.WithOrigin(source, null, [.. lines]);
    }

    private static int MaxIndex(int[] indices)
    {
        int max = 0;
        foreach (int c in indices)
        {
            max = Math.Max(max, c);
        }
        return max;
    }

    private static string[] SplitLabels(string field)
    {
        var set = new List<string>();
        foreach (string part in field.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string label = FieldParser.CanonicalLabel(part);
            if (!set.Contains(label))
            {
                set.Add(label);
            }
        }
        return [.. set];
    }
}
