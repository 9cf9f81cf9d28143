using System.Globalization;
using System.Text.Json;

namespace Taxon.Classification.Data;

/// <summary>
/// Reads JSON Lines: one object per line, blank lines skipped, unknown fields (an <c>"id"</c>) ignored. Each object
/// has the sample, as <c>"text": "..."</c> (text data) or <c>"features"</c> — an array of numbers (dense) or an
/// object from 0-based column index to number (<c>{"3": 1.5}</c>, sparse; the matrix is then a
/// <see cref="SparseMatrix"/>) — and its labels, as <c>"label": "spam"</c> (a string or a number) or
/// <c>"labels": ["a", "b"]</c> (multi-label). Every line must use the same fields. A file whose first character is
/// <c>[</c> is read as one JSON array of such objects. Invalid JSON, a missing field or a wrong type is an
/// <see cref="InvalidDataException"/> naming the file, the line and the field. <see cref="DataReaderOptions.TextColumn"/>
/// and <see cref="DataReaderOptions.LabelColumn"/> name other fields (a raw message in <c>"raw"</c>, labels in
/// <c>"tags"</c>).
/// </summary>
public static class JsonLinesReader
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

    /// <summary>Reads JSON Lines text; <paramref name="source"/> names it in messages.</summary>
    public static LabeledData Read(TextReader reader, string source, DataReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        options ??= new DataReaderOptions();
        options.Validate();
        var samples = new Samples(source, options.Columns, options.TextColumn ?? "text", options.LabelColumn);
        if (reader.Peek() == '[')
        {
            ReadArray(reader.ReadToEnd(), samples);
        }
        else
        {
            int line = 0;
            while (reader.ReadLine() is { } text)
            {
                line++;
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }
                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(text);
                }
                catch (JsonException e)
                {
                    throw FieldParser.Error(source, line, $"is not valid JSON: {e.Message}");
                }
                using (document)
                {
                    samples.Add(document.RootElement, line);
                }
            }
        }
        return samples.Build();
    }

    private static void ReadArray(string text, Samples samples)
    {
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        var json = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            json.Read();
            while (json.Read() && json.TokenType != JsonTokenType.EndArray)
            {
                int line = 1 + utf8.AsSpan(0, (int)json.TokenStartIndex).Count((byte)'\n');
                using var element = JsonDocument.ParseValue(ref json);
                samples.Add(element.RootElement, line);
            }
        }
        catch (JsonException e)
        {
            throw FieldParser.Error(samples.Source, 1 + (int)(e.LineNumber ?? 0), $"is not valid JSON: {e.Message}");
        }
    }

    /// <summary>The samples read so far, checked to agree with the first one in kind.</summary>
    private sealed class Samples(string source, int? columns, string textField, string? labelField)
    {
        private readonly List<int> _lines = [];
        private readonly List<string> _labels = [];
        private readonly List<string[]> _labelSets = [];
        private readonly List<string> _texts = [];
        private readonly List<float> _dense = [];
        private readonly SparseMatrix.Builder _sparse = new(columns ?? -1);
        private int _denseWidth = -1;
        private int _sparseWidth;
        private bool? _multiLabel;
        private Kind _kind;

        private enum Kind { Unknown, Text, Dense, Sparse }

        public string Source => source;

        public void Add(JsonElement sample, int line)
        {
            if (sample.ValueKind != JsonValueKind.Object)
            {
                throw FieldParser.Error(source, line, $"holds a JSON {sample.ValueKind.ToString().ToLowerInvariant()}, not an object like {{\"text\": \"...\", \"label\": \"...\"}}.");
            }
            ReadLabels(sample, line);
            bool hasText = sample.TryGetProperty(textField, out JsonElement text);
            bool hasFeatures = sample.TryGetProperty("features", out JsonElement features);
            if (hasText == hasFeatures)
            {
                throw FieldParser.Error(source, line, hasText
                    ? $"has both \"{textField}\" and \"features\"; a sample is one or the other."
                    : $"has neither \"{textField}\" nor \"features\".");
            }
            Kind kind = hasText ? Kind.Text : features.ValueKind == JsonValueKind.Object ? Kind.Sparse : Kind.Dense;
            if (_kind == Kind.Unknown)
            {
                _kind = kind;
            }
            else if ((_kind == Kind.Text) != (kind == Kind.Text))
            {
                throw FieldParser.Error(source, line, $"has \"{(hasText ? textField : "features")}\", but the lines before have \"{(hasText ? "features" : textField)}\"; every line must hold the same kind of sample.");
            }
            if (hasText)
            {
                _texts.Add(text.ValueKind == JsonValueKind.String ? text.GetString()! : throw FieldParser.Error(source, line, $"\"{textField}\" is a JSON {text.ValueKind.ToString().ToLowerInvariant()}, not a string."));
            }
            else if (features.ValueKind == JsonValueKind.Object)
            {
                _kind = Kind.Sparse;
                ReadSparse(features, line);
            }
            else if (features.ValueKind == JsonValueKind.Array)
            {
                ReadDense(features, line);
            }
            else
            {
                throw FieldParser.Error(source, line, "\"features\" must be an array of numbers or an object from column index to number.");
            }
            _lines.Add(line);
        }

        private void ReadLabels(JsonElement sample, int line)
        {
            JsonElement label = default, labels = default;
            bool one, many;
            if (labelField is not null)
            {
                if (!sample.TryGetProperty(labelField, out JsonElement field))
                {
                    throw FieldParser.Error(source, line, $"has no \"{labelField}\" (the label field).");
                }
                many = field.ValueKind == JsonValueKind.Array;
                one = !many;
                (label, labels) = (field, field);
            }
            else
            {
                one = sample.TryGetProperty("label", out label);
                many = sample.TryGetProperty("labels", out labels);
            }
            if (one == many)
            {
                throw FieldParser.Error(source, line, one
                    ? "has both \"label\" and \"labels\"; use \"label\" for one label or \"labels\" for a list."
                    : "has no \"label\" (one label) or \"labels\" (a list of labels).");
            }
            if (_multiLabel is bool multi && multi != many)
            {
                throw FieldParser.Error(source, line, $"has \"{(many ? "labels" : "label")}\", but the lines before have \"{(many ? "label" : "labels")}\"; a file is single-label or multi-label throughout.");
            }
            _multiLabel = many;
            if (one)
            {
                _labels.Add(LabelText(label, line, "\"label\""));
                return;
            }
            if (labels.ValueKind != JsonValueKind.Array)
            {
                throw FieldParser.Error(source, line, "\"labels\" must be an array of strings.");
            }
            var set = new List<string>();
            foreach (JsonElement l in labels.EnumerateArray())
            {
                string name = LabelText(l, line, "an entry of \"labels\"");
                if (!set.Contains(name))
                {
                    set.Add(name);
                }
            }
            _labelSets.Add([.. set]);
        }

        private string LabelText(JsonElement label, int line, string what) => label.ValueKind switch
        {
            JsonValueKind.String when label.GetString() is { Length: > 0 } s => s,
            JsonValueKind.Number => FieldParser.CanonicalLabel(label.GetRawText()),
            JsonValueKind.True or JsonValueKind.False => label.GetRawText(),
            _ => throw FieldParser.Error(source, line, $"{what} is {(label.ValueKind == JsonValueKind.String ? "empty" : "a JSON " + label.ValueKind.ToString().ToLowerInvariant())}; a label is a non-empty string or a number."),
        };

        private void ReadDense(JsonElement features, int line)
        {
            int width = features.GetArrayLength();
            if (columns is int limit && width != limit)
            {
                throw FieldParser.Error(source, line, $"\"features\" has {width} values, but {limit} columns were expected.");
            }
            if (_denseWidth < 0)
            {
                _denseWidth = width;
            }
            else if (width != _denseWidth)
            {
                throw FieldParser.Error(source, line, $"\"features\" has {width} values, but the first sample with an array has {_denseWidth}.");
            }
            int j = 0;
            foreach (JsonElement v in features.EnumerateArray())
            {
                float value = Number(v, line, $"\"features\"[{j}]");
                _dense.Add(value);
                if (value != 0)
                {
                    _sparse.Add(j, value);
                }
                j++;
            }
            _sparse.EndRow();
        }

        private void ReadSparse(JsonElement features, int line)
        {
            foreach (JsonProperty p in features.EnumerateObject())
            {
                if (!int.TryParse(p.Name, NumberStyles.None, CultureInfo.InvariantCulture, out int column))
                {
                    throw FieldParser.Error(source, line, $"\"features\" has the key '{FieldParser.Shorten(p.Name)}', which is not a 0-based column index.");
                }
                if (columns is int limit && column >= limit)
                {
                    throw FieldParser.Error(source, line, $"\"features\" has column {column}, beyond the {limit} columns expected (0-based indices).");
                }
                float value = Number(p.Value, line, $"\"features\"[\"{p.Name}\"]");
                if (value != 0)
                {
                    _sparse.Add(column, value);
                }
                _sparseWidth = Math.Max(_sparseWidth, column + 1);
            }
            _sparse.EndRow();
        }

        private float Number(JsonElement v, int line, string what) =>
            v.ValueKind == JsonValueKind.Number
                ? FieldParser.Feature(v.GetRawText(), source, line, what)
                : throw FieldParser.Error(source, line, $"{what} is a JSON {v.ValueKind.ToString().ToLowerInvariant()}, not a number.");

        public LabeledData Build()
        {
            if (_lines.Count == 0)
            {
                throw new InvalidDataException($"{source}: holds no samples.");
            }
            bool multi = _multiLabel == true;
            LabeledData data;
            if (_kind == Kind.Text)
            {
                data = multi ? LabeledData.FromTexts([.. _texts], [.. _labelSets]) : LabeledData.FromTexts([.. _texts], [.. _labels]);
            }
            else
            {
                FeatureMatrix x;
                if (_kind == Kind.Dense)
                {
                    x = new DenseMatrix([.. _dense], _lines.Count, _denseWidth);
                }
                else
                {
                    SparseMatrix built = _sparse.Build();
                    int width = columns ?? Math.Max(_denseWidth, _sparseWidth);
                    x = built.Columns == width ? built : new SparseMatrix(built.RowPointers.ToArray(), built.ColumnIndices.ToArray(), built.Values.ToArray(), width);
                }
                data = multi ? new LabeledData(x, [.. _labelSets]) : new LabeledData(x, [.. _labels]);
            }
            return data.WithOrigin(source, null, [.. _lines]);
        }
    }
}
