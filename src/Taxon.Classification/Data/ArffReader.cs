using System.Globalization;
using System.Text;

namespace Taxon.Classification.Data;

/// <summary>
/// Reads Weka's ARFF files (scikit-learn / SciPy: <c>scipy.io.arff.loadarff</c>), dense rows and sparse rows
/// (<c>{3 0.5, 10 1}</c>, omitted values 0), comments (<c>%</c>) and quoted names and values, including MULAN's
/// multi-label layout (<see cref="DataReaderOptions.LabelCount"/>: the last N attributes, or with a negative count
/// the first -N, are <c>{0,1}</c> labels named by their attributes). Numeric attributes are features; a nominal
/// attribute becomes one feature holding the 0-based index of its value in the declaration (<c>{red,green}</c>:
/// red → 0, green → 1; one-hot encode it with <see cref="Features.OneHotEncoder"/>); a single string attribute
/// besides the class makes the data text. Without a label count the class is
/// <see cref="DataReaderOptions.LabelColumn"/> (by default an attribute named class/label/target/y, else the last).
/// A missing value (<c>?</c>), a value not declared for a nominal attribute, a row with the wrong number of values
/// or an unknown declaration is an <see cref="InvalidDataException"/> naming the file, the line and the attribute.
/// </summary>
public static class ArffReader
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

    /// <summary>Reads ARFF text; <paramref name="source"/> names it in messages.</summary>
    public static LabeledData Read(TextReader reader, string source, DataReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        options ??= new DataReaderOptions();
        options.Validate();
        var state = new LineState(reader);
        List<Attribute> attributes = ReadHeader(state, source);
        var layout = new Layout(attributes, options, source);
        return ReadData(state, source, attributes, layout);
    }

    private enum AttributeType { Numeric, Nominal, Text }

    private sealed record Attribute(string Name, AttributeType Type, string[] Values, int Line)
    {
        public Dictionary<string, int> Codes { get; } = Values.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal);
    }

    private sealed class LineState(TextReader reader)
    {
        public int Number { get; private set; }

        /// <summary>The next line that is neither blank nor a comment, trimmed; null at the end.</summary>
        public string? Next()
        {
            while (reader.ReadLine() is { } line)
            {
                Number++;
                string trimmed = line.Trim();
                if (trimmed.Length > 0 && trimmed[0] != '%')
                {
                    return trimmed;
                }
            }
            return null;
        }
    }

    private static List<Attribute> ReadHeader(LineState state, string source)
    {
        var attributes = new List<Attribute>();
        while (state.Next() is { } line)
        {
            int line_ = state.Number;
            if (StartsWithKeyword(line, "@relation"))
            {
                continue;
            }
            if (StartsWithKeyword(line, "@data"))
            {
                if (attributes.Count == 0)
                {
                    throw FieldParser.Error(source, line_, "@data comes before any @attribute.");
                }
                return attributes;
            }
            if (!StartsWithKeyword(line, "@attribute"))
            {
                throw FieldParser.Error(source, line_, $"expected @relation, @attribute or @data, found '{FieldParser.Shorten(line)}'.");
            }
            int at = "@attribute".Length;
            string? name = NextToken(line, ref at, source, line_);
            if (name is null)
            {
                throw FieldParser.Error(source, line_, "@attribute has no name.");
            }
            string type = line[at..].Trim();
            if (type.StartsWith('{'))
            {
                int close = type.LastIndexOf('}');
                if (close < 0)
                {
                    throw FieldParser.Error(source, line_, $"attribute '{name}': the nominal values have no closing '}}'.");
                }
                var values = SplitFields(type.AsSpan(1, close - 1), source, line_).Select(f => f.Text).ToArray();
                if (values.Length == 0 || values.Distinct(StringComparer.Ordinal).Count() != values.Length)
                {
                    throw FieldParser.Error(source, line_, $"attribute '{name}': the nominal values are empty or repeat one.");
                }
                attributes.Add(new Attribute(name, AttributeType.Nominal, values, line_));
                continue;
            }
            string keyword = type.Split(' ', '\t')[0].ToLowerInvariant();
            attributes.Add(keyword switch
            {
                "numeric" or "real" or "integer" => new Attribute(name, AttributeType.Numeric, [], line_),
                "string" => new Attribute(name, AttributeType.Text, [], line_),
                _ => throw FieldParser.Error(source, line_,
                    $"attribute '{name}' has type '{FieldParser.Shorten(type)}'; Taxon reads numeric, real, integer, nominal {{a,b,...}} and string attributes."),
            });
        }
        throw new InvalidDataException($"{source}: has no @data section.");
    }

    /// <summary>Which attributes are labels and which are features, and how each feature maps to a column.</summary>
    private sealed class Layout
    {
        public Layout(List<Attribute> attributes, DataReaderOptions options, string source)
        {
            int n = attributes.Count;
            string[] names = [.. attributes.Select(a => a.Name)];
            LabelAttributes = [];
            if (options.LabelCount != 0)
            {
                int count = Math.Abs(options.LabelCount);
                if (count >= n)
                {
                    throw new InvalidDataException($"{source}: a label count of {options.LabelCount} leaves no features among its {n} attributes.");
                }
                int start = options.LabelCount > 0 ? n - count : 0;
                for (int a = start; a < start + count; a++)
                {
                    Attribute attr = attributes[a];
                    if (attr.Type == AttributeType.Text || (attr.Type == AttributeType.Nominal && attr.Values.Any(v => v is not ("0" or "1"))))
                    {
                        throw FieldParser.Error(source, attr.Line,
                            $"attribute '{attr.Name}' is one of the {count} label attributes, but is not binary ({{0,1}}); is the label count right?");
                    }
                    LabelAttributes.Add(a);
                }
                MultiLabel = true;
            }
            else
            {
                int label = options.LabelColumn is null
                    ? FieldParser.DefaultLabelColumn(names, n)
                    : FieldParser.ResolveColumn("the label attribute", options.LabelColumn, names, n, source);
                LabelAttributes.Add(label);
            }
            Column = new int[n];
            var featureNames = new List<string>();
            for (int a = 0; a < n; a++)
            {
                Column[a] = LabelAttributes.Contains(a) ? -1 : featureNames.Count;
                if (Column[a] >= 0)
                {
                    featureNames.Add(names[a]);
                }
            }
            FeatureNames = [.. featureNames];
            LabelNames = [.. LabelAttributes.Select(a => names[a])];
            int texts = attributes.Count(a => a.Type == AttributeType.Text && Column[attributes.IndexOf(a)] >= 0);
            for (int a = 0; a < n; a++)
            {
                if (Column[a] >= 0 && attributes[a].Type == AttributeType.Text && (texts > 1 || FeatureNames.Length > 1))
                {
                    throw FieldParser.Error(source, attributes[a].Line,
                        $"attribute '{attributes[a].Name}' is a string; Taxon reads a string attribute only as the one text feature beside the class.");
                }
                if (Column[a] >= 0 && attributes[a].Type == AttributeType.Text)
                {
                    TextAttribute = a;
                }
            }
        }

        public List<int> LabelAttributes { get; }

        public bool MultiLabel { get; }

        /// <summary>The feature column of each attribute; -1 for a label.</summary>
        public int[] Column { get; }

        public string[] FeatureNames { get; }

        public string[] LabelNames { get; }

        public int TextAttribute { get; } = -1;
    }

    private static LabeledData ReadData(LineState state, string source, List<Attribute> attributes, Layout layout)
    {
        int n = attributes.Count, width = layout.FeatureNames.Length;
        var lines = new List<int>();
        var labels = new List<string>();
        var labelSets = new List<string[]>();
        var texts = new List<string>();
        var dense = new List<float>();
        SparseMatrix.Builder? sparse = null;
        var row = new string?[n];
        var rowValues = new float[width];
        bool? sparseRows = null;
        while (state.Next() is { } line)
        {
            int number = state.Number;
            bool isSparse = line[0] == '{';
            sparseRows ??= isSparse;
            if (sparseRows == true)
            {
                sparse ??= new SparseMatrix.Builder(width);
            }
            Array.Clear(row);
            if (isSparse)
            {
                ReadSparseRow(line, row, attributes, source, number);
            }
            else
            {
                List<Field> fields = SplitFields(line, source, number);
                // A trailing {weight} is an instance weight, which Taxon does not use.
                if (fields.Count == n + 1 && fields[^1].Text.StartsWith('{'))
                {
                    fields.RemoveAt(n);
                }
                if (fields.Count != n)
                {
                    throw FieldParser.Error(source, number, $"has {fields.Count} values, but {n} attributes are declared.");
                }
                for (int a = 0; a < n; a++)
                {
                    row[a] = fields[a].Quoted || fields[a].Text != "?" ? fields[a].Text : null;
                    if (row[a] is null)
                    {
                        throw FieldParser.Error(source, number, $"attribute '{attributes[a].Name}' is missing ('?'); fill in or remove missing values first.");
                    }
                }
            }

            Array.Clear(rowValues);
            for (int a = 0; a < n; a++)
            {
                int column = layout.Column[a];
                if (column < 0 || a == layout.TextAttribute || row[a] is not { } text)
                {
                    continue;
                }
                Attribute attr = attributes[a];
                rowValues[column] = attr.Type == AttributeType.Numeric
                    ? FieldParser.Feature(text, source, number, $"attribute '{attr.Name}'")
                    : Code(attr, text, source, number);
            }
            if (layout.TextAttribute >= 0)
            {
                texts.Add(row[layout.TextAttribute] ?? "");
            }
            else if (sparse is not null)
            {
                for (int j = 0; j < width; j++)
                {
                    if (rowValues[j] != 0)
                    {
                        sparse.Add(j, rowValues[j]);
                    }
                }
                sparse.EndRow();
            }
            else
            {
                dense.AddRange(rowValues);
            }

            if (layout.MultiLabel)
            {
                var set = new List<string>();
                for (int k = 0; k < layout.LabelAttributes.Count; k++)
                {
                    Attribute attr = attributes[layout.LabelAttributes[k]];
                    string value = row[layout.LabelAttributes[k]] ?? (attr.Type == AttributeType.Nominal ? attr.Values[0] : "0");
                    if (value is not ("0" or "1"))
                    {
                        throw FieldParser.Error(source, number, $"label attribute '{attr.Name}' holds '{FieldParser.Shorten(value)}'; labels must be 0 or 1.");
                    }
                    if (value == "1")
                    {
                        set.Add(layout.LabelNames[k]);
                    }
                }
                labelSets.Add([.. set]);
            }
            else
            {
                int a = layout.LabelAttributes[0];
                Attribute attr = attributes[a];
                string? value = row[a] ?? (attr.Type == AttributeType.Nominal ? attr.Values[0] : isSparse ? "0" : null);
                if (string.IsNullOrEmpty(value))
                {
                    throw FieldParser.Error(source, number, $"the class attribute '{attr.Name}' is empty.");
                }
                if (attr.Type == AttributeType.Nominal)
                {
                    Code(attr, value, source, number);
                }
                labels.Add(attr.Type == AttributeType.Numeric ? FieldParser.CanonicalLabel(value) : value);
            }
            lines.Add(number);
        }
        if (lines.Count == 0)
        {
            throw new InvalidDataException($"{source}: the @data section holds no rows.");
        }

        LabeledData data;
        string[]? labelNames = layout.MultiLabel ? layout.LabelNames : null;
        if (layout.TextAttribute >= 0)
        {
            data = layout.MultiLabel ? LabeledData.FromTexts([.. texts], [.. labelSets], labelNames) : LabeledData.FromTexts([.. texts], [.. labels]);
        }
        else
        {
            FeatureMatrix x = sparse is not null ? sparse.Build() : new DenseMatrix([.. dense], lines.Count, width);
            data = layout.MultiLabel ? new LabeledData(x, [.. labelSets], labelNames) : new LabeledData(x, [.. labels]);
        }
        return data.WithOrigin(source, layout.FeatureNames, [.. lines]);
    }

    private static int Code(Attribute attr, string value, string source, int line)
    {
        if (!attr.Codes.TryGetValue(value, out int code))
        {
            throw FieldParser.Error(source, line,
                $"attribute '{attr.Name}' holds '{FieldParser.Shorten(value)}', which is not one of its declared values {{{string.Join(",", attr.Values.Take(12))}{(attr.Values.Length > 12 ? ",..." : "")}}}.");
        }
        return code;
    }

    private static void ReadSparseRow(string line, string?[] row, List<Attribute> attributes, string source, int number)
    {
        int close = line.IndexOf('}', StringComparison.Ordinal);
        if (close < 0)
        {
            throw FieldParser.Error(source, number, "a sparse row '{...' has no closing '}'.");
        }
        int previous = -1;
        foreach (Field field in SplitFields(line.AsSpan(1, close - 1), source, number))
        {
            string entry = field.Text;
            int space = entry.IndexOfAny([' ', '\t']);
            if (space <= 0 || !int.TryParse(entry.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out int a))
            {
                throw FieldParser.Error(source, number, $"the sparse entry '{FieldParser.Shorten(entry)}' is not 'index value'.");
            }
            if (a >= attributes.Count)
            {
                throw FieldParser.Error(source, number, $"the sparse entry '{FieldParser.Shorten(entry)}' names attribute {a}, but there are {attributes.Count} (0-based).");
            }
            if (a <= previous)
            {
                throw FieldParser.Error(source, number, $"sparse attribute index {a} follows {previous}; indices must ascend strictly.");
            }
            previous = a;
            int at = space;
            string? value = NextToken(entry, ref at, source, number);
            if (value is null || value == "?")
            {
                throw FieldParser.Error(source, number, $"attribute '{attributes[a].Name}' is missing; fill in or remove missing values first.");
            }
            row[a] = value;
        }
    }

    private readonly record struct Field(string Text, bool Quoted);

    /// <summary>Comma-separated values, each trimmed and unquoted ('a b', "c", with backslash escapes).</summary>
    private static List<Field> SplitFields(ReadOnlySpan<char> text, string source, int line)
    {
        var fields = new List<Field>();
        var current = new StringBuilder();
        int i = 0;
        while (true)
        {
            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }
            bool quoted = i < text.Length && text[i] is '\'' or '"';
            current.Clear();
            if (quoted)
            {
                char quote = text[i++];
                bool closed = false;
                while (i < text.Length)
                {
                    char c = text[i++];
                    if (c == '\\' && i < text.Length)
                    {
                        char e = text[i++];
                        current.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => e });
                    }
                    else if (c == quote)
                    {
                        closed = true;
                        break;
                    }
                    else
                    {
                        current.Append(c);
                    }
                }
                if (!closed)
                {
                    throw FieldParser.Error(source, line, $"a value starting with {quote} has no closing quote.");
                }
                while (i < text.Length && text[i] is ' ' or '\t')
                {
                    i++;
                }
                if (i < text.Length && text[i] != ',')
                {
                    throw FieldParser.Error(source, line, $"unexpected '{text[i]}' after the quoted value '{FieldParser.Shorten(current.ToString())}'.");
                }
            }
            else
            {
                int comma = text[i..].IndexOf(',');
                int end = comma < 0 ? text.Length : i + comma;
                current.Append(text[i..end].Trim());
                i = end;
            }
            if (!quoted && current.Length == 0 && (i < text.Length || fields.Count > 0))
            {
                throw FieldParser.Error(source, line, $"value {fields.Count + 1} is empty; write '?' for a missing value.");
            }
            if (quoted || current.Length > 0)
            {
                fields.Add(new Field(current.ToString(), quoted));
            }
            if (i >= text.Length)
            {
                return fields;
            }
            i++; // the comma
        }
    }

    /// <summary>The next whitespace-delimited or quoted token of <paramref name="line"/> from <paramref name="at"/>; null when none is left.</summary>
    private static string? NextToken(string line, ref int at, string source, int number)
    {
        while (at < line.Length && char.IsWhiteSpace(line[at]))
        {
            at++;
        }
        if (at >= line.Length)
        {
            return null;
        }
        if (line[at] is '\'' or '"')
        {
            char quote = line[at];
            var text = new StringBuilder();
            for (at++; at < line.Length; at++)
            {
                if (line[at] == '\\' && at + 1 < line.Length)
                {
                    text.Append(line[++at]);
                }
                else if (line[at] == quote)
                {
                    at++;
                    return text.ToString();
                }
                else
                {
                    text.Append(line[at]);
                }
            }
            throw FieldParser.Error(source, number, $"the name starting with {quote} has no closing quote.");
        }
        int start = at;
        while (at < line.Length && !char.IsWhiteSpace(line[at]) && line[at] != '{')
        {
            at++;
        }
        return line[start..at];
    }

    private static bool StartsWithKeyword(string line, string keyword) =>
        line.StartsWith(keyword, StringComparison.OrdinalIgnoreCase) && (line.Length == keyword.Length || char.IsWhiteSpace(line[keyword.Length]));
}
